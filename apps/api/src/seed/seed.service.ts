import { runAsSystem } from '@living-lab/db';
import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { HashAssigner } from '@living-lab/assignment';
import { demoGemeenten, demoUsers, generateDemoSeed, type DemoSeed, type SeedUser } from '@living-lab/seeds';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/auth.service';
import { ExperimentsRepository } from '../experiments/experiments.repository';

export interface CreatedLogin {
  username: string;
  role: string;
  gemeente?: string;
  /** Shown once; undefined when it came from the environment. */
  password?: string;
}

/**
 * The first start: the `admin` account, and on a demo installation the six demo gemeenten,
 * one account per role and the synthetic cohort (seeds/). Runs only on an empty database.
 */
@Injectable()
export class SeedService {
  constructor(
    private readonly ds: DataSource,
    private readonly experiments: ExperimentsRepository,
    private readonly audit: AuditService,
  ) {}

  async isEmpty(): Promise<boolean> {
    const [{ n }] = await this.ds.query(
      'SELECT (SELECT count(*) FROM app_user) + (SELECT count(*) FROM gemeente) AS n',
    );
    return Number(n) === 0;
  }

  /**
   * Creates `admin` (password from LAB_ADMIN_PASSWORD or generated) and, with `demo`, the demo
   * gemeenten and one user per role (password from LAB_DEMO_PASSWORD or generated per user).
   */
  async seedAccounts(opts: { demo: boolean; adminPassword?: string; demoPassword?: string }): Promise<CreatedLogin[]> {
    const gemeenten = opts.demo ? demoGemeenten() : [];
    const users: SeedUser[] = opts.demo ? demoUsers() : [{ username: 'admin', role: 'beheerder' }];
    if (!users.some((u) => u.username === 'admin')) users.unshift({ username: 'admin', role: 'beheerder' });
    const logins: CreatedLogin[] = users.map((u) => {
      const fromEnv = u.username === 'admin' ? opts.adminPassword : opts.demoPassword;
      return { ...u, password: fromEnv ? undefined : randomBytes(12).toString('base64url') };
    });
    const hashes = await Promise.all(
      logins.map((l) =>
        hashPassword(l.password ?? (l.username === 'admin' ? opts.adminPassword! : opts.demoPassword!)),
      ),
    );
    await this.ds.transaction(async (m) => {
      for (const g of gemeenten) {
        await m.query('INSERT INTO gemeente (code, naam, inwoners, consent_named) VALUES ($1, $2, $3, $4)', [
          g.code,
          g.naam,
          g.inwoners,
          g.consentNamed,
        ]);
      }
      for (const [i, l] of logins.entries()) {
        await m.query('INSERT INTO app_user (username, password_hash, role, gemeente_code) VALUES ($1, $2, $3, $4)', [
          l.username,
          hashes[i],
          l.role,
          l.gemeente ?? null,
        ]);
      }
      await this.audit.record(m, {
        actor: 'system',
        action: 'seed_accounts',
        entity: 'app_user',
        after: { users: logins.map((l) => l.username), gemeenten: gemeenten.length },
      });
    });
    return logins;
  }

  /** Loads the synthetic cohort into the running experiments, with the platform's real assignment. */
  async seedCohort(
    seedNumber?: number,
  ): Promise<{ participants: number; enrolments: number; events: number; beleving: number }> {
    // System work: the cohort spans every gemeente (row-level security).
    return runAsSystem(() =>
      this.ds.transaction(async (m) => {
        const list = await this.experiments.list({}, 1000, 0);
        const plans = new Map<string, Awaited<ReturnType<ExperimentsRepository['assignmentPlan']>>>();
        for (const e of list.items) plans.set(e.key, await this.experiments.assignmentPlan(m, e.key));
        const assigner = new HashAssigner();
        const data = generateDemoSeed({
          seed: seedNumber,
          experiments: list.items,
          assignArm: (key, gemeente, participantRef) => {
            const plan = plans.get(key)!;
            return assigner.assign({ experimentKey: key, seed: plan.seed, arms: plan.arms, gemeente, participantRef });
          },
        });
        await this.insertCohort(m, data);
        const counts = {
          participants: data.participants.length,
          enrolments: data.enrolments.length,
          events: data.events.length,
          beleving: data.beleving.length,
        };
        await this.audit.record(m, { actor: 'system', action: 'seed_cohort', entity: 'participant', after: counts });
        return counts;
      }),
    );
  }

  /** Bulk insert with unnest: a few statements for thousands of rows (also used by tests to load fixtures). */
  async insertCohort(m: EntityManager, d: DemoSeed): Promise<void> {
    const col = <T>(rows: T[], f: (r: T) => unknown) => rows.map((r) => f(r) ?? null);
    const p = d.participants;
    await m.query(
      `INSERT INTO participant (gemeente_code, participant_ref, klantprofiel, segment, aanmeldroute)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [
        col(p, (r) => r.gemeente),
        col(p, (r) => r.participantRef),
        col(p, (r) => r.klantprofiel),
        col(p, (r) => r.segment),
        col(p, (r) => r.aanmeldroute),
      ],
    );
    const e = d.enrolments;
    await m.query(
      `INSERT INTO enrolment (experiment_key, participant_id, arm_key, enrolled_on)
       SELECT x.exp, p.id, x.arm, x.d FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[]) AS x(exp, g, ref, arm, d)
       JOIN participant p ON p.gemeente_code = x.g AND p.participant_ref = x.ref`,
      [
        col(e, (r) => r.experiment),
        col(e, (r) => r.gemeente),
        col(e, (r) => r.participantRef),
        col(e, (r) => r.arm),
        col(e, (r) => r.enrolledOn),
      ],
    );
    const v = d.events;
    await m.query(
      `INSERT INTO milestone_event (participant_id, milestone, occurred_on, reason)
       SELECT p.id, x.ms, x.d, x.reason FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[]) AS x(g, ref, ms, d, reason)
       JOIN participant p ON p.gemeente_code = x.g AND p.participant_ref = x.ref`,
      [
        col(v, (r) => r.gemeente),
        col(v, (r) => r.participantRef),
        col(v, (r) => r.milestone),
        col(v, (r) => r.occurredOn),
        col(v, (r) => r.reason),
      ],
    );
    const b = d.beleving;
    await m.query(
      `INSERT INTO beleving_score (participant_id, phase, measured_on, rapportcijfer, waardigheid, duidelijkheid, tempo, foutloos, financiele_rust, emotie, source)
       SELECT p.id, x.phase, x.d, x.rc, x.w, x.du, x.t, x.f, x.fr, x.em, 'staff'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[], $11::text[])
         AS x(g, ref, phase, d, rc, w, du, t, f, fr, em)
       JOIN participant p ON p.gemeente_code = x.g AND p.participant_ref = x.ref`,
      [
        col(b, (r) => r.gemeente),
        col(b, (r) => r.participantRef),
        col(b, (r) => r.phase),
        col(b, (r) => r.measuredOn),
        col(b, (r) => r.rapportcijfer),
        col(b, (r) => r.waardigheid),
        col(b, (r) => r.duidelijkheid),
        col(b, (r) => r.tempo),
        col(b, (r) => r.foutloos),
        col(b, (r) => r.financiele_rust),
        col(b, (r) => r.emotie),
      ],
    );
  }
}
