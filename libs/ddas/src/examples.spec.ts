import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { participantCodeForBsn } from './code';
import { findIdentities, validatePseudonymised, type PseudonymisedDelivery } from './converted';
import { createKey, type DdasKeyFile } from './key';
import { pseudonymise } from './pseudonymise';
import { validateDelivery } from './validate';

/**
 * The specification's own example deliveries (test/fixtures/ddas-v1.0, VNG-Realisatie/ddas v1.0):
 * each validates and pseudonymises, with what each must give worked out by hand from the file.
 * The codes are made with Web Crypto only (crypto.ts), so the browser gives the same output.
 */
const REF = join(__dirname, '../../../test/fixtures/ddas-v1.0');
const read = (name: string): unknown => JSON.parse(readFileSync(join(REF, name), 'utf8'));

/** Trajectories per levering, and the gemeentecode of each trajectory, read off each file. */
const EXPECTED: Record<string, { teller: number; gemeentecode: string; trajecten: string[]; bsn: string[] }[]> = {
  'enkelvoudigVoorbeeld.json': [{ teller: 1, gemeentecode: 'GM001', trajecten: ['GM001'], bsn: ['987654321'] }],
  'meervoudigVoorbeeld.json': [
    {
      teller: 1,
      gemeentecode: 'GM002',
      trajecten: ['GM002', 'GM002', 'GM003', 'GM004', 'GM005', 'GM006', 'GM007', 'GM008', 'GM009', 'GM010'],
      bsn: [
        '987654321',
        '123456789',
        '234567890',
        '345678901',
        '456789012',
        '567890123',
        '678901234',
        '789012345',
        '890123456',
        '901234567',
      ],
    },
  ],
  'meerdereLeveringenVoorbeeld.json': [
    { teller: 1, gemeentecode: 'GM111', trajecten: ['GM111'], bsn: ['123456789'] },
    { teller: 2, gemeentecode: 'GM222', trajecten: ['GM222'], bsn: ['234567890'] },
    { teller: 3, gemeentecode: 'GM333', trajecten: ['GM333'], bsn: ['345678901'] },
    { teller: 4, gemeentecode: 'GM444', trajecten: ['GM444'], bsn: ['456789012'] },
    { teller: 5, gemeentecode: 'GM555', trajecten: ['GM555'], bsn: ['567890123'] },
  ],
  'samenloopVoorbeeldDeel1.json': [
    {
      teller: 1,
      gemeentecode: 'GM111',
      trajecten: ['GM111', 'GM111', 'GM111', 'GM111', 'GM111'],
      bsn: ['123456789', '987654321', '654321987', '543219876', '432198765'],
    },
  ],
  'samenloopVoorbeeldDeel2.json': [
    {
      teller: 1,
      gemeentecode: 'GM222',
      trajecten: ['GM222', 'GM222', 'GM222', 'GM222', 'GM222'],
      bsn: ['234567890', '345678901', '456789012', '567890123', '678901234'],
    },
  ],
};

/** Every string of the input that identifies someone or is free text (house numbers are too short to search for). */
function identitiesOf(doc: unknown): string[] {
  const out: string[] = [];
  const d = doc as {
    leveringen: {
      aanleverende_organisatie: Record<string, unknown> & { contactpersonen?: Record<string, string>[] };
      schuldhulptrajecten?: {
        client?: Record<string, string>[];
        omschrijving?: string;
        uitstroom?: { omschrijving?: string };
      }[];
    }[];
  };
  for (const l of d.leveringen) {
    const o = l.aanleverende_organisatie;
    out.push(String(o['(Statutaire) Naam']), String(o['KvK-nummer']), String(o.postcode));
    for (const c of o.contactpersonen ?? []) out.push(c.naam, c.email, c.telefoonnummer);
    for (const t of l.schuldhulptrajecten ?? []) {
      for (const c of t.client ?? []) out.push(c.Burgerservicenummer, c.Geboortedatum, c.Postcode);
      if (t.omschrijving) out.push(t.omschrijving);
      if (t.uitstroom?.omschrijving) out.push(t.uitstroom.omschrijving);
    }
  }
  return out.filter(Boolean);
}

describe('the specification example deliveries', () => {
  let key: DdasKeyFile;
  const outputs = new Map<string, PseudonymisedDelivery>();
  beforeAll(async () => {
    key = await createKey();
    for (const name of Object.keys(EXPECTED)) {
      const r = await pseudonymise(read(name), key);
      expect(r.problems).toEqual([]);
      outputs.set(name, r.output!);
    }
  });

  it.each(Object.keys(EXPECTED))('%s validates and gives its leveringen, trajectories and codes', async (name) => {
    expect(validateDelivery(read(name)).problems).toEqual([]);
    const out = outputs.get(name)!;
    expect(validatePseudonymised(out).problems).toEqual([]);
    expect(out.sleutel).toBe(key.vingerafdruk);
    const want = await Promise.all(
      EXPECTED[name].map(async (l) => ({
        teller: l.teller,
        gemeentecode: l.gemeentecode,
        trajecten: l.trajecten,
        codes: await Promise.all(l.bsn.map((b) => participantCodeForBsn(key.sleutel, b))),
      })),
    );
    expect(
      out.leveringen.map((l) => ({
        teller: l.teller,
        gemeentecode: l.gemeentecode,
        trajecten: l.schuldhulptrajecten.map((t) => t.gemeentecode),
        codes: l.schuldhulptrajecten.map((t) => t.deelnemer),
      })),
    ).toEqual(want);
  });

  it.each(Object.keys(EXPECTED))('%s: no identity of the input anywhere in the output', (name) => {
    const text = JSON.stringify(outputs.get(name));
    const identities = identitiesOf(read(name));
    expect(identities.length).toBeGreaterThan(5);
    for (const s of identities) expect(text).not.toContain(s);
    expect(findIdentities(outputs.get(name))).toEqual([]);
    expect(text).not.toMatch(/client|omschrijving|schuldeiser|contactpersonen|vtlb|Burgerservicenummer/);
  });

  it('enkelvoudigVoorbeeld gives exactly this converted delivery', async () => {
    expect(outputs.get('enkelvoudigVoorbeeld.json')).toEqual({
      formaat: 'living-lab-ddas-pseudoniem/1',
      sleutel: key.vingerafdruk,
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
              deelnemer: await participantCodeForBsn(key.sleutel, '987654321'),
              gemeentecode: 'GM001',
              startdatum: '2024-01-10',
              einddatum: '2024-12-31',
              toekenningsdatum: '2024-01-05',
              totaalSchuldbedragBijAanvangSchuld: 10000,
              aanmelding: { crisisinterventie: true, startdatum: '2024-01-01', einddatum: '2024-01-15' },
              begeleiding: [{ soort: 'Budgetbeheer', startdatum: '2024-02-01', einddatum: '2024-11-30' }],
              schuldregeling: {
                datum: '2024-06-01',
                datumVerzoekDwangakkoord: '2024-06-10',
                dwangakkoord: true,
                toegekend: '2024-06-20',
              },
            },
          ],
        },
      ],
    });
  });

  it('the same BSN gets the same code in every file; the two samenloop parts share no client', () => {
    const codes = (name: string) =>
      outputs.get(name)!.leveringen.flatMap((l) => l.schuldhulptrajecten.map((t) => t.deelnemer));
    const [deel1, deel2] = [codes('samenloopVoorbeeldDeel1.json'), codes('samenloopVoorbeeldDeel2.json')];
    // BSN 123456789: samenloop part 1 first trajectory = meerdereLeveringen first = meervoudig second.
    expect(deel1[0]).toBe(codes('meerdereLeveringenVoorbeeld.json')[0]);
    expect(deel1[0]).toBe(codes('meervoudigVoorbeeld.json')[1]);
    // BSN 987654321 (with another birth date in each file: the BSN leads).
    expect(codes('enkelvoudigVoorbeeld.json')[0]).toBe(deel1[1]);
    expect(codes('meervoudigVoorbeeld.json')[0]).toBe(deel1[1]);
    // BSN 234567890: samenloop part 2 first = meerdereLeveringen second = meervoudig third.
    expect(deel2[0]).toBe(codes('meerdereLeveringenVoorbeeld.json')[1]);
    expect(deel2[0]).toBe(codes('meervoudigVoorbeeld.json')[2]);
    // The specification's samenloop files name ten different BSNs: ten different codes.
    expect(new Set([...deel1, ...deel2]).size).toBe(10);
  });

  it('another key gives other codes for the same file', async () => {
    const other = await pseudonymise(read('meervoudigVoorbeeld.json'), await createKey());
    const mine = outputs.get('meervoudigVoorbeeld.json')!.leveringen[0].schuldhulptrajecten.map((t) => t.deelnemer);
    for (const [i, t] of other.output!.leveringen[0].schuldhulptrajecten.entries())
      expect(t.deelnemer).not.toBe(mine[i]);
  });
});

describe('UitgebreidMeervoudigVoorbeeld.json (breaks its own schema)', () => {
  const doc = () => read('UitgebreidMeervoudigVoorbeeld.json');
  const beschikking = 'staat niet in de codelijst; kies uit: Afwijzingsbeschikking, Toelatingsbeschikking';

  it('after tolerance ($id/$schema/title dropped, null read as absent) gives only the six code-list problems', () => {
    // Without tolerance the schema finds 14: 3 top-level keys, 5 nulls and these 6.
    expect(validateDelivery(doc()).problems).toEqual([
      { path: 'leveringen[0].schuldhulptrajecten[0].intake.beschikkingssoort', message: beschikking },
      { path: 'leveringen[0].schuldhulptrajecten[1].intake.beschikkingssoort', message: beschikking },
      { path: 'leveringen[0].schuldhulptrajecten[2].intake.beschikkingssoort', message: beschikking },
      {
        path: 'leveringen[0].schuldhulptrajecten[2].uitstroom.reden',
        message:
          'staat niet in de codelijst; kies uit: Overleden, Verhuisd, Nietverschenen, Ingetrokken, Niet passend, Overig, Voldoet niet, Afgerond, Zelf',
      },
      { path: 'leveringen[0].schuldhulptrajecten[3].intake.beschikkingssoort', message: beschikking },
      { path: 'leveringen[0].schuldhulptrajecten[4].intake.beschikkingssoort', message: beschikking },
    ]);
  });

  it('pseudonymise refuses it with the same problems and no output', async () => {
    const r = await pseudonymise(doc(), await createKey());
    expect(r.output).toBeUndefined();
    expect(r.problems).toEqual(validateDelivery(doc()).problems);
  });

  it('with the codes corrected it converts: the nulls are absent, 5 trajectories', async () => {
    const fixed = JSON.parse(
      JSON.stringify(doc())
        .replace(/Toewijzingsbeschikking/g, 'Toelatingsbeschikking')
        .replace('"Zelfstandig verder"', '"Afgerond"'),
    );
    const r = await pseudonymise(fixed, await createKey());
    expect(r.problems).toEqual([]);
    const t = r.output!.leveringen[0].schuldhulptrajecten;
    expect(t).toHaveLength(5);
    expect(t[0]).not.toHaveProperty('einddatum');
    expect(t[1].oplossing).toEqual({ soort: 'Betalingsregeling', startdatum: '2024-04-01' });
    expect(t[2].uitstroom).toEqual({ datum: '2024-06-30', reden: 'Afgerond' });
    expect(r.output).not.toHaveProperty('$schema');
  });
});
