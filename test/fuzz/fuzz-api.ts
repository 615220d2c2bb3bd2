/**
 * Fuzzing the API (issue 8): fast-check generates path parameters, query strings and JSON bodies
 * for every operation of the OpenAPI document (/api/docs-json), and CSV files for the import route
 * and its parser (imports/table-reader.ts). The properties:
 *
 * - no answer is a 500 (or any 5xx), whoever asks (every role, or nobody);
 * - a refused request (4xx) writes nothing: the row count of every table is the same before and
 *   after, except the tables that record the refusal itself (audit_entry: failed logins;
 *   import_job: a refused file is kept as a job with its problems);
 * - the parser either yields rows or refuses with UnreadableFileError, nothing else.
 *
 * Used by test/fuzz.e2e.spec.ts (a sample in npm test) and test/fuzz/api.fuzz.ts (npm run
 * test:fuzz, FUZZ_RUNS cases, at least 10,000).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { readTable, UnreadableFileError } from '../../apps/api/src/imports/table-reader';
import type { TestApp } from '../helpers/app';

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  params: string[];
  query: string[];
  body: Record<string, Schema> | null;
  multipart: boolean;
}
interface Schema {
  type?: string;
  enum?: unknown[];
  $ref?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
}

/** Tables whose row count may grow on a refused request (they record the refusal). */
const MAY_GROW_ON_REFUSAL = new Set(['audit_entry', 'import_job']);
const USERS = ['admin', 'projectleider', 'reviewer', 'medewerker-lindewaard', 'medewerker-veenhoven', null] as const;
const WORDS = [
  'wekelijkse-coaching',
  'jumbo-bon-intake',
  'klantkaarten',
  'lindewaard',
  'veenhoven',
  'controle',
  'coaching',
  'aanmelding',
  'intake',
  'uitval',
  '2026-06-01',
  '2026-13-45',
  '1',
  '0',
  '-1',
  '99999999999999999999',
  'true',
  'null',
  '00000000-0000-0000-0000-000000000000',
  'REF-1',
  '123456782',
  'admin',
  '2026-Q1',
  'draft',
  'running',
  'stopped',
  '',
  ' ',
  '%',
  '../',
  'a'.repeat(300),
  '\u0000',
  'é',
  '😀',
];

export async function operations(t: TestApp): Promise<Operation[]> {
  const doc = (await t.http.get('/api/docs-json')).body as {
    paths: Record<
      string,
      Record<
        string,
        { parameters?: { in: string; name: string }[]; requestBody?: { content: Record<string, { schema: Schema }> } }
      >
    >;
    components?: { schemas?: Record<string, Schema> };
  };
  const resolve = (s: Schema | undefined): Schema | undefined =>
    s?.$ref ? doc.components?.schemas?.[s.$ref.split('/').pop()!] : s;
  const ops: Operation[] = [];
  for (const [p, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      const json = resolve(content['application/json']?.schema);
      ops.push({
        method: method as Operation['method'],
        path: p,
        params: (op.parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name),
        query: (op.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name),
        body: json
          ? Object.fromEntries(Object.entries(json.properties ?? {}).map(([k, v]) => [k, resolve(v) ?? {}]))
          : method === 'get' || method === 'delete'
            ? null
            : {},
        multipart: !!content['multipart/form-data'],
      });
    }
  }
  return ops;
}

const word = fc.constantFrom(...WORDS);
const text = fc.oneof(word, fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));

function valueFor(s: Schema): fc.Arbitrary<unknown> {
  const typed: fc.Arbitrary<unknown>[] = [];
  if (s.enum?.length) typed.push(fc.constantFrom(...s.enum));
  if (s.type === 'string') typed.push(text);
  if (s.type === 'number' || s.type === 'integer')
    typed.push(fc.oneof(fc.integer({ min: -5, max: 12 }), fc.double(), fc.integer()));
  if (s.type === 'boolean') typed.push(fc.boolean());
  if (s.type === 'array') typed.push(fc.array(s.items ? valueFor(s.items) : scalar, { maxLength: 4 }));
  // Mostly the declared type, sometimes anything at all (wrong types, nesting, prototype keys).
  return typed.length
    ? fc.oneof({ weight: 3, arbitrary: fc.oneof(...typed) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) })
    : fc.jsonValue({ maxDepth: 2 });
}

export function requestFor(op: Operation) {
  const bodyArb =
    op.body === null
      ? fc.constant(undefined)
      : fc.oneof(
          {
            weight: 6,
            arbitrary: fc
              .record(Object.fromEntries(Object.entries(op.body).map(([k, s]) => [k, valueFor(s)])), {
                requiredKeys: [],
              })
              .chain((b) =>
                fc
                  .record({
                    extra: fc.dictionary(
                      fc.oneof(word, fc.constantFrom('__proto__', 'constructor', 'id', 'role')),
                      scalar,
                      { maxKeys: 2 },
                    ),
                  })
                  .map(({ extra }) => ({ ...b, ...(Math.random() < 0.7 ? {} : extra) })),
              ),
          },
          { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
          { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((s) => ({ __raw: s })) }, // not JSON at all
        );
  return fc.record({
    user: fc.constantFrom(...USERS),
    params: fc
      .tuple(...op.params.map(() => text), fc.constant(0))
      .map((xs) => xs.slice(0, op.params.length) as string[]),
    query: fc.array(
      fc.tuple(fc.oneof(fc.constantFrom(...op.query, 'page', 'perPage', 'gemeente', 'page[x]', 'sort'), text), text),
      { maxLength: 4 },
    ),
    body: bodyArb,
  });
}

/** Row counts of every table (as the superuser, so row-level security hides nothing). */
export async function rowCounts(admin: DataSource): Promise<Record<string, number>> {
  const tables: { name: string }[] =
    await admin.query(`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'migrations' ORDER BY 1`);
  const [row] = await admin.query(
    `SELECT ${tables.map((t) => `(SELECT count(*)::int FROM "${t.name}") AS "${t.name}"`).join(', ')}`,
  );
  return row;
}

export function changedOnRefusal(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(after).filter(
    (k) => after[k] !== before[k] && !(MAY_GROW_ON_REFUSAL.has(k) && after[k] > before[k]),
  );
}

export interface FuzzStats {
  cases: number;
  byStatus: Record<string, number>;
  operations: number;
}

/** Runs `runsPerOp` generated requests against every operation; throws (with the counterexample) on a 5xx or a partial write. */
export async function fuzzRoutes(t: TestApp, runsPerOp: number, seed?: number): Promise<FuzzStats> {
  const ops = await operations(t);
  const tokens = new Map<string, string>();
  for (const u of USERS) if (u) tokens.set(u, (await t.auth(u)).Authorization);
  const stats: FuzzStats = { cases: 0, byStatus: {}, operations: ops.length };
  for (const op of ops) {
    await fc.assert(
      fc.asyncProperty(requestFor(op), async (r) => {
        let url = op.path;
        op.params.forEach((p, i) => {
          url = url.replace(`{${p}}`, encodeURIComponent(r.params[i] || 'x'));
        });
        const qs = new URLSearchParams();
        for (const [k, v] of r.query) qs.append(k, v);
        if ([...qs].length) url += `?${qs}`;
        let req = t.http[op.method](url).timeout(30_000);
        if (r.user) req = req.set('Authorization', tokens.get(r.user)!);
        if (op.multipart) {
          req = req
            .field('kind', String((r.body as Record<string, unknown>)?.kind ?? 'events'))
            .attach('file', Buffer.from(JSON.stringify(r.body ?? '')), 'x.csv');
        } else if (r.body !== undefined) {
          const raw = (r.body as { __raw?: string })?.__raw;
          req = req.set('content-type', 'application/json').send(raw !== undefined ? raw : JSON.stringify(r.body));
        }
        const before = await rowCounts(t.admin);
        const res = await req;
        stats.cases++;
        stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
        if (res.status >= 500)
          throw new Error(
            `${op.method.toUpperCase()} ${url} as ${r.user ?? 'nobody'} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
          );
        if (res.status >= 400) {
          const changed = changedOnRefusal(before, await rowCounts(t.admin));
          if (changed.length)
            throw new Error(
              `${op.method.toUpperCase()} ${url} → ${res.status} but rows changed in ${changed.join(', ')}`,
            );
        }
      }),
      { numRuns: runsPerOp, seed, endOnFailure: true },
    );
  }
  return stats;
}

// ---- CSV files: the parser and the import route -------------------------------------------

const HEADERS = [
  'gemeente;participant_ref;milestone;occurred_on;reason',
  'gemeente,participant_ref,milestone,occurred_on,reason',
  'experiment;gemeente;participant_ref;enrolled_on;arm',
  'gemeente;participant_ref;phase;measured_on;rapportcijfer',
  'gemeente;kwartaal;stap;aantal',
  '',
];
const cell = fc.oneof(
  word,
  fc.string({ maxLength: 12 }),
  fc.constantFrom('"', '""', '"a;b"', '\r', '\n', ';', ',', '\t', '\uFEFF', '=1+1', '\u0000'),
);

export const csvFile = fc
  .record({
    bom: fc.boolean(),
    header: fc.oneof(
      fc.constantFrom(...HEADERS),
      fc.array(cell, { maxLength: 6 }).map((c) => c.join(';')),
    ),
    rows: fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 12 }),
    sep: fc.constantFrom(';', ',', '\t'),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    binary: fc.option(fc.uint8Array({ maxLength: 64 }), { freq: 8 }),
  })
  .map((f) =>
    f.binary
      ? Buffer.from(f.binary)
      : Buffer.from(`${f.bom ? '\uFEFF' : ''}${[f.header, ...f.rows.map((r) => r.join(f.sep))].join(f.eol)}${f.eol}`),
  );

/** The parser alone: rows, or UnreadableFileError; never another error. */
export async function fuzzParser(runs: number, seed?: number): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-csv-'));
  let n = 0;
  try {
    await fc.assert(
      fc.asyncProperty(csvFile, async (buf) => {
        const file = path.join(dir, 'f.csv');
        fs.writeFileSync(file, buf);
        try {
          for await (const batch of readTable(file, 'csv'))
            for (const r of batch) if (!Array.isArray(r.cells)) throw new Error('row without cells');
        } catch (e) {
          if (!(e instanceof UnreadableFileError)) throw e;
        }
        n++;
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return n;
}

/** CSV files through POST /api/v1/imports: no 5xx; a refused file writes no participant-level row. */
export async function fuzzImports(t: TestApp, runs: number, seed?: number): Promise<number> {
  const auth = {
    admin: (await t.auth('admin')).Authorization,
    gemeente: (await t.auth('medewerker-lindewaard')).Authorization,
  };
  let n = 0;
  await fc.assert(
    fc.asyncProperty(
      csvFile,
      fc.constantFrom('events', 'enrolments', 'beleving', 'funnel'),
      fc.constantFrom('admin', 'gemeente') as fc.Arbitrary<'admin' | 'gemeente'>,
      fc.boolean(),
      async (buf, kind, who, dryRun) => {
        const before = await rowCounts(t.admin);
        const res = await t.http
          .post('/api/v1/imports')
          .set('Authorization', auth[who])
          .field('kind', kind)
          .field('dryRun', String(dryRun))
          .attach('file', buf, 'fuzz.csv')
          .timeout(30_000);
        n++;
        if (res.status >= 500)
          throw new Error(`import ${kind} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        if (res.status >= 400 || dryRun) {
          const changed = changedOnRefusal(before, await rowCounts(t.admin));
          if (changed.length)
            throw new Error(
              `import ${kind} → ${res.status}${dryRun ? ' (dry run)' : ''} but rows changed in ${changed.join(', ')}`,
            );
        }
      },
    ),
    { numRuns: runs, seed, endOnFailure: true },
  );
  return n;
}
