import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { runAsSystem } from '../../libs/db/src';
import { datasetRScript, type DatasetDictionaryEntry, type ExperimentResults } from '@living-lab/domain';
import type { DemoSeed } from '@living-lab/seeds';
import { ResultsRepository } from '../../apps/api/src/results/results.repository';
import { SeedService } from '../../apps/api/src/seed/seed.service';
import { startTestApp, type TestApp } from '../helpers/app';
import { referenceCohort } from '../helpers/reference-cohort';
import { validDefinition } from '../helpers/builders';

/** The CSV as rows of named cells (BOM off, `;`, CRLF; no field in these tests needs quotes). */
function parseCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header, ...lines] = text.slice(1).replace(/\r\n$/, '').split('\r\n');
  const cols = header.split(';');
  return { header: cols, rows: lines.map((l) => Object.fromEntries(l.split(';').map((v, i) => [cols[i], v]))) };
}

const csvText = (res: { text?: string; body: unknown }) =>
  res.text ?? (Buffer.isBuffer(res.body) ? res.body.toString('utf8') : String(res.body));

const binary = (res: import('supertest').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('analysis dataset of a small experiment, against the facts', () => {
  const KEY = 'analyse-proef';
  const asOf = '2026-09-30';
  let t: TestApp;
  let pl: { Authorization: string };
  let apiRef: { arm: string };

  beforeAll(async () => {
    t = await startTestApp();
    pl = await t.auth('projectleider');
    const created = await t.http
      .post('/api/v1/experiments')
      .set(pl)
      .send(
        validDefinition(KEY, {
          randomization: 'permuted_blocks',
          followUpDays: 90,
          secondaryMetrics: ['uitval', 'gestabiliseerd', 'rapportcijfer'],
          delivery: { coach: { kind: 'coach_bezoek', label: 'Bezoek van de coach', expected: 3 } },
        }),
      );
    expect(created.status).toBe(201);
    expect((await t.http.patch(`/api/v1/experiments/${KEY}`).set(pl).send({ status: 'running' })).status).toBe(200);
    // one enrolment through the API: its arm is drawn in its stratum (allocation log)
    const enrolled = await t.http
      .post(`/api/v1/experiments/${KEY}/enrolments`)
      .set(await t.auth('admin'))
      .send({ gemeente: 'lindewaard', participantRef: 'L-API', enrolledOn: '2026-06-01' });
    expect(enrolled.status).toBe(201);
    apiRef = enrolled.body;
    // the rest with known arms and facts
    const P = (gemeente: string, participantRef: string, klantprofiel?: string) => ({
      gemeente,
      participantRef,
      klantprofiel,
    });
    const E = (gemeente: string, participantRef: string, arm: string, enrolledOn: string) => ({
      experiment: KEY,
      gemeente,
      participantRef,
      arm,
      enrolledOn,
    });
    const V = (gemeente: string, participantRef: string, milestone: string, occurredOn: string, reason?: string) => ({
      gemeente,
      participantRef,
      milestone,
      occurredOn,
      reason,
    });
    const seed: DemoSeed = {
      gemeenten: [],
      users: [],
      participants: [
        P('lindewaard', 'L-1', 'aanpakker'),
        P('lindewaard', 'L-2'),
        P('lindewaard', '@SUM(A1)'),
        P('veenhoven', 'V-1'),
        P('veenhoven', 'V-2'),
        P('veenhoven', 'V-3'),
        P('veenhoven', 'V-4'),
      ],
      enrolments: [
        E('lindewaard', 'L-1', 'controle', '2026-02-01'),
        E('lindewaard', 'L-2', 'coach', '2026-02-10'),
        E('lindewaard', '@SUM(A1)', 'coach', '2026-03-01'),
        E('veenhoven', 'V-1', 'controle', '2026-04-01'),
        E('veenhoven', 'V-2', 'coach', '2026-08-01'),
        E('veenhoven', 'V-3', 'controle', '2026-09-10'),
        E('veenhoven', 'V-4', 'coach', '2026-10-10'),
      ],
      events: [
        V('lindewaard', 'L-1', 'gereed_voor_schuldregeling', '2026-03-15'),
        V('lindewaard', 'L-2', 'uitval', '2026-03-01', 'zelf_ingetrokken'),
        V('lindewaard', 'L-2', 'gereed_voor_schuldregeling', '2026-05-01'),
        V('lindewaard', '@SUM(A1)', 'langdurige_stabilisatie', '2026-04-01'),
        V('lindewaard', '@SUM(A1)', 'gereed_voor_schuldregeling', '2026-08-01'),
        V('veenhoven', 'V-2', 'andere_uitstroom', '2026-08-20'),
        V('veenhoven', 'V-3', 'gereed_voor_schuldregeling', '2026-10-05'),
      ],
      beleving: [
        {
          gemeente: 'lindewaard',
          participantRef: 'L-1',
          phase: 'intake',
          measuredOn: '2026-02-03',
          rapportcijfer: 7,
          tempo: 4,
          emotie: 'hoopvol',
        },
        {
          gemeente: 'lindewaard',
          participantRef: 'L-1',
          phase: 'intake',
          measuredOn: '2026-02-20',
          rapportcijfer: 3,
          emotie: 'angst',
        },
        {
          gemeente: 'lindewaard',
          participantRef: 'L-1',
          phase: 'overzicht',
          measuredOn: '2026-10-01',
          rapportcijfer: 9,
        },
        {
          gemeente: 'veenhoven',
          participantRef: 'V-1',
          phase: 'overzicht',
          measuredOn: '2026-05-01',
          waardigheid: 2,
          emotie: 'moedeloos',
        },
      ],
    } as DemoSeed;
    await t.admin.transaction((m) => t.app.get(SeedService).insertCohort(m, seed));
    // fidelity: deliveries of the coach arm's intervention (one after asOf), one to a control participant
    const [{ id: user }] = await t.admin.query("SELECT id FROM app_user WHERE username = 'medewerker-lindewaard'");
    for (const [ref, on] of [
      ['L-2', '2026-02-15'],
      ['L-2', '2026-10-01'],
      ['L-1', '2026-02-20'],
    ])
      await t.admin.query(
        `INSERT INTO intervention_delivery (participant_id, experiment_key, kind, delivered_on, source, recorded_by)
         SELECT p.id, $1, 'coach_bezoek', $3, 'api', $4 FROM participant p WHERE p.participant_ref = $2`,
        [KEY, ref, on, user],
      );
  });
  afterAll(async () => {
    await t?.close();
  });

  const download = (query: string, headers = pl) =>
    t.http.get(`/api/v1/experiments/${KEY}/dataset${query}`).set(headers);

  it('gives one row per enrolment up to asOf with time to event, cause, window outcomes and first scores', async () => {
    const res = await download(`?asOf=${asOf}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${KEY}-analysebestand-${asOf}.csv"`);
    const { header, rows } = parseCsv(csvText(res));
    expect(header.slice(0, 12)).toEqual([
      'deelnemer',
      'gemeente',
      'arm',
      'stratum',
      'klantprofiel',
      'segment',
      'inschrijfdatum',
      'dagen',
      'oorzaak',
      'venster_gereed_voor_schuldregeling',
      'venster_uitval',
      'venster_gestabiliseerd',
    ]);
    const pick = (r: Record<string, string>) =>
      [
        r.deelnemer,
        r.gemeente,
        r.arm,
        r.stratum,
        r.inschrijfdatum,
        r.dagen,
        r.oorzaak,
        r.venster_gereed_voor_schuldregeling,
        r.venster_uitval,
        r.venster_gestabiliseerd,
      ].join(' ');
    expect(rows.map(pick)).toEqual([
      // a code that would start a formula is neutralised as in every export
      "'@SUM(A1) lindewaard coach  2026-03-01 153 1 0 0 1", // langdurige stabilisatie is no end; gereed after 153 days, outside the 90-day window
      'L-1 lindewaard controle  2026-02-01 42 1 1 0 1',
      'L-2 lindewaard coach  2026-02-10 19 2 1 1 1', // uitval first; the later gereed is still within the window (windowCounts)
      `L-API lindewaard ${apiRef.arm} lindewaard 2026-06-01 121 0 0 0 0`,
      'V-1 veenhoven controle  2026-04-01 182 0 0 0 0', // censored at asOf
      'V-2 veenhoven coach  2026-08-01 19 3   ', // ander einde; follow-up not complete: windows empty
      'V-3 veenhoven controle  2026-09-10 20 0   ', // gereed after asOf: censored
    ]);
    const l1 = rows.find((r) => r.deelnemer === 'L-1')!;
    expect([
      l1.klantprofiel,
      l1.kb_intake_rapportcijfer,
      l1.kb_intake_tempo,
      l1.kb_intake_emotie,
      l1.kb_intake_waardigheid,
    ]).toEqual([
      'aanpakker',
      '7', // the first intake score, not the later 3
      '4',
      'hoopvol',
      '',
    ]);
    expect(l1.kb_overzicht_rapportcijfer).toBe(''); // measured after asOf
    const v1 = rows.find((r) => r.deelnemer === 'V-1')!;
    expect([v1.kb_overzicht_waardigheid, v1.kb_overzicht_emotie]).toEqual(['2', 'moedeloos']);
    // fidelity: the own arm's deliveries up to asOf (empty for an arm without an intervention), and another arm's
    expect(header.slice(-2)).toEqual(['geleverd', 'geleverd_andere_arm']);
    expect(Object.fromEntries(rows.map((r) => [r.deelnemer, `${r.geleverd}/${r.geleverd_andere_arm}`]))).toEqual({
      "'@SUM(A1)": '0/0',
      'L-1': '/1',
      'L-2': '1/0',
      'L-API': apiRef.arm === 'coach' ? '0/0' : '/0',
      'V-1': '/0',
      'V-2': '0/0',
      'V-3': '/0',
    });
  });

  it('adds up to the results endpoint and to ResultsRepository.timeToEvent', async () => {
    const { rows } = parseCsv(csvText(await download(`?asOf=${asOf}&format=csv`)));
    const results: ExperimentResults = (await t.http.get(`/api/v1/experiments/${KEY}/results?asOf=${asOf}`).set(pl))
      .body;
    for (const m of results.metrics) {
      const col = `venster_${m.metric}`;
      for (const a of m.arms) {
        const mine = rows.filter((r) => r.arm === a.arm);
        expect({ metric: m.metric, arm: a.arm, counts: [a.enrolled, a.complete, a.events] }).toEqual({
          metric: m.metric,
          arm: a.arm,
          counts: [mine.length, mine.filter((r) => r[col] !== '').length, mine.filter((r) => r[col] === '1').length],
        });
      }
    }
    const times = await runAsSystem(() => t.app.get(ResultsRepository).timeToEvent(KEY, asOf));
    const key = (arm: string, g: string, time: number, cause: number) => `${arm}/${g}/${time}/${cause}`;
    const fromRepo = Object.fromEntries(times.map((x) => [key(x.arm, x.gemeente, x.time, x.cause), x.n]));
    const fromCsv: Record<string, number> = {};
    for (const r of rows) {
      const k = key(r.arm, r.gemeente, Number(r.dagen), Number(r.oorzaak));
      fromCsv[k] = (fromCsv[k] ?? 0) + 1;
    }
    expect(fromCsv).toEqual(fromRepo);
  });

  it('gives the same rows as JSON, by Accept header, and as XLSX with the dictionary and the R commands', async () => {
    const csv = parseCsv(
      csvText(await t.http.get(`/api/v1/experiments/${KEY}/dataset?asOf=${asOf}`).set(pl).set('Accept', 'text/csv')),
    );
    const json = await download(`?asOf=${asOf}`);
    expect(json.status).toBe(200);
    expect(json.headers.vary).toMatch(/Accept/);
    const names = (json.body.columns as DatasetDictionaryEntry[]).map((c) => c.name);
    expect(names).toEqual(csv.header);
    expect(json.body.rows).toHaveLength(csv.rows.length);
    const l1 = json.body.rows.find((r: Record<string, unknown>) => r.deelnemer === 'L-1');
    expect([l1.dagen, l1.oorzaak, l1.venster_uitval, l1.kb_intake_rapportcijfer, l1.kb_overzicht_tempo]).toEqual([
      42,
      1,
      0,
      7,
      null,
    ]);

    const dict = await t.http.get(`/api/v1/experiments/${KEY}/dataset/dictionary`).set(pl);
    expect(dict.status).toBe(200);
    expect(dict.body.map((d: DatasetDictionaryEntry) => d.name)).toEqual(csv.header);
    const dictCsv = parseCsv(
      csvText(await t.http.get(`/api/v1/experiments/${KEY}/dataset/dictionary?format=csv`).set(pl)),
    );
    expect(dictCsv.rows.map((r) => r.kolom)).toEqual(csv.header);

    const xlsx = await download(`?asOf=${asOf}&format=xlsx`).buffer(true).parse(binary);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="${KEY}-analysebestand-${asOf}.xlsx"`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(xlsx.body).buffer); // ExcelJS types its input as an ArrayBuffer
    expect(wb.worksheets.map((w) => w.name)).toEqual(['data', 'woordenboek', 'R-opdrachten']);
    const data = wb.getWorksheet('data')!;
    expect((data.getRow(1).values as unknown[]).slice(1)).toEqual(csv.header);
    expect(data.rowCount).toBe(csv.rows.length + 1);
    const first = (data.getRow(2).values as unknown[]).slice(1);
    expect(first[0]).toBe("'@SUM(A1)");
    expect(first[6]).toEqual(new Date('2026-03-01T00:00:00Z'));
    expect(first[7]).toBe(153);
    const words = wb.getWorksheet('woordenboek')!;
    expect(words.getColumn(1).values.slice(2)).toEqual(csv.header);
    const script = await t.http.get(`/api/v1/experiments/${KEY}/dataset/r-script?asOf=${asOf}`).set(pl);
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(wb.getWorksheet('R-opdrachten')!.getColumn(1).values.slice(1).join('\n') + '\n').toBe(script.text);
  });

  it('audits every download: who, which experiment, as of which date', async () => {
    await download(`?asOf=2026-09-01&format=csv`);
    const [entry] = await t.admin.query(
      "SELECT actor, entity, entity_id, after FROM audit_entry WHERE action = 'download_dataset' ORDER BY id DESC LIMIT 1",
    );
    expect(entry).toEqual({
      actor: 'projectleider',
      entity: 'experiment',
      entity_id: KEY,
      after: { asOf: '2026-09-01', format: 'csv', rows: 6 },
    });
  });

  it('is for projectleiders and beheerders only; bad input is a 400, an unknown experiment a 404', async () => {
    expect((await download('?format=csv', await t.auth('admin'))).status).toBe(200);
    for (const who of ['reviewer', 'medewerker-lindewaard'])
      for (const p of ['', '?format=csv', '?format=xlsx', '/dictionary', '/r-script'])
        expect({ who, p, status: (await download(p, await t.auth(who))).status }).toEqual({ who, p, status: 403 });
    expect((await download('?format=pdf')).status).toBe(400);
    expect((await download('?asOf=2099-01-01')).status).toBe(400);
    for (const q of ['?asOf=2026-02-30', '?format[]=csv', '?format=csv&format=xlsx', '/r-script?asOf=morgen']) {
      const res = await download(q);
      expect({ q, status: res.status, code: res.body.code }).toEqual({ q, status: 400, code: 'input.invalid' });
    }
    // an Accept the dataset has no format for gets the default, JSON
    const other = await t.http.get(`/api/v1/experiments/${KEY}/dataset`).set(pl).set('Accept', 'application/xml');
    expect([other.status, other.type]).toEqual([200, 'application/json']);
    expect((await t.http.get('/api/v1/experiments/bestaat-niet/dataset').set(pl)).status).toBe(404);
  });
});

/**
 * The recorded fixture: the dataset of the R-checked wekelijkse-coaching cohort
 * (test/fixtures/results/wekelijkse-coaching) as of 2026-11-15, its R script, and R's output of
 * that script on that file (test/fixtures/dataset/README.md). The CSV and the script must be what
 * the API gives today, and R's numbers what the results endpoint says (1e-6). No R needed here.
 */
describe('analysis dataset: the R commands on the recorded file give the results endpoint’s numbers', () => {
  const asOf = '2026-11-15';
  const KEY = 'wekelijkse-coaching';
  const DIR = path.resolve(__dirname, '../fixtures/dataset');
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.admin.transaction((m) => t.app.get(SeedService).insertCohort(m, referenceCohort()));
  });
  afterAll(async () => {
    await t?.close();
  });

  const base = `${KEY}-analysebestand-${asOf}`;

  it('exports exactly the recorded file and script', async () => {
    const pl = await t.auth('projectleider');
    const csv = await t.http.get(`/api/v1/experiments/${KEY}/dataset?asOf=${asOf}&format=csv`).set(pl);
    const script = await t.http.get(`/api/v1/experiments/${KEY}/dataset/r-script?asOf=${asOf}`).set(pl);
    if (process.env.DATASET_FIXTURE_WRITE) {
      fs.writeFileSync(path.join(DIR, `${base}.csv`), csvText(csv));
      fs.writeFileSync(path.join(DIR, `${base}.R`), script.text);
    }
    expect(csvText(csv)).toBe(fs.readFileSync(path.join(DIR, `${base}.csv`), 'utf8'));
    expect(script.text).toBe(fs.readFileSync(path.join(DIR, `${base}.R`), 'utf8'));
    const e = (await t.http.get(`/api/v1/experiments/${KEY}`).set(pl)).body;
    expect(script.text).toBe(datasetRScript(e, asOf));
  });

  it('R’s risk difference, interval, Fisher, Gray and log-rank p equal the results endpoint (1e-6)', async () => {
    const out = fs.readFileSync(path.join(DIR, `${base}.Rout`), 'utf8');
    const values = new Map<string, number[]>();
    let arm = '';
    for (const line of out.split('\n')) {
      if (line.startsWith('#') || !line.trim()) continue;
      const head = /^(\S+) tegen (\S+)$/.exec(line);
      if (head) {
        arm = head[1];
        continue;
      }
      const [name, ...nums] = line.trim().split(/\s+/);
      values.set(`${arm}.${name}`, nums.map(Number));
    }
    const results: ExperimentResults = (
      await t.http.get(`/api/v1/experiments/${KEY}/results?asOf=${asOf}`).set(await t.auth('projectleider'))
    ).body;
    const primary = results.metrics.find((m) => m.primary)!;
    expect(primary.metric).toBe('gereed_voor_schuldregeling');
    const c = primary.comparisons[0];
    const close = (name: string, actual: number | null | undefined, i = 0) => {
      const r = values.get(`${c.arm}.${name}`)![i];
      expect({ name, r: Number.isFinite(r) }).toEqual({ name, r: true });
      expect({ name, diff: Math.abs((actual as number) - r) <= Math.max(1e-9, 1e-6 * Math.abs(r)) }).toEqual({
        name,
        diff: true,
      });
    };
    const a = primary.arms.find((x) => x.arm === c.arm)!;
    const k = primary.arms.find((x) => x.arm === c.vs)!;
    expect([a.complete, a.events, k.complete, k.events]).toEqual(
      ['complete_arm', 'bereikt_arm', 'complete_controle', 'bereikt_controle'].map(
        (n) => values.get(`${c.arm}.${n}`)![0],
      ),
    );
    close('percentage_arm', a.rate);
    close('percentage_controle', k.rate);
    close('risicoverschil', c.riskDifference);
    close('risicoverschil_ci95', c.ci95![0], 0);
    close('risicoverschil_ci95', c.ci95![1], 1);
    close('fisher_p', c.fisherPValue);
    close('gray_p', c.grayPValue);
    close('logrank_p', c.logRankPValue);
  });
});
