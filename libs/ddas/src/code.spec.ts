import fc from 'fast-check';
import { isBsn } from '@living-lab/domain';
import { normaliseBsn, PARTICIPANT_CODE, participantCodeForBsn, participantCodeForClient } from './code';
import { createKey } from './key';

/** 32 zero bytes: a fixed key, so the codes below can be computed outside this code. */
const ZERO_KEY = 'A'.repeat(43);

describe('participant codes', () => {
  it('are D- + 16 base32 characters of HMAC-SHA-256(key, typed identity)', async () => {
    // References computed with openssl and Python, independent of this package:
    //   printf 'bsn:012345672' | openssl dgst -sha256 -mac HMAC -macopt hexkey:00…00 (32 bytes),
    //   then 'D-' + base64.b32encode(first 10 bytes).
    expect(await participantCodeForBsn(ZERO_KEY, '12345672')).toBe('D-3P5BOCZHJASABGYD');
    expect(await participantCodeForBsn(ZERO_KEY, '012345672')).toBe('D-3P5BOCZHJASABGYD');
    expect(await participantCodeForBsn(ZERO_KEY, '0123.45.672')).toBe('D-3P5BOCZHJASABGYD');
    // printf 'adres:1980-05-01|5678CD|10|A' | openssl … (birth date, postcode upper without space, number, addition)
    const byAddress = { Geboortedatum: '1980-05-01', Postcode: '5678 cd', Huisnummer: '10', Huisnummertoevoeging: 'a' };
    expect(await participantCodeForClient(ZERO_KEY, byAddress)).toBe('D-SNIIAIPFLTKP3QWN');
  });

  it('use the BSN when present, else the address; null without either', async () => {
    const withBsn = {
      Burgerservicenummer: '012345672',
      Geboortedatum: '1980-05-01',
      Postcode: '5678CD',
      Huisnummer: '10',
    };
    expect(await participantCodeForClient(ZERO_KEY, withBsn)).toBe('D-3P5BOCZHJASABGYD');
    expect(await participantCodeForClient(ZERO_KEY, { Geboortedatum: '1980-05-01', Postcode: '5678CD' })).toBeNull();
    expect(await participantCodeForClient(ZERO_KEY, { Geslachtsaanduiding: 'Man' })).toBeNull();
    expect(await participantCodeForClient(ZERO_KEY, { Burgerservicenummer: 'onbekend' })).toBeNull();
  });

  it('refuses a BSN that is not 1 to 9 digits', async () => {
    expect(normaliseBsn('1234567890')).toBeNull();
    expect(normaliseBsn('000000000')).toBeNull();
    await expect(participantCodeForBsn(ZERO_KEY, '12a')).rejects.toThrow('negen cijfers');
  });

  it('same BSN and key → same code; another key → another code; a code never passes the elfproef', async () => {
    const [a, b] = [(await createKey()).sleutel, (await createKey()).sleutel];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 999_999_999 }), async (n) => {
        const bsn = String(n).padStart(9, '0');
        const code = await participantCodeForBsn(a, bsn);
        expect(code).toMatch(PARTICIPANT_CODE);
        expect(isBsn(code)).toBe(false);
        expect(await participantCodeForBsn(a, bsn)).toBe(code);
        expect(await participantCodeForBsn(b, bsn)).not.toBe(code);
      }),
      { numRuns: 20_000 },
    );
  });
});
