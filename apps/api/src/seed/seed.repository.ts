import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DemoSeed, SeedGemeenteContext } from '@living-lab/seeds';

/** SQL of the first start: is the database empty, the first accounts and gemeenten, the demo cohort. */
@Injectable()
export class SeedRepository {
  /** No user and no gemeente yet. */
  async isEmpty(m: EntityManager): Promise<boolean> {
    const [{ n }] = await m.query('SELECT (SELECT count(*) FROM app_user) + (SELECT count(*) FROM gemeente) AS n');
    return Number(n) === 0;
  }

  async insertGemeente(
    m: EntityManager,
    g: { code: string; naam: string; inwoners: number | null; consentNamed: boolean; cbsCode?: string | null },
  ): Promise<void> {
    await m.query('INSERT INTO gemeente (code, naam, inwoners, consent_named, cbs_code) VALUES ($1, $2, $3, $4, $5)', [
      g.code,
      g.naam,
      g.inwoners,
      g.consentNamed,
      g.cbsCode ?? null,
    ]);
  }

  /** A demo gemeente's context of one year (issue 14, item 8). */
  async insertContext(m: EntityManager, c: SeedGemeenteContext): Promise<void> {
    await m.query(
      `INSERT INTO gemeente_context (gemeente_code, year, werkwijze, regisseur, uitbesteed, caseload_per_fte, recorded_by)
       VALUES ($1, $2, $3, $4, $5::text[], $6, 'system')`,
      [c.gemeente, c.year, c.werkwijze, c.regisseur, c.uitbesteed, c.caseloadPerFte],
    );
  }

  async insertUser(
    m: EntityManager,
    u: { username: string; passwordHash: string; role: string; gemeente: string | null },
  ): Promise<void> {
    await m.query('INSERT INTO app_user (username, password_hash, role, gemeente_code) VALUES ($1, $2, $3, $4)', [
      u.username,
      u.passwordHash,
      u.role,
      u.gemeente,
    ]);
  }

  /** Bulk insert with unnest: a few statements for thousands of rows (also used by tests to load fixtures). */
  async insertCohort(m: EntityManager, d: DemoSeed): Promise<void> {
    const col = <T>(rows: T[], f: (r: T) => unknown) => rows.map((r) => f(r) ?? null);
    const p = d.participants;
    await m.query(
      `INSERT INTO participant (gemeente_code, participant_ref, segment, aanmeldroute)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
      [
        col(p, (r) => r.gemeente),
        col(p, (r) => r.participantRef),
        col(p, (r) => r.segment),
        col(p, (r) => r.aanmeldroute),
      ],
    );
    // The profile is the first entry of the participant's history, valid from its first date in the
    // cohort (its first event or enrolment): it holds at every enrolment.
    const first = new Map<string, string>();
    const seen = (g: string, ref: string, on: string) => {
      const k = `${g}/${ref}`;
      const was = first.get(k);
      if (was === undefined || on < was) first.set(k, on);
    };
    for (const r of d.enrolments) seen(r.gemeente, r.participantRef, r.enrolledOn);
    for (const r of d.events) seen(r.gemeente, r.participantRef, r.occurredOn);
    const profiled = p.filter((r) => r.klantprofiel);
    await m.query(
      `INSERT INTO participant_klantprofiel (participant_id, gemeente_code, klantprofiel, valid_from, source)
       SELECT p.id, p.gemeente_code, x.k, coalesce(x.d, current_date), 'hand'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::date[]) AS x(g, ref, k, d)
       JOIN participant p ON p.gemeente_code = x.g AND p.participant_ref = x.ref`,
      [
        col(profiled, (r) => r.gemeente),
        col(profiled, (r) => r.participantRef),
        col(profiled, (r) => r.klantprofiel),
        col(profiled, (r) => first.get(`${r.gemeente}/${r.participantRef}`)),
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
    // fidelity (issue 14): deliveries of the arms' interventions, as if entered on the timeline
    const dl = d.deliveries ?? [];
    await m.query(
      `INSERT INTO intervention_delivery (participant_id, gemeente_code, experiment_key, kind, delivered_on, source)
       SELECT p.id, p.gemeente_code, x.exp, x.kind, x.d, 'hand'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[]) AS x(exp, g, ref, kind, d)
       JOIN participant p ON p.gemeente_code = x.g AND p.participant_ref = x.ref`,
      [
        col(dl, (r) => r.experiment),
        col(dl, (r) => r.gemeente),
        col(dl, (r) => r.participantRef),
        col(dl, (r) => r.kind),
        col(dl, (r) => r.deliveredOn),
      ],
    );
  }
}
