import { createKey, keyFingerprint, KEY_FORMAT, parseKeyFile } from './key';
import { DdasInputError } from './errors';

describe('DDAS key file', () => {
  it('creates 32 random bytes in base64url with a fingerprint, and reads the file back', async () => {
    const key = await createKey('GM363');
    expect(key.formaat).toBe(KEY_FORMAT);
    expect(key.sleutel).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key.vingerafdruk).toMatch(/^SHA256:[0-9a-f]{16}$/);
    expect(key.gemeente).toBe('GM0363');
    expect(parseKeyFile(JSON.stringify(key))).toEqual(key);
    expect((await createKey()).sleutel).not.toBe(key.sleutel);
  });

  it('fingerprints deterministically: HMAC-SHA-256(key, "living-lab-ddas-vingerafdruk"), 16 hex', async () => {
    // Reference computed with openssl: printf living-lab-ddas-vingerafdruk | openssl dgst -sha256
    //   -mac HMAC -macopt hexkey:<32 zero bytes>  → first 16 hex characters.
    const zeros = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expect(await keyFingerprint(zeros)).toBe(`SHA256:${OPENSSL_ZERO_KEY_FINGERPRINT}`);
  });

  it.each([
    ['not JSON', 'geen JSON'],
    ['[]', 'geen JSON-object'],
    ['{"formaat":"x"}', 'formaat is niet'],
    [`{"formaat":"${KEY_FORMAT}","sleutel":"kort"}`, 'geen 32 bytes'],
    [`{"formaat":"${KEY_FORMAT}","sleutel":"${'A'.repeat(43)}"}`, 'vingerafdruk ontbreekt'],
  ])('refuses %s with a Dutch reason', (text, reason) => {
    expect(() => parseKeyFile(text)).toThrow(DdasInputError);
    expect(() => parseKeyFile(text)).toThrow(reason);
  });

  it('refuses a gemeentecode that is no CBS code', async () => {
    await expect(createKey('Onbekend')).rejects.toThrow('GM met vier cijfers');
  });
});

const OPENSSL_ZERO_KEY_FINGERPRINT = 'd6ac712d2212b525';
