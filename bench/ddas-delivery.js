// A generated DDAS v1.0 delivery for bench/ddas.bench.js: `trajectories` trajectories of one
// gemeente, deterministic (seeded), shaped like a real yearly file: every client with a BSN that
// passes the elfproef plus birth date and address, 8% of them a later trajectory of an earlier
// client (heraanmelding), phases after the NVVK-referentieproces with their dates, support,
// debts with creditors, free text. 25,000 is the largest message the DDAS API allows.
'use strict';
const { isBsn } = require('@living-lab/domain');
const { mulberry32 } = require('@living-lab/seeds');

/** A BSN-shaped test value per client: the first elfproef number in the client's own 20 numbers. */
function bsn(i) {
  for (let n = 100_000_000 + i * 20; n < 100_000_020 + i * 20; n++) if (isBsn(String(n))) return String(n);
  throw new Error(`no elfproef number for client ${i}`);
}

const day = (base, plus) => new Date(base + plus * 86_400_000).toISOString().slice(0, 10);
const pickOne = (r, list) => list[Math.floor(r() * list.length)];
const BEGELEIDING = [
  'Budgetcoaching',
  'Budgetbeheer',
  'Beschermingsbewind',
  'Lange Termijn Begeleiding (DFD)',
  'Budgetbegeleiding',
];
const OPLOSSING = ['Betalingsregeling', 'Herfinanciering', 'Saneringskrediet', 'Schuldbemiddeling', '0%-aanbod'];
const UITVAL = [
  'Nietverschenen',
  'Ingetrokken',
  'Zelf',
  'Voldoet niet',
  'Niet passend',
  'Verhuisd',
  'Overleden',
  'Overig',
];
const SCHULD = ['Zorg', 'Publiek', 'Nuts', 'Overig'];

function trajectory(r, i, gemeentecode) {
  const later = i > 100 && r() < 0.08;
  const client = later ? Math.floor(r() * (i / 2)) : i;
  const base = Date.UTC(2023, 0, 1) + Math.floor(r() * 300) * 86_400_000 + (later ? 400 * 86_400_000 : 0);
  const t = {
    startdatum: day(base, 0),
    omschrijving: `Traject ${i} voor cliënt ${client}`,
    gemeentecode,
    totaalSchuldbedragBijAanvangSchuld: 1000 + Math.floor(r() * 60_000),
    aanmelding: { crisisinterventie: r() < 0.05, startdatum: day(base, 0), einddatum: day(base, 7) },
    client: [
      {
        Burgerservicenummer: bsn(client),
        Geboortedatum: day(Date.UTC(1950, 0, 1), client % 20_000),
        Geslachtsaanduiding: client % 2 ? 'Man' : 'Vrouw',
        Postcode: `${1000 + (client % 8999)}${String.fromCharCode(65 + (client % 26))}B`,
        Huisnummer: String(1 + (client % 300)),
      },
    ],
  };
  if (r() < 0.1)
    return { ...t, uitstroom: { datum: day(base, 20), reden: 'Nietverschenen', omschrijving: 'Niet gekomen' } };
  const afgewezen = r() < 0.08;
  t.intake = {
    startdatum: day(base, 14),
    einddatum: day(base, 35),
    beschikkingsdatum: day(base, 35),
    beschikkingssoort: afgewezen ? 'Afwijzingsbeschikking' : 'Toelatingsbeschikking',
  };
  if (afgewezen) return { ...t, uitstroom: { datum: day(base, 36), reden: 'Voldoet niet' } };
  if (r() < 0.3) t.begeleiding = [{ soort: pickOne(r, BEGELEIDING), startdatum: day(base, 40) }];
  t.stabilisatie = { startdatum: day(base, 40) };
  t.schulden = Array.from({ length: 1 + Math.floor(r() * 6) }, () => ({
    schuldsoort: pickOne(r, SCHULD),
    bedrag: 50 + Math.floor(r() * 5000),
    schuldeiser: { naam: `Schuldeiser ${Math.floor(r() * 500)}`, postcode: '1234AB' },
  }));
  if (r() < 0.45) {
    t.stabilisatie.einddatum = day(base, 130);
    t.schuldregeling = { datum: day(base, 140) };
    if (r() < 0.8) {
      t.schuldregeling.toegekend = day(base, 170);
      t.oplossing = { soort: pickOne(r, OPLOSSING), startdatum: day(base, 175), vtlb: 1400 + Math.floor(r() * 300) };
      if (r() < 0.5) {
        t.oplossing.einddatum = day(base, 720);
        t.uitstroom = { datum: day(base, 720), reden: 'Afgerond' };
      }
    }
  } else if (r() < 0.4) {
    t.uitstroom = { datum: day(base, 90 + Math.floor(r() * 200)), reden: pickOne(r, UITVAL), omschrijving: 'Gestopt' };
  }
  return t;
}

function generateDelivery(trajectories, { gemeentecode = 'GM0001', seed = 13 } = {}) {
  const r = mulberry32(seed);
  return {
    startdatumLevering: '2023-01-01',
    einddatumLevering: '2024-12-31',
    aanleverdatumEnTijd: '2025-01-15T09:00:00Z',
    codeGegevensleverancier: 'GLBENCH',
    leveringen: [
      {
        teller: 1,
        aanleverende_organisatie: {
          '(Statutaire) Naam': 'Schuldhulp Bench',
          gemeentecode,
          contactpersonen: [{ naam: 'Jan Jansen', email: 'jan@example.nl', telefoonnummer: '0612345678' }],
        },
        schuldhulptrajecten: Array.from({ length: trajectories }, (_, i) => trajectory(r, i, gemeentecode)),
      },
    ],
  };
}

module.exports = { generateDelivery };
