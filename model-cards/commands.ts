import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ZichtError,
  openOperationalDb,
  choiceOption,
  requireArg,
  stringOption,
  type Command,
  type CommandContext,
} from '../core/index.ts';
import { FeatureStore, levelOf } from '../features/index.ts';
import { ModelRegistry, parseModelRef } from '../training/index.ts';
import { diffCards, renderDiffMarkdown } from './diff.ts';
import { DECISIONS, Governance } from './governance.ts';
import { readGovernanceFile } from './governance-file.ts';
import { algoritmeregisterExport, renderHtml, renderMarkdown, type CardLang } from './render.ts';

function withGov<T>(ctx: CommandContext, fn: (g: Governance, r: ModelRegistry) => T): T {
  const db = openOperationalDb(ctx.home);
  try {
    const r = new ModelRegistry(db, ctx.home);
    return fn(new Governance(db, r, ctx.home), r);
  } finally {
    db.close();
  }
}

function lang(ctx: CommandContext): CardLang {
  const l = stringOption(ctx, 'lang') ?? 'nl';
  if (l !== 'nl' && l !== 'en') throw new ZichtError('BAD_ARGUMENT', `--lang must be nl or en, got '${l}'`);
  return l;
}

/** Boundaries of the scored level and vintage, for the card's map. */
export async function cardGeometry(
  home: string,
  vintage: number,
  level: string,
): Promise<{ code: string; geometry: unknown }[]> {
  const store = await FeatureStore.open(home);
  try {
    return (await store.boundaries(vintage)).filter((b) => levelOf(b.code) === level);
  } finally {
    store.close();
  }
}

const card: Command = {
  words: ['card'],
  summary: 'the model card of a version (Markdown, HTML with charts, or JSON; Dutch or English)',
  usage: 'zicht card <name@version> [--format md|html|json] [--lang nl|en] [--out FILE] [--governance FILE]',
  options: {
    format: { type: 'string' },
    lang: { type: 'string' },
    out: { type: 'string' },
    governance: { type: 'string' },
  },
  async run(ctx) {
    const ref = parseModelRef(requireArg(ctx, 0, 'name@version', this.usage));
    const format = stringOption(ctx, 'format') ?? 'md';
    if (!['md', 'html', 'json'].includes(format))
      throw new ZichtError('BAD_ARGUMENT', `--format must be md, html or json, got '${format}'`);
    const gov = stringOption(ctx, 'governance');
    const c = withGov(ctx, (g) =>
      g.card(ref.name, ref.version, { municipality: null }, gov ? readGovernanceFile(gov) : undefined),
    );
    const text =
      format === 'json'
        ? JSON.stringify(c, null, 2)
        : format === 'md'
          ? renderMarkdown(c, lang(ctx))
          : renderHtml(c, lang(ctx), await cardGeometry(ctx.home, c.datasheet.vintage, c.datasheet.level));
    const out = stringOption(ctx, 'out');
    if (out) {
      writeFileSync(resolve(out), text);
      ctx.log(
        `wrote ${resolve(out)}${c.completeness.complete ? '' : ` — incomplete: ${c.completeness.missing.join(', ')}`}`,
      );
    } else if (!ctx.json) ctx.log(text);
    return c;
  },
};

const cardDiff: Command = {
  words: ['card', 'diff'],
  summary: "what changed between two versions' cards, and why it matters",
  usage: 'zicht card diff <name@version> <name@version>',
  async run(ctx) {
    const a = parseModelRef(requireArg(ctx, 0, 'a', this.usage)),
      b = parseModelRef(requireArg(ctx, 1, 'b', this.usage));
    return withGov(ctx, (g) => {
      const ca = g.card(a.name, a.version),
        cb = g.card(b.name, b.version);
      const changes = diffCards(ca, cb);
      ctx.log(renderDiffMarkdown(ca, cb, changes));
      return changes;
    });
  },
};

const cardRegister: Command = {
  words: ['card', 'export-register'],
  summary: 'export a version in the Algoritmeregister format (JSON)',
  usage: 'zicht card export-register <name@version>',
  async run(ctx) {
    const ref = parseModelRef(requireArg(ctx, 0, 'name@version', this.usage));
    const r = withGov(ctx, (g) => algoritmeregisterExport(g.card(ref.name, ref.version)));
    ctx.log(JSON.stringify(r, null, 2));
    return r;
  },
};

const review: Command = {
  words: ['review'],
  summary: 'record an ethics-board review (approve, reject, request changes)',
  usage:
    'zicht review <name@version> --decision approve|reject|request-changes --reviewer NAME --role ROLE --rationale TEXT [--override verdict|success-criteria|fairness ...]',
  help:
    'An approval needs a complete card, a verdict of beats-baselines, the success criteria met and no group outside the fairness band. ' +
    'An ethics board that approves a version failing one of these must override it explicitly (--override, repeatable) with a rationale of at least 40 characters; ' +
    'the override is shown on the card and in the register export.',
  options: {
    override: { type: 'string', multiple: true },
    decision: { type: 'string' },
    reviewer: { type: 'string' },
    role: { type: 'string' },
    rationale: { type: 'string' },
  },
  async run(ctx) {
    const ref = parseModelRef(requireArg(ctx, 0, 'name@version', this.usage));
    const decision = choiceOption(ctx, 'decision', DECISIONS),
      reviewer = stringOption(ctx, 'reviewer');
    if (!decision || !reviewer)
      throw new ZichtError('BAD_ARGUMENT', `--decision and --reviewer are required. Usage: ${this.usage}`);
    const r = withGov(ctx, (g) =>
      g.review({
        name: ref.name,
        version: ref.version,
        decision,
        reviewer,
        role: stringOption(ctx, 'role') ?? 'ethics_board',
        rationale: stringOption(ctx, 'rationale') ?? '',
        overrides: (ctx.options['override'] as string[] | undefined) ?? [],
      }),
    );
    ctx.log(`${ref.name}@${ref.version}: ${r.review.decision} by ${r.review.reviewer} → status ${r.status}`);
    return r;
  },
};

const promote: Command = {
  words: ['promote'],
  summary: 'promote an approved version with a complete card to production',
  usage: 'zicht promote <name@version> [--by NAME]',
  options: { by: { type: 'string' } },
  async run(ctx) {
    const ref = parseModelRef(requireArg(ctx, 0, 'name@version', this.usage));
    const v = withGov(ctx, (g) => g.promote(ref.name, ref.version, stringOption(ctx, 'by') ?? 'admin'));
    ctx.log(
      `${v.name}@${v.version} is now in production (a running zicht serve switches to it within a second, without a restart)`,
    );
    return { name: v.name, version: v.version, status: v.status };
  },
};

const retire: Command = {
  words: ['retire'],
  summary: 'retire a version',
  usage: 'zicht retire <name@version> [--by NAME]',
  options: { by: { type: 'string' } },
  async run(ctx) {
    const ref = parseModelRef(requireArg(ctx, 0, 'name@version', this.usage));
    const v = withGov(ctx, (g) => g.retire(ref.name, ref.version, stringOption(ctx, 'by') ?? 'admin'));
    ctx.log(`${v.name}@${v.version} retired`);
    return { name: v.name, version: v.version, status: v.status };
  },
};

/** CLI commands owned by model-cards/. */
export const modelCardsCommands: readonly Command[] = [card, cardDiff, cardRegister, review, promote, retire];
