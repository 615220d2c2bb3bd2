import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  decryptSecret,
  encryptSecret,
  isEncryptedSecret,
  keyFromFile,
  MFA_KEY_FILE,
  MfaKeyFileError,
  MfaKeyMismatchError,
  newMfaKeyText,
  parseMfaKey,
} from './mfa-secret';

const KEY = Buffer.alloc(32, 3);
const OTHER = Buffer.alloc(32, 4);
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const USER = '6f1f5a2e-3c1b-4d2a-9f1e-2b8c1d0e4a11';

describe('TOTP secrets at rest (mfa-secret.ts)', () => {
  it('encrypts to v1:… that holds neither the secret nor a repeat of itself, and decrypts back', () => {
    const a = encryptSecret(SECRET, KEY, USER);
    const b = encryptSecret(SECRET, KEY, USER);
    expect(a).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(a).not.toContain(SECRET);
    expect(a).not.toBe(b); // a fresh IV each time
    expect(isEncryptedSecret(a)).toBe(true);
    expect(decryptSecret(a, KEY, USER)).toBe(SECRET);
    expect(decryptSecret(b, KEY, USER)).toBe(SECRET);
  });

  it('passes a legacy plain secret through as it is', () => {
    expect(isEncryptedSecret(SECRET)).toBe(false);
    expect(decryptSecret(SECRET, KEY, USER)).toBe(SECRET);
  });

  it('refuses another key, another account and an altered text with MfaKeyMismatchError, without the secret in the message', () => {
    const stored = encryptSecret(SECRET, KEY, USER);
    const flipped = stored.slice(0, -2) + (stored.at(-2) === 'A' ? 'B' : 'A') + stored.at(-1);
    for (const [text, key, user] of [
      [stored, OTHER, USER],
      [stored, KEY, '00000000-0000-0000-0000-000000000000'],
      [flipped, KEY, USER],
      ['v1:', KEY, USER],
    ] as const) {
      let error: unknown;
      try {
        decryptSecret(text, key, user);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MfaKeyMismatchError);
      expect((error as Error).message).not.toContain(SECRET);
    }
  });

  it('reads a key as base64 (or base64url) of exactly 32 bytes', () => {
    expect(parseMfaKey(KEY.toString('base64'))).toEqual(KEY);
    expect(parseMfaKey(` ${KEY.toString('base64url')}\n`)).toEqual(KEY);
    expect(parseMfaKey(newMfaKeyText())).toHaveLength(32);
    expect(parseMfaKey(Buffer.alloc(16).toString('base64'))).toBeUndefined();
    expect(parseMfaKey('not a key!')).toBeUndefined();
    expect(parseMfaKey('')).toBeUndefined();
  });

  describe('the key file of the embedded database', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-key-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('is created once with mode 600 and said in the log; later starts read the same key', () => {
      const log: string[] = [];
      const first = keyFromFile(dir, (m) => log.push(m));
      const file = path.join(dir, MFA_KEY_FILE);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(log).toEqual([expect.stringContaining(file)]);
      expect(log[0]).not.toContain(first.toString('base64'));
      const again: string[] = [];
      expect(keyFromFile(dir, (m) => again.push(m))).toEqual(first);
      expect(again).toEqual([]);
    });

    it('stops the start with a Dutch message when the file holds no key', () => {
      fs.writeFileSync(path.join(dir, MFA_KEY_FILE), 'kapot\n');
      expect(() => keyFromFile(dir, () => undefined)).toThrow(MfaKeyFileError);
      expect(() => keyFromFile(dir, () => undefined)).toThrow(/bevat geen geldige sleutel/);
    });
  });
});
