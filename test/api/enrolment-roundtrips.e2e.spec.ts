import { Client } from 'pg';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * Round trips to PostgreSQL of one enrolment (issue 12, deliverable 10): every call of the pg
 * client's `query` is one round trip (a parameterised statement is sent as one batch of
 * parse/bind/execute/sync, a multi-statement text in the simple protocol as one message). Counted
 * over the whole HTTP request: the AuthGuard, the database context, the transaction and the
 * enrolment itself.
 */
const PATH = '/api/v1/experiments/wekelijkse-coaching/enrolments';
const BUDGET = 6;

describe('enrolment round trips (real PostgreSQL)', () => {
  let t: TestApp;
  let sent: string[] | null = null;
  const original = Client.prototype.query;

  beforeAll(async () => {
    t = await startTestApp();
    // Every client of the app's pool is a pg Client: count the calls made while `sent` is open.
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      const q = args[0];
      const text = typeof q === 'string' ? q : String((q as { text?: string })?.text ?? q);
      sent?.push(text.replace(/\s+/g, ' ').slice(0, 100));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
  });
  afterAll(async () => {
    Client.prototype.query = original;
    await t?.close();
  });

  async function count(fn: () => Promise<unknown>): Promise<string[]> {
    sent = [];
    try {
      await fn();
      return sent;
    } finally {
      sent = null;
    }
  }

  it(`enrols a new participant in at most ${BUDGET} round trips, and answers a repeat in as many`, async () => {
    const headers = await t.auth('medewerker-lindewaard');
    const body = {
      gemeente: 'lindewaard',
      participantRef: 'RT-1',
      enrolledOn: '2026-03-02',
      klantprofiel: 'aanpakker',
    };
    let status = 0;
    const first = await count(async () => {
      status = (await t.http.post(PATH).set(headers).send(body)).status;
    });
    expect(status).toBe(201);
    console.log(`one enrolment, ${first.length} round trips:\n  ${first.join('\n  ')}`);
    expect(first.length).toBeLessThanOrEqual(BUDGET);
    const repeat = await count(async () => {
      status = (await t.http.post(PATH).set(headers).send(body)).status;
    });
    expect(status).toBe(200);
    console.log(`a repeat, ${repeat.length} round trips:\n  ${repeat.join('\n  ')}`);
    expect(repeat.length).toBeLessThanOrEqual(BUDGET);
    // and what it wrote is all there: participant, enrolment, allocation log, audit entry
    const [row] = await t.admin.query(
      `SELECT p.klantprofiel, n.arm_key AS arm,
              (SELECT count(*)::int FROM allocation_log l WHERE l.enrolment_id = n.id) AS logged,
              (SELECT count(*)::int FROM audit_entry a WHERE a.action = 'enrol' AND a.entity_id LIKE 'wekelijkse-coaching/lindewaard/enc:v1:%'
                 AND a.after->>'participantRef' LIKE 'enc:v1:%') AS audited, -- the reference sealed (audit-erasure spec)
              (SELECT count(*)::int FROM enrolment_summary s WHERE s.enrolment_id = n.id) AS summarised
       FROM enrolment n JOIN participant p ON p.id = n.participant_id WHERE p.participant_ref = 'RT-1'`,
    );
    expect(row).toEqual({ klantprofiel: 'aanpakker', arm: expect.any(String), logged: 1, audited: 1, summarised: 1 });
  });
});
