import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZichtError, type OperationalDb } from '../../core/index.ts';
import { AuditLog } from './audit-log.ts';

/**
 * The audit HMAC key, never stored in the database: `$ZICHT_AUDIT_KEY` (hex, at least 64
 * characters), else the file `$ZICHT_AUDIT_KEY_FILE`, else `$ZICHT_HOME/audit.key` (made on first
 * use with mode 0600). Keep the file on another volume than the database, or pass the key from a
 * secret store through the environment (docs/deployment.md).
 */
export function loadAuditKey(home: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const hex = env['ZICHT_AUDIT_KEY'];
  if (hex !== undefined) {
    if (!/^[0-9a-fA-F]{64,}$/.test(hex))
      throw new ZichtError('INVALID_CONFIG', 'ZICHT_AUDIT_KEY must be at least 64 hexadecimal characters (32 bytes)');
    return Buffer.from(hex, 'hex');
  }
  const file = env['ZICHT_AUDIT_KEY_FILE'] ?? join(home, 'audit.key');
  if (!existsSync(file)) {
    if (env['ZICHT_AUDIT_KEY_FILE'] !== undefined)
      throw new ZichtError('INVALID_CONFIG', 'ZICHT_AUDIT_KEY_FILE names a file that does not exist');
    // Replicas sharing a home may start together: the key is written whole to a file of this
    // process, then linked into place, which fails if another process was first (then its key,
    // complete, is the one read below).
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    try {
      linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(tmp);
    }
  }
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64,}$/.test(text))
    throw new ZichtError('INVALID_CONFIG', 'the audit key file must hold at least 64 hexadecimal characters');
  return Buffer.from(text, 'hex');
}

/** The audit log of a `$ZICHT_HOME`, with its key and anchor file. */
export function openAuditLog(home: string, db: OperationalDb, env: NodeJS.ProcessEnv = process.env): AuditLog {
  return new AuditLog(db, {
    key: loadAuditKey(home, env),
    anchorFile: env['ZICHT_AUDIT_ANCHOR_FILE'] ?? join(home, 'audit-anchors.log'),
  });
}
