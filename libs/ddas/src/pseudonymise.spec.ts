import { delivery, traject } from '../test/delivery';
import { participantCodeForBsn, participantCodeForClient } from './code';
import { findIdentities, validatePseudonymised } from './converted';
import { createKey, type DdasKeyFile } from './key';
import { pseudonymise } from './pseudonymise';

describe('pseudonymise', () => {
  let key: DdasKeyFile;
  beforeAll(async () => {
    key = await createKey();
  });

  it('keeps the first client of partners, drops free text, income and creditors, and adds debts up per kind', async () => {
    const doc = delivery([
      traject({
        omschrijving: 'Jan de Vries, Dorpsstraat 1',
        client: [
          { Geboortedatum: '1970-03-04', Postcode: '1234 ab', Huisnummer: '7' },
          { Burgerservicenummer: '123456782' },
        ],
        aanmelding: { startdatum: '2024-01-02', crisisinterventie: false, notitie: 'bel 0612345678' },
        oplossing: { soort: 'Saneringskrediet', startdatum: '2024-05-01', vtlb: 1450 },
        uitstroom: { datum: '2024-09-01', reden: 'Verhuisd', omschrijving: 'naar Utrecht' },
        totaalSchuldbedragBijAanvangSchuld: 12345,
        schulden: [
          { schuldsoort: 'Zorg', bedrag: 100, schuldeiser: { naam: 'Zorgverzekeraar X', postcode: '9999ZZ' } },
          { schuldsoort: 'Publiek', bedrag: 2500, peildatum: '2024-01-02', zakelijkeSchuld: false },
          { schuldsoort: 'Zorg', bedrag: 250 },
          { schuldsoort: 'Nuts' },
          { bedrag: 40 },
        ],
      }),
    ]);
    const { output, problems } = await pseudonymise(doc, key);
    expect(problems).toEqual([]);
    const first = await participantCodeForClient(key.sleutel, {
      Geboortedatum: '1970-03-04',
      Postcode: '1234AB',
      Huisnummer: '7',
    });
    expect(output!.leveringen[0].schuldhulptrajecten).toEqual([
      {
        deelnemer: first,
        gemeentecode: 'GM0363',
        aanmelding: { startdatum: '2024-01-02', crisisinterventie: false },
        oplossing: { soort: 'Saneringskrediet', startdatum: '2024-05-01' },
        uitstroom: { datum: '2024-09-01', reden: 'Verhuisd' },
        totaalSchuldbedragBijAanvangSchuld: 12345,
        schulden: [
          { schuldsoort: 'Zorg', aantal: 2, bedrag: 350 },
          { schuldsoort: 'Publiek', aantal: 1, bedrag: 2500 },
          { schuldsoort: 'Nuts', aantal: 1 },
          { aantal: 1, bedrag: 40 },
        ],
      },
    ]);
    expect(first).not.toBe(await participantCodeForBsn(key.sleutel, '123456782'));
    expect(validatePseudonymised(output).problems).toEqual([]);
    expect(findIdentities(output)).toEqual([]);
    expect(JSON.stringify(output)).not.toMatch(
      /Vries|Dorpsstraat|0612345678|Utrecht|1450|Zorgverzekeraar|9999ZZ|1970-03-04/,
    );
  });

  it('refuses trajectories without a usable client identity, each with its path, and writes nothing', async () => {
    const doc = delivery([
      traject(),
      traject({ client: [{ Geboortedatum: '1980-01-01', Postcode: '1234AB' }] }),
      traject({ client: undefined }),
      traject({ client: [{ Burgerservicenummer: 'onbekend' }] }),
    ]);
    const { output, problems } = await pseudonymise(doc, key);
    expect(output).toBeUndefined();
    const reason = 'geen cliënt met een burgerservicenummer (9 cijfers) of met geboortedatum, postcode en huisnummer';
    expect(problems).toEqual(
      [1, 2, 3].map((i) => ({ path: `leveringen[0].schuldhulptrajecten[${i}].client`, message: reason })),
    );
  });

  it('reports progress from 0 to the total, in order', async () => {
    const calls: [number, number][] = [];
    const doc = delivery(Array.from({ length: 1200 }, () => traject()));
    await pseudonymise(doc, key, (done, total) => calls.push([done, total]));
    expect(calls).toEqual([
      [0, 1200],
      [500, 1200],
      [1000, 1200],
      [1200, 1200],
    ]);
  });

  it('refuses a key file whose fingerprint does not belong to its key', async () => {
    const other = await createKey();
    await expect(pseudonymise(delivery([traject()]), { ...key, vingerafdruk: other.vingerafdruk })).rejects.toThrow(
      'de vingerafdruk hoort niet bij de sleutel',
    );
  });
});
