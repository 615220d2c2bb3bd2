/**
 * Erasure that keeps the audit chain (issue 17, part 4): an audit entry names a participant only
 * sealed under the participant's key (migration 1764977000000, participant-seal.ts); erasure
 * deletes the key, the chain still verifies, and the reference is nowhere: not in any row of any
 * table, not in the audit trail as the API reads or exports it, not in the server log.
 */
import { startTestApp, type TestApp } from '../helpers/app';

const G = 'lindewaard';
const STAFF = `medewerker-${G}`;
const REF = 'WIS-4711-ZZ';

/** Every table's rows as JSON text, read by the superuser (row-level security hides nothing). */
async function everyRowAsText(t: TestApp): Promise<{ tables: number; rows: number; hits: string[] }> {
  const tables: { name: string }[] = await t.admin.query(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'm') ORDER BY 1`,
  );
  let rows = 0;
  const hits: string[] = [];
  for (const { name } of tables) {
    const found: { j: string }[] = await t.admin.query(`SELECT row_to_json(x)::text AS j FROM "${name}" x`);
    rows += found.length;
    for (const r of found) if (r.j.includes(REF)) hits.push(`${name}: ${r.j}`);
  }
  return { tables: tables.length, rows, hits };
}

describe('erasure keeps the audit chain whole and leaves the reference nowhere', () => {
  let t: TestApp;
  const written: string[] = [];
  let spies: jest.SpyInstance[] = [];

  beforeAll(async () => {
    spies = [jest.spyOn(process.stdout, 'write'), jest.spyOn(process.stderr, 'write')].map((s) =>
      s.mockImplementation(((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      }) as never),
    );
    t = await startTestApp({ logger: true });
  });
  afterAll(async () => {
    await t?.close();
    spies.forEach((s) => s.mockRestore());
  });

  it('seals the reference in the audit entry, shows it while the participant exists, "gewist" after erasure', async () => {
    const staff = await t.auth(STAFF);
    const admin = await t.auth('admin');
    expect(
      (
        await t.http
          .post('/api/v1/experiments/wekelijkse-coaching/enrolments')
          .set(staff)
          .send({ gemeente: G, participantRef: REF, enrolledOn: '2026-01-05' })
      ).status,
    ).toBe(201);
    // an event too: its audit entry names the event, not the participant
    expect(
      (
        await t.http
          .post(`/api/v1/participants/${G}/${REF}/events`)
          .set(staff)
          .send({ milestone: 'intake', occurredOn: '2026-01-12' })
      ).status,
    ).toBe(201);

    // stored sealed: the audit table holds no plain reference, the entry names its key
    const stored: { entity_id: string; after: { participantRef: string } }[] = await t.admin.query(
      "SELECT entity_id, after FROM audit_entry WHERE action = 'enrol' AND entity_id LIKE 'wekelijkse-coaching/lindewaard/enc:v1:%'",
    );
    expect(stored).toHaveLength(1);
    expect(stored[0].after.participantRef).toMatch(/^enc:v1:[0-9a-f-]{36}:[\w-]+$/);
    const keyId = stored[0].after.participantRef.split(':')[2];
    expect(await t.admin.query('SELECT count(*)::int AS n FROM participant_key WHERE key_id = $1', [keyId])).toEqual([
      { n: 1 },
    ]);
    // before erasure the reference is in the participant and its allocation log row, not in the audit trail
    const tablesBefore = (await everyRowAsText(t)).hits.map((h) => h.split(':')[0]).sort();
    expect(tablesBefore).toEqual(['allocation_log', 'participant']);

    // the audit trail as a beheerder reads it: the reference, while the participant exists
    const before = await t.http.get('/api/v1/audit?entity=enrolment').set(admin);
    expect(before.status).toBe(200);
    const mine = (before.body as { entityId: string; after: { participantRef: string } }[]).filter((e) =>
      e.entityId.endsWith(`/${REF}`),
    );
    expect(mine).toEqual([
      expect.objectContaining({
        entityId: `wekelijkse-coaching/${G}/${REF}`,
        after: expect.objectContaining({ participantRef: REF }),
      }),
    ]);
    expect((await t.http.get('/api/v1/audit/export.csv').set(admin)).text).toContain(`wekelijkse-coaching/${G}/${REF}`);

    // erase
    const erased = await t.http.delete(`/api/v1/participants/${G}/${REF}`).set(admin);
    expect(erased.status).toBe(200);
    expect(await t.admin.query('SELECT count(*)::int AS n FROM participant_key WHERE key_id = $1', [keyId])).toEqual([
      { n: 0 },
    ]);

    // the chain still verifies, the sealed entry included
    const verify = await t.http.get('/api/v1/audit/verify').set(admin);
    expect(verify.body).toMatchObject({ ok: true, pending: 0 });
    const [{ seq }] = await t.admin.query(
      "SELECT seq::int AS seq FROM audit_entry WHERE action = 'enrol' AND after->>'participantRef' LIKE $1",
      [`enc:v1:${keyId}:%`],
    );
    expect(verify.body.entries).toBeGreaterThanOrEqual(seq);

    // readers show "gewist"
    const after = await t.http.get('/api/v1/audit?entity=enrolment').set(admin);
    expect(after.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          entityId: `wekelijkse-coaching/${G}/gewist`,
          after: expect.objectContaining({ participantRef: 'gewist', gemeente: G }),
        }),
      ]),
    );
    expect(JSON.stringify(after.body)).not.toContain(REF);
    const csv = (await t.http.get('/api/v1/audit/export.csv').set(admin)).text;
    expect(csv).toContain(`wekelijkse-coaching/${G}/gewist`);
    expect(csv).not.toContain(REF);

    // nowhere in the database: every row of every table, as JSON text
    const all = await everyRowAsText(t);
    expect(all.tables).toBeGreaterThan(30);
    expect(all.rows).toBeGreaterThan(50);
    expect(all.hits).toEqual([]);

    // nor in the server log (which did log: the app started and served requests)
    const log = written.join('');
    expect(log).toMatch(/Nest/);
    expect(log).not.toContain(REF);
  });
});
