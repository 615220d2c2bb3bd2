import type { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = [
  'aanmeldingen',
  'intakes',
  'instroom_stabilisatie',
  'gereed',
  'akkoord',
  'langdurige_stabilisatie',
  'informatie_advies',
  'andere_oplossing',
  'uitval',
  'no_shows',
  'caseload_fte',
];
/** The funnel steps as they are with this migration (a migration never changes). */
const STEPS = [...BEFORE.slice(0, 8), 'andere_uitstroom', ...BEFORE.slice(8)];

const stepCheck = (steps: string[]) => `
  ALTER TABLE funnel_count DROP CONSTRAINT funnel_count_step_check;
  ALTER TABLE funnel_count ADD CONSTRAINT funnel_count_step_check CHECK (step IN (${steps.map((s) => `'${s}'`).join(', ')}));`;

/**
 * The aggregate funnel gets the step `andere_uitstroom` (migration 1764970000000 made it a
 * milestone): every exit of the journey is a step, so the exits add up in submissions, the sector
 * funnel and the report. The CHECK mirrors FUNNEL_STEPS of libs/domain
 * (test/db/vocabulary-mirror.spec.ts).
 */
export class FunnelAndereUitstroom1764970100000 implements MigrationInterface {
  name = 'FunnelAndereUitstroom1764970100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(stepCheck(STEPS));
  }

  /** Refused while a submission counts andere_uitstroom (the old CHECK would not hold). */
  async down(q: QueryRunner): Promise<void> {
    await q.query(stepCheck(BEFORE));
  }
}
