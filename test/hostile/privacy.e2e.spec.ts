import { startTestApp, type TestApp } from '../helpers/app';

/**
 * The BSN guard can not be sidestepped (issue 18, finding 5): a reference whose digits, with any
 * separators and a short letter prefix removed, are nine and pass the elfproef is refused with a
 * Dutch reason, over the API (body and path) and in an import; nothing is written. A longer case
 * number is an ordinary reference.
 */
const G = 'medewerker-lindewaard';
const EVENTS_HEADER = 'gemeente;participant_ref;milestone;occurred_on;reason';
// 111222333 passes the elfproef: 9·1+8·1+7·1+6·2+5·2+4·2+3·3+2·3−1·3 = 66 = 6·11
const DISGUISED = [
  '111_222_333',
  '111/222/333',
  'P-111222333',
  'BSN111222333',
  'NL.111.222.333',
  'bsn-111-222-333',
  '\uff11\uff11\uff11\uff12\uff12\uff12\uff13\uff13\uff13', // fullwidth digits
];

describe('the BSN guard under disguise (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });
  const participants = async () => (await t.admin.query('SELECT count(*)::int AS n FROM participant'))[0].n as number;

  it.each(DISGUISED)('refuses %j as the reference of an enrolment', async (participantRef) => {
    const before = await participants();
    const res = await t.http
      .post('/api/v1/experiments/wekelijkse-coaching/enrolments')
      .set(await t.auth(G))
      .send({ gemeente: 'lindewaard', participantRef, enrolledOn: '2026-06-01' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'participantRef', message: expect.stringMatching(/lijkt een BSN.*elfproef/) },
    ]);
    expect(await participants()).toBe(before);
  });

  it.each(DISGUISED)('refuses %j as a reference in the path', async (ref) => {
    const res = await t.http
      .post(`/api/v1/participants/lindewaard/${encodeURIComponent(ref)}/events`)
      .set(await t.auth(G))
      .send({ milestone: 'intake', occurredOn: '2026-01-10' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('participantRef');
  });

  it('refuses every disguised BSN in an import, row by row, and writes nothing', async () => {
    const before = await participants();
    const csv = [EVENTS_HEADER, ...DISGUISED.map((ref) => `lindewaard;${ref};intake;2026-01-02;`)].join('\n') + '\n';
    const res = await t.http
      .post('/api/v1/imports')
      .set(await t.auth(G))
      .attach('file', Buffer.from(csv, 'utf8'), 'events.csv')
      .field('kind', 'events');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      DISGUISED.map((value, i) =>
        expect.objectContaining({
          row: i + 2,
          column: 'participant_ref',
          value,
          message: expect.stringMatching(/BSN/),
        }),
      ),
    );
    expect(await participants()).toBe(before);
    const running = await t.admin.query("SELECT count(*)::int AS n FROM import_job WHERE status = 'running'");
    expect(running[0].n).toBe(0);
  });

  it('takes a case number and a nine-digit number that fails the elfproef as ordinary references', async () => {
    for (const participantRef of ['2026-000123', 'P-123456789']) {
      const res = await t.http
        .post('/api/v1/experiments/wekelijkse-coaching/enrolments')
        .set(await t.auth(G))
        .send({ gemeente: 'lindewaard', participantRef, enrolledOn: '2026-06-01' });
      expect({ participantRef, status: res.status }).toEqual({ participantRef, status: 201 });
    }
  });
});
