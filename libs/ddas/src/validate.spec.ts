import { MAX_PROBLEMS } from './problems';
import { validateDelivery } from './validate';
import { delivery, traject } from '../test/delivery';

describe('validateDelivery', () => {
  it('accepts a minimal delivery and returns it', () => {
    const r = validateDelivery(delivery([traject()]));
    expect(r.problems).toEqual([]);
    expect(r.delivery?.leveringen[0].schuldhulptrajecten).toHaveLength(1);
  });

  it('gives a Dutch reason per kind of problem, with a readable path', () => {
    const trajecten = Array.from({ length: 13 }, () => traject());
    trajecten[12] = traject({
      intake: { beschikkingsdatum: '2024-02-30', beschikkingssoort: 'Toewijzingsbeschikking' },
      totaalSchuldbedragBijAanvangSchuld: '1000',
      geheim: 'x',
      client: [{}, {}, {}],
    });
    delete (trajecten[3] as Record<string, unknown>).gemeentecode;
    const { problems, delivery: d } = validateDelivery(delivery(trajecten, { aanleverdatumEnTijd: '2024-12-31' }));
    expect(d).toBeUndefined();
    const t = 'leveringen[0].schuldhulptrajecten';
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'aanleverdatumEnTijd', message: 'geen geldige datum en tijd' },
        { path: `${t}[3].gemeentecode`, message: 'ontbreekt' },
        { path: `${t}[12]`, message: 'onbekend veld "geheim"' },
        { path: `${t}[12].totaalSchuldbedragBijAanvangSchuld`, message: 'moet een geheel getal zijn' },
        { path: `${t}[12].intake.beschikkingsdatum`, message: 'geen geldige datum' },
        {
          path: `${t}[12].intake.beschikkingssoort`,
          message: 'staat niet in de codelijst; kies uit: Afwijzingsbeschikking, Toelatingsbeschikking',
        },
        { path: `${t}[12].client`, message: 'mag hoogstens 2 elementen hebben' },
      ]),
    );
    expect(problems).toHaveLength(7);
  });

  it('never echoes a value, and names an unknown field only when the name is no personal data', () => {
    const { problems } = validateDelivery(delivery([traject({ '123456782': 1, startdatum: 'jan.jansen@example.nl' })]));
    expect(problems).toEqual([
      { path: 'leveringen[0].schuldhulptrajecten[0]', message: 'onbekend veld' },
      { path: 'leveringen[0].schuldhulptrajecten[0].startdatum', message: 'geen geldige datum' },
    ]);
  });

  it('reads null as absent and ignores $id, $schema and title; a required null is missing', () => {
    const doc = delivery([traject({ einddatum: null, aanmelding: { startdatum: '2024-01-02', einddatum: null } })], {
      $id: 'x',
      $schema: 'y',
      title: 'z',
    });
    expect(validateDelivery(doc).problems).toEqual([]);
    expect(validateDelivery(delivery([traject({ gemeentecode: null })])).problems).toEqual([
      { path: 'leveringen[0].schuldhulptrajecten[0].gemeentecode', message: 'ontbreekt' },
    ]);
    // Only at the top are $id and title ignored.
    expect(validateDelivery(delivery([traject({ title: 'x' })])).problems).toEqual([
      { path: 'leveringen[0].schuldhulptrajecten[0]', message: 'onbekend veld "title"' },
    ]);
  });

  it('gives every problem at once, at most 100', () => {
    const many = Array.from({ length: 300 }, () => traject({ startdatum: 'gisteren' }));
    const { problems } = validateDelivery(delivery(many));
    expect(problems).toHaveLength(MAX_PROBLEMS);
    expect(problems[99]).toEqual({
      path: 'leveringen[0].schuldhulptrajecten[99].startdatum',
      message: 'geen geldige datum',
    });
  });

  it('says what is wrong with something that is no delivery at all', () => {
    expect(validateDelivery([]).problems).toEqual([{ path: '', message: 'moet een object zijn' }]);
    expect(validateDelivery({}).problems.map((p) => p.path)).toEqual([
      'startdatumLevering',
      'einddatumLevering',
      'aanleverdatumEnTijd',
      'codeGegevensleverancier',
      'leveringen',
    ]);
  });
});
