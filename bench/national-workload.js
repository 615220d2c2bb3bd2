/**
 * The national synthetic workload for the benchmarks that measure at national scale (bench:report,
 * bench:worklist): seeds/src/national.ts (342 gemeenten, `participants` participants with their
 * enrolments and events) loaded with COPY into a throwaway embedded PostgreSQL, or into
 * BENCH_DATABASE_URL (a database that may be emptied). BENCH_REUSE=1 with BENCH_DATABASE_URL
 * measures again on the data an earlier run loaded.
 */
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pipeline } = require('node:stream/promises');
const { Readable } = require('node:stream');
const { Client } = require('pg');
const { from: copyFrom } = require('pg-copy-streams');
const { startEmbeddedPostgres, ensureDatabase, runMigrations } = require('@living-lab/db');
const { generateNational } = require('@living-lab/seeds');

async function copy(client, sql, rows) {
  await pipeline(Readable.from(rows), client.query(copyFrom(sql)));
}

/** Returns the database URL, an open client as its owner, the experiments and `close()`. */
async function loadNationalWorkload(participants) {
  let server;
  let url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'living-lab-bench-'));
    fs.chmodSync(dir, 0o755);
    server = await startEmbeddedPostgres({ dataDir: dir, fast: true });
    url = await ensureDatabase(server.url, 'bench');
  }
  await runMigrations(url);
  const c = new Client({ connectionString: url });
  await c.connect();
  // BENCH_REUSE=1 with BENCH_DATABASE_URL: measure again on the data loaded by an earlier run.
  const reuse =
    process.env.BENCH_REUSE === '1' &&
    process.env.BENCH_DATABASE_URL &&
    (await c.query("SELECT count(*)::int AS n FROM experiment WHERE key LIKE 'landelijk-%'")).rows[0].n > 0;
  const exps = [];
  if (reuse) {
    for (const r of (await c.query("SELECT key FROM experiment WHERE key LIKE 'landelijk-%' ORDER BY key")).rows)
      exps.push({ key: r.key });
    console.log(`reusing the loaded workload (${exps.length} experiments)`);
  } else {
    await c.query(
      'TRUNCATE gemeente, experiment, participant, enrolment, milestone_event, beleving_score, audit_entry CASCADE',
    );

    // 1. generate into text buffers (COPY format), then load
    const t0 = Date.now();
    const rows = { gemeente: [], experiment: [], participant: [], enrolment: [], event: [] };
    const counts = generateNational(
      {
        gemeente: (code, naam, inwoners) => rows.gemeente.push(`${code}\t${naam}\t${inwoners}\n`),
        experiment: (key, gemeenten, start) => exps.push({ key, gemeenten, start }),
        participant: (g, ref, kp, seg) => rows.participant.push(`${g}\t${ref}\t${kp}\t${seg}\n`),
        enrolment: (e, g, ref, d, arm) => rows.enrolment.push(`${e}\t${g}\t${ref}\t${d}\t${arm}\n`),
        event: (g, ref, ms, d, reason) => rows.event.push(`${g}\t${ref}\t${ms}\t${d}\t${reason ?? '\\N'}\n`),
      },
      { participants },
    );
    console.log(`generated ${counts.participants} participants, ${counts.events} events in ${Date.now() - t0} ms`);

    const t1 = Date.now();
    await c.query('BEGIN');
    await copy(c, 'COPY gemeente (code, naam, inwoners) FROM STDIN', rows.gemeente);
    for (const e of exps) {
      await c.query(
        `INSERT INTO experiment (key, title, hypothesis, intervention_phase, design, allocation, randomization, primary_metric,
        secondary_metrics, follow_up_days, expected_baseline, minimum_effect, planned_looks, start_date, status, assignment_seed, source)
      VALUES ($1, $1, 'Benchmark', 'overzicht', 'individual_randomized', 'platform', 'hash', 'gereed_voor_schuldregeling',
        '{uitval,akkoord_schuldregeling}', 180, 0.35, 0.1, 4, $2, 'running', 'bench', 'api')`,
        [e.key, e.start],
      );
      await c.query(
        `INSERT INTO experiment_arm VALUES ($1, 'controle', 'Gebruikelijk', 1, true, 0), ($1, 'interventie', 'Interventie', 1, false, 1)`,
        [e.key],
      );
      await c.query('INSERT INTO experiment_gemeente SELECT $1, unnest($2::text[])', [e.key, e.gemeenten]);
    }
    await c.query('CREATE TEMP TABLE s_part (g text, ref text, kp text, seg text)');
    await copy(c, 'COPY s_part FROM STDIN', rows.participant);
    await c.query('INSERT INTO participant (gemeente_code, participant_ref, segment) SELECT g, ref, seg FROM s_part');
    await c.query('CREATE TEMP TABLE s_enrol (e text, g text, ref text, d date, arm text)');
    await copy(c, 'COPY s_enrol FROM STDIN', rows.enrolment);
    // The klantprofiel is the first entry of the history (migration 1764984000000), valid from the
    // participant's first enrolment, written before the enrolments so no summary is refreshed twice.
    await c.query(`INSERT INTO participant_klantprofiel (participant_id, gemeente_code, klantprofiel, valid_from, source)
    SELECT p.id, p.gemeente_code, s.kp, coalesce(f.d, current_date), 'import'
    FROM s_part s JOIN participant p ON p.gemeente_code = s.g AND p.participant_ref = s.ref
    LEFT JOIN (SELECT g, ref, min(d) AS d FROM s_enrol GROUP BY g, ref) f ON f.g = s.g AND f.ref = s.ref
    WHERE s.kp IS NOT NULL`);
    await c.query(`INSERT INTO enrolment (experiment_key, participant_id, arm_key, enrolled_on)
    SELECT s.e, p.id, s.arm, s.d FROM s_enrol s JOIN participant p ON p.gemeente_code = s.g AND p.participant_ref = s.ref`);
    await c.query('CREATE TEMP TABLE s_event (g text, ref text, ms text, d date, reason text)');
    await copy(c, 'COPY s_event FROM STDIN', rows.event);
    const tEvents = Date.now();
    await c.query(`INSERT INTO milestone_event (participant_id, gemeente_code, milestone, occurred_on, reason)
    SELECT p.id, p.gemeente_code, s.ms, s.d, s.reason FROM s_event s JOIN participant p ON p.gemeente_code = s.g AND p.participant_ref = s.ref`);
    console.log(`events inserted, outcome summaries refreshed by the trigger in ${Date.now() - tEvents} ms`);
    await c.query('COMMIT');
    await c.query('VACUUM ANALYZE');
    console.log(`loaded in ${Date.now() - t1} ms`);
    for (const k of Object.keys(rows)) rows[k] = null;
  }
  return {
    url,
    c,
    exps,
    async close() {
      await c.end();
      if (server) {
        await server.stop();
        fs.rmSync(server.dataDir, { recursive: true, force: true });
      }
    },
  };
}

module.exports = { loadNationalWorkload };
