// The floor of bench/enrol.bench.js: the least an enrolment can cost on this database. A bare
// node:http server with pg, no framework, no validation, no authentication: per request one
// transaction, as the application role (row-level security applies) with the same settings per
// transaction as the app (SET LOCAL app.gemeente/app.role, sent in one message with BEGIN), and
// the same three inserts: the participant (upsert), the enrolment, the audit entry; then COMMIT.
// Five round trips. Answers 201 with the enrolment as the API does.
// Started by the bench: DATABASE_URL (the app role's URL), PORT; prints "listening <port>".
'use strict';
const http = require('node:http');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const EXPERIMENT = process.env.BENCH_EXPERIMENT ?? 'wekelijkse-coaching';
const ARMS = ['controle', 'coaching'];

async function enrol(body) {
  const client = await pool.connect();
  try {
    await client.query(
      `BEGIN; SET LOCAL app.gemeente = ${client.escapeLiteral(body.gemeente)}; SET LOCAL app.role = 'gemeente'`,
    );
    const [{ id }] = (
      await client.query(
        `INSERT INTO participant (gemeente_code, participant_ref, klantprofiel) VALUES ($1, $2, $3)
         ON CONFLICT (gemeente_code, participant_ref) DO UPDATE SET klantprofiel = COALESCE(excluded.klantprofiel, participant.klantprofiel)
         RETURNING id`,
        [body.gemeente, body.participantRef, body.klantprofiel ?? null],
      )
    ).rows;
    let h = 0;
    for (const c of body.participantRef) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    const arm = ARMS[h % ARMS.length];
    const enrolment = {
      participantRef: body.participantRef,
      gemeente: body.gemeente,
      arm,
      enrolledOn: body.enrolledOn,
    };
    await client.query(
      `INSERT INTO enrolment (experiment_key, participant_id, arm_key, enrolled_on) VALUES ($1, $2, $3, $4)
       ON CONFLICT (experiment_key, participant_id) DO NOTHING`,
      [EXPERIMENT, id, arm, body.enrolledOn],
    );
    await client.query(
      'INSERT INTO audit_entry (actor, action, entity, entity_id, after) VALUES ($1, $2, $3, $4, $5)',
      [
        'floor',
        'enrol',
        'enrolment',
        `${EXPERIMENT}/${body.gemeente}/${body.participantRef}`,
        JSON.stringify(enrolment),
      ],
    );
    await client.query('COMMIT');
    client.release();
    return enrolment;
  } catch (e) {
    client.release(e);
    throw e;
  }
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end();
      return;
    }
    enrol(body).then(
      (out) => {
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(out));
      },
      (e) => {
        console.error(e.message);
        res.writeHead(500).end();
      },
    );
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
