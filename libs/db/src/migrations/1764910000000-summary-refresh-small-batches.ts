import type { MigrationInterface, QueryRunner } from 'typeorm';

const MILESTONES = [
  'aanmelding',
  'no_show',
  'intake',
  'instroom_stabilisatie',
  'overzicht_gereed',
  'financieel_stabiel',
  'gereed_voor_schuldregeling',
  'akkoord_schuldregeling',
  'succesvol_afgerond',
  'langdurige_stabilisatie',
  'informatie_advies',
  'andere_oplossing',
  'uitval',
  'terugval',
  'heraanmelding',
];

/**
 * Small writes refresh the enrolment summary by participant ids, not through the temp table.
 *
 * A plpgsql function caches a generic plan, and a never-analysed temp table is estimated at ~2,000
 * rows, so the one-participant refresh of every API write ran the bulk plan (hash joins over all
 * events): about 21 ms per write (pg_stat_statements), the main cost of an enrolment under load.
 * Writes touching up to 1,000 participants now go through refresh_outcomes_for(pids), planned per
 * call with the real ids (plan_cache_mode = force_custom_plan, index scans); larger batches keep
 * the temp-table path, which analyses the table first.
 */
export class SummaryRefreshSmallBatches1764910000000 implements MigrationInterface {
  name = 'SummaryRefreshSmallBatches1764910000000';

  async up(q: QueryRunner): Promise<void> {
    const firstNames = MILESTONES.map((m) => `first_${m}`).join(', ');
    const firstAggregates = MILESTONES.map((m) => `min(e.occurred_on) FILTER (WHERE e.milestone = '${m}')`).join(
      ',\n                 ',
    );
    await q.query(`
      CREATE FUNCTION refresh_outcomes_for(pids bigint[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp
        SET plan_cache_mode = force_custom_plan AS $$
      BEGIN
        DELETE FROM enrolment_summary s USING enrolment n
          WHERE s.enrolment_id = n.id AND n.participant_id = ANY (pids);
        INSERT INTO enrolment_summary (enrolment_id, experiment_key, arm_key, gemeente_code, klantprofiel, segment,
                                       enrolled_on, terminal_on, terminal_cause, ${firstNames})
          SELECT n.id, n.experiment_key, n.arm_key, p.gemeente_code, p.klantprofiel, p.segment, n.enrolled_on,
                 t.terminal_on, t.terminal_cause, f.*
          FROM enrolment n
          JOIN participant p ON p.id = n.participant_id
          CROSS JOIN LATERAL (
            SELECT ${firstAggregates}
            FROM current_milestone_event e
            WHERE e.participant_id = n.participant_id AND e.occurred_on >= n.enrolled_on) f
          LEFT JOIN LATERAL (
            SELECT e.occurred_on AS terminal_on, terminal_cause(e.milestone) AS terminal_cause
            FROM current_milestone_event e
            WHERE e.participant_id = n.participant_id AND e.occurred_on >= n.enrolled_on AND terminal_cause(e.milestone) IS NOT NULL
            ORDER BY e.occurred_on, terminal_cause(e.milestone) LIMIT 1) t ON true
          WHERE n.participant_id = ANY (pids);
      END $$;

      CREATE OR REPLACE FUNCTION refresh_outcomes_after_write() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
      DECLARE pids bigint[];
      BEGIN
        -- Only participants with an enrolment have a summary: a bulk import of events for
        -- participants without one (most of a first upload) marks nothing and refreshes nothing.
        IF TG_TABLE_NAME = 'participant' THEN
          pids := ARRAY(SELECT DISTINCT c.id FROM changed c WHERE EXISTS (SELECT 1 FROM enrolment n WHERE n.participant_id = c.id));
        ELSE
          pids := ARRAY(SELECT DISTINCT c.participant_id FROM changed c WHERE EXISTS (SELECT 1 FROM enrolment n WHERE n.participant_id = c.participant_id));
        END IF;
        IF cardinality(pids) = 0 THEN RETURN NULL; END IF;
        IF cardinality(pids) <= 1000 THEN
          PERFORM refresh_outcomes_for(pids);
        ELSE
          PERFORM mark_outcome_refresh();
          INSERT INTO outcome_refresh SELECT unnest(pids) ON CONFLICT DO NOTHING;
          PERFORM refresh_marked_outcomes();
        END IF;
        RETURN NULL;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION refresh_outcomes_for(bigint[]);');
  }
}
