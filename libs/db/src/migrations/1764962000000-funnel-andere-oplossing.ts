import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The aggregate funnel gets the step `andere_oplossing`, as the sector funnel of participant-level
 * data already counted it: every exit of the journey (domain.md) is a step, so one funnel serves
 * submissions, the sector funnel and the report. The CHECK mirrors FUNNEL_STEPS of libs/domain
 * (test/db/vocabulary-mirror.spec.ts).
 */
export class FunnelAndereOplossing1764962000000 implements MigrationInterface {
  name = 'FunnelAndereOplossing1764962000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE funnel_count DROP CONSTRAINT funnel_count_step_check;
      ALTER TABLE funnel_count ADD CONSTRAINT funnel_count_step_check CHECK (step IN ('aanmeldingen', 'intakes',
        'instroom_stabilisatie', 'gereed', 'akkoord', 'langdurige_stabilisatie', 'informatie_advies', 'andere_oplossing',
        'uitval', 'no_shows', 'caseload_fte'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE funnel_count DROP CONSTRAINT funnel_count_step_check;
      ALTER TABLE funnel_count ADD CONSTRAINT funnel_count_step_check CHECK (step IN ('aanmeldingen', 'intakes',
        'instroom_stabilisatie', 'gereed', 'akkoord', 'langdurige_stabilisatie', 'informatie_advies', 'uitval',
        'no_shows', 'caseload_fte'));
    `);
  }
}
