import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * TOTP secrets at rest (user_totp.secret): AES-256-GCM under the MFA key (LAB_MFA_KEY, or the key
 * file of the embedded database). Stored as `v1:<base64url of iv | ciphertext | tag>` with the
 * account's id as additional data, so a stored secret cannot be copied to another account. Each
 * write has a fresh 96-bit IV. A secret without the `v1:` prefix is a legacy plain one (base32,
 * from before migration 1764987000000): it still works and is encrypted on its first use (and at
 * every start, see MfaService.encryptLegacySecrets).
 *
 * What this protects: the secret in the database, its backups and anything that can read the
 * table (a database reader, a dump) is useless without the key, which is never in the database.
 * What it does not: whoever can read the key (the app's environment or its key file) and the
 * database together. Rotating the key is not built: today a new key means every account sets up
 * its second factor again (see README, Configuration: LAB_MFA_KEY).
 */

export const MFA_KEY_BYTES = 32;
/** The key file beside the embedded PostgreSQL's data directory (the folder of pg-password). */
export const MFA_KEY_FILE = 'mfa-key';

const PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The stored secret is encrypted (format v1); otherwise it is a legacy plain one. */
export const isEncryptedSecret = (stored: string): boolean => stored.startsWith(PREFIX);

/** The secret (base32 text) as stored: `v1:…`, bound to the account `userId`. */
export function encryptSecret(secret: string, key: Buffer, userId: string): string {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(userId, 'utf8'));
  const data = Buffer.concat([iv, c.update(secret, 'utf8'), c.final(), c.getAuthTag()]);
  return PREFIX + data.toString('base64url');
}

/** The stored secret cannot be opened with this key (another key, or altered, or moved to another account). */
export class MfaKeyMismatchError extends Error {
  constructor(readonly userId: string) {
    super(
      `The TOTP secret of account ${userId} cannot be decrypted with this MFA key ` +
        '(LAB_MFA_KEY, or the mfa-key file beside the embedded database): another key encrypted it, or it was altered.',
    );
    this.name = 'MfaKeyMismatchError';
  }
}

/** The plain secret (base32 text) of a stored one: decrypted when v1, as it is when legacy. */
export function decryptSecret(stored: string, key: Buffer, userId: string): string {
  if (!isEncryptedSecret(stored)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES + 1) throw new MfaKeyMismatchError(userId);
  try {
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    d.setAAD(Buffer.from(userId, 'utf8'));
    d.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([d.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), d.final()]).toString('utf8');
  } catch {
    throw new MfaKeyMismatchError(userId);
  }
}

/** A key as written in LAB_MFA_KEY or the key file: base64 (or base64url) of exactly 32 bytes; undefined when not. */
export function parseMfaKey(text: string): Buffer | undefined {
  const s = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) return undefined;
  const key = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === MFA_KEY_BYTES ? key : undefined;
}

/** A new key as the text of LAB_MFA_KEY or the key file. */
export const newMfaKeyText = (): string => randomBytes(MFA_KEY_BYTES).toString('base64');

/**
 * The key of the embedded database (no LAB_MFA_KEY): read from `dir/mfa-key`, or created there
 * (mode 600) on the first start. `dir` is the folder that holds the cluster and its pg-password,
 * so a copy of that folder keeps its key; a backup file does not hold it (README).
 */
export function keyFromFile(dir: string, log: (m: string) => void): Buffer {
  const file = path.join(dir, MFA_KEY_FILE);
  try {
    fs.writeFileSync(file, newMfaKeyText() + '\n', { mode: 0o600, flag: 'wx' });
    fs.chmodSync(file, 0o600); // whatever the umask
    log(
      `No LAB_MFA_KEY: created a new key for the TOTP secrets in ${file} (mode 600). ` +
        'Keep it with the database: without it, accounts must set up their second factor again.',
    );
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const key = parseMfaKey(fs.readFileSync(file, 'utf8'));
  if (!key)
    throw new MfaKeyFileError(
      `${file} bevat geen geldige sleutel (base64 van ${MFA_KEY_BYTES} bytes). Zet de juiste sleutel terug, of zet LAB_MFA_KEY.`,
    );
  return key;
}

/** The key file is there but unreadable as a key: the start stops with this (Dutch) message. */
export class MfaKeyFileError extends Error {}
