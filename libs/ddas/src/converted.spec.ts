import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findIdentities, normaliseGemeentecode, validatePseudonymised } from './converted';

const valid = () => ({
  formaat: 'living-lab-ddas-pseudoniem/1',
  sleutel: 'SHA256:0123456789abcdef',
  startdatumLevering: '2024-01-01',
  einddatumLevering: '2024-12-31',
  aanleverdatumEnTijd: '2024-12-31T23:59:59Z',
  codeGegevensleverancier: 'GL987654',
  leveringen: [
    {
      teller: 1,
      gemeentecode: 'GM001',
      schuldhulptrajecten: [
        {
          deelnemer: 'D-ABCDEFGHIJKLMNOP',
          gemeentecode: 'GM001',
          intake: { startdatum: '2024-02-01', beschikkingssoort: 'Toelatingsbeschikking' },
          schulden: [{ schuldsoort: 'Zorg', aantal: 2, bedrag: 1234 }],
        },
      ],
    },
  ],
});

describe('validatePseudonymised (strict)', () => {
  it('accepts the exact shape of the contract', () => {
    expect(validatePseudonymised(valid())).toEqual({ delivery: valid(), problems: [] });
  });

  it('refuses unknown keys, a wrong format, a wrong code and a missing field, without tolerance', () => {
    const doc = valid() as Record<string, unknown> & ReturnType<typeof valid>;
    const t = doc.leveringen[0].schuldhulptrajecten[0] as Record<string, unknown>;
    t.client = [{ Burgerservicenummer: '123456782' }];
    t.deelnemer = '123456782';
    t.einddatum = null;
    doc.formaat = 'iets anders';
    delete (doc as Partial<typeof doc>).sleutel;
    const path = 'leveringen[0].schuldhulptrajecten[0]';
    expect(validatePseudonymised(doc).problems).toEqual([
      { path: 'sleutel', message: 'ontbreekt' },
      { path: 'formaat', message: 'moet "living-lab-ddas-pseudoniem/1" zijn' },
      { path, message: 'onbekend veld "client"' },
      { path: `${path}.deelnemer`, message: 'geen geldige deelnemercode (D- en 16 tekens)' },
      { path: `${path}.einddatum`, message: 'moet tekst zijn' },
    ]);
  });
});

describe('normaliseGemeentecode', () => {
  it.each([
    ['GM001', 'GM0001'],
    ['GM0363', 'GM0363'],
    [' gm363 ', 'GM0363'],
    ['Onbekend', null],
    ['GM12345', null],
    ['0363', null],
  ])('%s → %s', (raw, want) => expect(normaliseGemeentecode(raw)).toBe(want));
});

describe('findIdentities', () => {
  it('finds every identity of a raw DDAS file by key name', () => {
    const raw = JSON.parse(
      readFileSync(join(__dirname, '../../../test/fixtures/ddas-v1.0/enkelvoudigVoorbeeld.json'), 'utf8'),
    );
    const org = 'leveringen[0].aanleverende_organisatie';
    const client = 'leveringen[0].schuldhulptrajecten[0].client';
    expect(findIdentities(raw)).toEqual([
      { path: `${org}["(Statutaire) Naam"]`, kind: 'naam' },
      { path: `${org}.postcode`, kind: 'postcode' },
      { path: `${org}.contactpersonen`, kind: 'naam' },
      { path: `${org}.contactpersonen[0].email`, kind: 'email' },
      { path: `${org}.contactpersonen[0].naam`, kind: 'naam' },
      { path: `${org}.contactpersonen[0].telefoonnummer`, kind: 'telefoonnummer' },
      { path: client, kind: 'bsn' },
      { path: `${client}[0].Burgerservicenummer`, kind: 'bsn' },
      { path: `${client}[0].Geboortedatum`, kind: 'geboortedatum' },
      { path: `${client}[0].Postcode`, kind: 'postcode' },
      { path: `${client}[0].Huisnummer`, kind: 'huisnummer' },
      { path: `${client}[0].Huisnummertoevoeging`, kind: 'huisnummer' },
    ]);
  });

  it('finds identities by value under any key, and stops at the limit', () => {
    const doc = {
      a: '123456782',
      b: { c: ['mail: jan@example.nl'] },
      d: '06-12345678',
      e: '1234 AB',
      f: 123456782,
      g: '2024-01-01',
    };
    expect(findIdentities(doc)).toEqual([
      { path: 'a', kind: 'bsn' },
      { path: 'b.c[0]', kind: 'email' },
      { path: 'd', kind: 'telefoonnummer' },
      { path: 'e', kind: 'postcode' },
      { path: 'f', kind: 'bsn' },
    ]);
    expect(findIdentities(doc, 2)).toHaveLength(2);
    // A BSN in fullwidth digits (the hostile suite's disguise) is still a BSN.
    expect(findIdentities({ x: '１２３４５６７８２' })).toEqual([{ path: 'x', kind: 'bsn' }]);
  });

  it('finds nothing in a clean pseudonymised delivery', () => {
    expect(findIdentities(valid())).toEqual([]);
  });
});
