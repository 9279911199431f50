import {
  ExitWith,
  ZichtError,
  intOption,
  openOperationalDb,
  requireArg,
  stringOption,
  type Command,
  type CommandContext,
} from '../core/index.ts';
import { openAuditLog } from './audit/audit-key.ts';
import { TokenStore } from './auth/tokens.ts';

function withDb<T>(ctx: CommandContext, fn: (db: ReturnType<typeof openOperationalDb>) => T): T {
  const db = openOperationalDb(ctx.home);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const tokenCreate: Command = {
  words: ['token', 'create'],
  summary: 'issue an API token (shown once; stored hashed)',
  usage:
    'zicht token create --role marine|analyst|data_scientist|ethics_board|admin [--municipality GMxxxx] [--name N]',
  options: { role: { type: 'string' }, municipality: { type: 'string' }, name: { type: 'string' } },
  async run(ctx) {
    const role = stringOption(ctx, 'role');
    if (!role) throw new ZichtError('BAD_ARGUMENT', `--role is required. Usage: ${this.usage}`);
    const m = stringOption(ctx, 'municipality');
    const name = stringOption(ctx, 'name');
    const t = withDb(ctx, (db) =>
      new TokenStore(db).create({ role, municipality: m ?? null, ...(name ? { name } : {}) }),
    );
    ctx.log(`token ${t.id} (${role}${m ? `, ${m}` : ''}) — keep it secret, it is shown only now:\n${t.token}`);
    return t;
  },
};

const tokenList: Command = {
  words: ['token', 'list'],
  summary: 'list tokens (never their secrets)',
  usage: 'zicht token list',
  async run(ctx) {
    const list = withDb(ctx, (db) => new TokenStore(db).list());
    for (const t of list)
      ctx.log(
        `${t.tokenId}  ${t.role.padEnd(14)} ${(t.municipality ?? '').padEnd(7)} ${t.name}${t.revokedAt ? `  (revoked ${t.revokedAt})` : ''}`,
      );
    return list.map((t) => ({
      id: t.tokenId,
      role: t.role,
      municipality: t.municipality,
      name: t.name,
      createdAt: t.createdAt,
      revokedAt: t.revokedAt,
    }));
  },
};

const tokenRevoke: Command = {
  words: ['token', 'revoke'],
  summary: 'revoke a token',
  usage: 'zicht token revoke <id>',
  async run(ctx) {
    const id = requireArg(ctx, 0, 'id', this.usage);
    withDb(ctx, (db) => new TokenStore(db).revoke(id));
    ctx.log(`revoked ${id}`);
    return { id, revoked: true };
  },
};

const auditVerify: Command = {
  words: ['audit', 'verify'],
  summary: 'check the audit log hash chain (fails on any altered or deleted entry)',
  usage: 'zicht audit verify',
  async run(ctx) {
    const r = withDb(ctx, (db) => openAuditLog(ctx.home, db, ctx.env).verify());
    if (!r.ok) {
      process.stderr.write(`zicht: audit log verification FAILED after ${r.entries} good entries: ${r.reason}\n`);
      return new ExitWith(
        { ok: false, entries: r.entries, firstBadId: r.firstBadId ?? null, reason: r.reason ?? null },
        1,
      );
    }
    ctx.log(
      `audit log intact: ${r.entries} entries, HMAC chain and head checked against ${r.anchors} anchors; head ${r.headHash}`,
    );
    return { ok: r.ok, entries: r.entries, headHash: r.headHash, anchors: r.anchors };
  },
};

const auditList: Command = {
  words: ['audit', 'list'],
  summary: 'latest audit entries',
  usage: 'zicht audit list [--limit N]',
  options: { limit: { type: 'string' } },
  async run(ctx) {
    const rows = withDb(ctx, (db) =>
      openAuditLog(ctx.home, db, ctx.env).list({ limit: intOption(ctx, 'limit', 20, { min: 1 }) }),
    );
    for (const r of rows)
      ctx.log(
        `${r.id} ${r.at} ${r.tokenId} ${r.role} ${r.route} ${r.areas.join(',')} ${r.model ?? ''}${r.purpose ? ` purpose=${r.purpose}` : ''}`,
      );
    return rows;
  },
};

const auditPrune: Command = {
  words: ['audit', 'prune'],
  summary: 'delete entries older than the retention period (≥ 183 days)',
  usage: 'zicht audit prune [--days 183]',
  options: { days: { type: 'string' } },
  async run(ctx) {
    const days = intOption(ctx, 'days', 183);
    if (days < 183) throw new ZichtError('BAD_ARGUMENT', '--days must be at least 183 (six months)');
    const n = withDb(ctx, (db) => openAuditLog(ctx.home, db, ctx.env).prune(days));
    ctx.log(`pruned ${n} entries older than ${days} days; the chain stays verifiable from the checkpoint`);
    return { pruned: n, days };
  },
};

const auditAnchor: Command = {
  words: ['audit', 'anchor'],
  summary: 'append the audit head to the anchor file and print it (for an external notary)',
  usage: 'zicht audit anchor',
  help: 'Prints the anchor line: the last entry, its MAC, the count and the prune checkpoint, MACed with the audit key. Keep copies outside this machine; zicht audit verify checks the log against every anchor in $ZICHT_HOME/audit-anchors.log.',
  async run(ctx) {
    const line = withDb(ctx, (db) => openAuditLog(ctx.home, db, ctx.env).anchor());
    ctx.log(line);
    return JSON.parse(line) as unknown;
  },
};

/** CLI commands owned by serving/ (serve is added by the runtime). */
export const servingCommands: readonly Command[] = [
  tokenCreate,
  tokenList,
  tokenRevoke,
  auditVerify,
  auditList,
  auditPrune,
  auditAnchor,
];
