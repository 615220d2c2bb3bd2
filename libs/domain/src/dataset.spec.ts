import {
  belevingColumn,
  datasetColumns,
  datasetCsv,
  datasetDictionary,
  datasetRScript,
  dictionaryCsv,
  windowColumn,
  type DatasetRow,
} from './dataset';
import { BELEVING_ITEMS, PHASES } from './vocabulary';

const experiment = {
  key: 'proef',
  arms: [
    { key: 'controle', name: 'Zonder', weight: 1, control: true },
    { key: 'bon', name: 'Met bon', weight: 1 },
  ],
  primaryMetric: 'gereed_voor_schuldregeling',
  followUpDays: 180,
};
const metrics = ['gereed_voor_schuldregeling', 'gestabiliseerd', 'uitval'];

const row = (over: Partial<DatasetRow> = {}): DatasetRow => ({
  participantRef: 'A-1',
  gemeente: 'lindewaard',
  arm: 'bon',
  stratum: null,
  klantprofiel: 'aanpakker',
  segment: null,
  enrolledOn: '2026-01-05',
  days: 40,
  cause: 2,
  windows: { gereed_voor_schuldregeling: 0, gestabiliseerd: 0, uitval: 1 },
  beleving: { intake: { rapportcijfer: 7, waardigheid: 4, emotie: 'hoopvol' } },
  ...over,
});

describe('analysis dataset columns', () => {
  const cols = datasetColumns(experiment, metrics);

  it('has one column per fact in file order: identity, time to event, windows, klantbeleving per phase × item', () => {
    expect(cols.slice(0, 9).map((c) => c.name)).toEqual([
      'deelnemer',
      'gemeente',
      'arm',
      'stratum',
      'klantprofiel',
      'segment',
      'inschrijfdatum',
      'dagen',
      'oorzaak',
    ]);
    expect(cols.slice(9, 12).map((c) => c.name)).toEqual(metrics.map(windowColumn));
    expect(cols.length).toBe(9 + metrics.length + PHASES.length * (BELEVING_ITEMS.length + 2));
    expect(cols.map((c) => c.name)).toContain(belevingColumn('financiele_stabiliteit', 'emotie'));
    expect(new Set(cols.map((c) => c.name)).size).toBe(cols.length);
    // R and SPSS names: lower case ASCII, starting with a letter
    for (const c of cols) expect(c.name).toMatch(/^[a-z][a-z0-9_]*$/);
    const withDelivery = datasetColumns(
      { ...experiment, delivery: { bon: { kind: 'bon_uitgereikt', label: 'Bon uitgereikt', expected: 1 } } },
      metrics,
    );
    expect(withDelivery.slice(cols.length).map((c) => c.name)).toEqual(['geleverd', 'geleverd_andere_arm']);
    expect(withDelivery.at(-2)!.description).toContain('bon: bon uitgereikt (1 keer verwacht)');
  });

  it('documents every column: a Dutch description, a type, and the codes of every code column', () => {
    for (const d of datasetDictionary(cols)) {
      expect(d.description.length).toBeGreaterThan(10);
      expect(['tekst', 'geheel getal', 'datum', 'code']).toContain(d.type);
      if (d.type === 'code') expect(d.values!.length).toBeGreaterThan(0);
      expect(d).not.toHaveProperty('value');
    }
    const oorzaak = datasetDictionary(cols).find((d) => d.name === 'oorzaak')!;
    expect(oorzaak.values!.map((v) => v.code)).toEqual(['0', '1', '2', '3']);
    const arm = datasetDictionary(cols).find((d) => d.name === 'arm')!;
    expect(arm.values).toEqual([
      { code: 'controle', meaning: 'Zonder (controlegroep)' },
      { code: 'bon', meaning: 'Met bon' },
    ]);
  });

  it('writes the CSV from the same list: BOM, the dictionary names as header, ";", CRLF, empty for missing', () => {
    const csv = datasetCsv(cols, [row(), row({ participantRef: 'B-2', windows: {}, beleving: {} })]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0].split(';')).toEqual(datasetDictionary(cols).map((d) => d.name));
    const first = lines[1].split(';');
    expect(first).toHaveLength(cols.length);
    expect(first.slice(0, 12)).toEqual([
      'A-1',
      'lindewaard',
      'bon',
      '',
      'aanpakker',
      '',
      '2026-01-05',
      '40',
      '2',
      '0',
      '0',
      '1',
    ]);
    expect(first[cols.findIndex((c) => c.name === 'kb_intake_rapportcijfer')]).toBe('7');
    expect(first[cols.findIndex((c) => c.name === 'kb_intake_emotie')]).toBe('hoopvol');
    expect(first[cols.findIndex((c) => c.name === 'kb_overzicht_tempo')]).toBe('');
    expect(lines[2].split(';').slice(9, 12)).toEqual(['', '', '']);
  });

  it('neutralises formulas in text cells and writes a decimal comma', () => {
    const csv = datasetCsv(
      [...cols, { name: 'x', description: 'proef', type: 'geheel getal', value: () => 1.5 }],
      [row({ participantRef: '=HYPERLINK("http://x")', gemeente: '-1+1' })],
    );
    const line = csv.split('\r\n')[1];
    expect(line.startsWith(`"'=HYPERLINK(""http://x"")";'-1+1;`)).toBe(true);
    expect(line.endsWith(';1,5')).toBe(true);
  });

  it('writes the dictionary as CSV with the codes in one cell', () => {
    const lines = dictionaryCsv(datasetDictionary(cols)).slice(1).split('\r\n');
    expect(lines[0]).toBe('kolom;omschrijving;type;waarden');
    expect(lines.find((l) => l.startsWith('oorzaak;'))).toMatch(
      /;code;"0 = Nog geen einde.*; 1 = Gereed voor schuldregeling; 2 = Uitval; 3 = /,
    );
  });

  it('writes R commands that read only columns of the dictionary', () => {
    const r = datasetRScript(experiment, '2026-11-15');
    expect(r).toContain(
      'read.csv2(bestand, fileEncoding = "UTF-8-BOM", na.strings = "", stringsAsFactors = FALSE, colClasses = tekst)',
    );
    for (const [, name] of r.matchAll(/(\w+) = "character"/g)) expect(cols.map((c) => c.name)).toContain(name);
    expect(r).toContain('"proef-analysebestand-2026-11-15.csv"');
    expect(r).toContain('uitkomst <- "venster_gereed_voor_schuldregeling"');
    expect(r).toContain('armen <- c("bon")');
    expect(r).toContain('code <- 1 ');
    const names = new Set(cols.map((c) => c.name));
    for (const [, used] of r.matchAll(/[dt]\$([a-z_]+)/g)) if (used !== 'gebeurtenis') expect(names).toContain(used);
    expect(datasetRScript({ ...experiment, primaryMetric: 'gestabiliseerd' }, '2026-11-15')).toContain('code <- NA ');
  });
});
