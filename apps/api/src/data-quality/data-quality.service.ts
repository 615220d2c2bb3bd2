import { Injectable } from '@nestjs/common';
import {
  DomainError,
  fieldError,
  MAIN_LINE,
  MILESTONE_LABELS,
  NVVK_INTAKE_DAYS,
  PHASE_REACHED_BY,
  quarterRange,
  todayIso,
  type DdasQuality,
  type Milestone,
} from '@living-lab/domain';
import { GemeentenRepository } from '../gemeenten/gemeenten.repository';
import { DataQualityRepository } from './data-quality.repository';

export interface DataQuality {
  gemeente: string;
  quarter: string;
  /** Histories are judged up to this date: the quarter's end, or today while it runs. */
  asOf: string;
  /** Participants with any fact dated in the quarter. */
  participants: number;
  /** Per milestone of the main line: of those who got this far (it or a later one recorded), how many have it recorded. */
  milestones: { milestone: string; expected: number; recorded: number; completeness: number | null }[];
  impossibleOrder: {
    participants: number;
    gereedBeforeIntake: number;
    eventsBeforeAanmelding: number;
    eventsAfterTerminal: number;
  };
  /** Aanmeldingen at least 30 days old with neither intake, no_show nor uitval recorded. */
  unregisteredNoShows: { due: number; count: number };
  /** Per phase: participants who reached it and how many have a klantbeleving score for it. */
  beleving: { phase: string; reached: number; measured: number; missing: number }[];
  /** 0–100: the mean of the milestone completeness, the share without impossible orders, the share of registered follow-ups and the beleving coverage. */
  completenessScore: number | null;
  warnings: string[];
  /** DDAS deliveries (the data-quality endpoint only, `{ ddas: true }`). */
  ddas?: DdasQuality;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The figures of a gemeente without any participant active in the quarter: all zero. */
const EMPTY_FIGURES: Record<string, number> = new Proxy({}, { get: () => 0 });

/**
 * The data-quality picture the 2019 study asks for, per gemeente and quarter (issue 7). Problems
 * are warnings, never refusals. The quarterly report calls `forGemeenteQuarter` (one gemeente) or
 * `forQuarter` (every gemeente).
 */
@Injectable()
export class DataQualityService {
  constructor(
    private readonly repo: DataQualityRepository,
    private readonly gemeenten: GemeentenRepository,
  ) {}

  /** Every gemeente, from one set-based query. */
  async forQuarter(quarter: string, today = todayIso(), opts: { ddas?: boolean } = {}): Promise<DataQuality[]> {
    const { q, range, asOf } = this.period(quarter, today);
    const all = await this.repo.figuresByGemeente(null, range.start, range.end, asOf);
    const pictures = (await this.repo.gemeenten()).map((g) => this.picture(g, q, asOf, all.get(g) ?? EMPTY_FIGURES));
    return opts.ddas ? this.withDdas(pictures, null, range) : pictures;
  }

  async forGemeenteQuarter(
    gemeente: string,
    quarter: string,
    today = todayIso(),
    opts: { ddas?: boolean } = {},
  ): Promise<DataQuality> {
    const { q, range, asOf } = this.period(quarter, today);
    if (!(await this.gemeenten.exists(gemeente)))
      throw new DomainError('gemeente.not_found', { params: { gemeente }, field: 'gemeente' });
    const f =
      (await this.repo.figuresByGemeente(gemeente, range.start, range.end, asOf)).get(gemeente) ?? EMPTY_FIGURES;
    const picture = this.picture(gemeente, q, asOf, f);
    return opts.ddas ? (await this.withDdas([picture], gemeente, range))[0] : picture;
  }

  /**
   * Adds what DDAS deliveries brought (issue 13 item 8): the share of the quarter's participants
   * with DDAS facts, the last delivery, and where DDAS disagrees with the own registration.
   */
  private async withDdas(
    pictures: DataQuality[],
    gemeente: string | null,
    range: { start: string; end: string },
  ): Promise<DataQuality[]> {
    const d = await this.repo.ddasByGemeente(gemeente, range.start, range.end);
    return pictures.map((p) => {
      const withDdas = d.withDdas.get(p.gemeente) ?? 0;
      const disagreements = d.disagreements.get(p.gemeente) ?? [];
      const ddas: DdasQuality = {
        withDdas,
        share: p.participants ? Math.round((withDdas / p.participants) * 1000) / 1000 : null,
        lastDelivery: d.lastDelivery.get(p.gemeente) ?? null,
        disagreements,
      };
      const warnings = [...p.warnings];
      for (const x of disagreements)
        warnings.push(
          `${MILESTONE_LABELS[x.milestone as Milestone] ?? x.milestone}: bij ${x.participants} ${x.participants === 1 ? 'deelnemer' : 'deelnemers'} geeft DDAS een andere datum dan de eigen registratie.`,
        );
      return { ...p, ddas, warnings };
    });
  }

  private period(quarter: string, today: string) {
    const q = quarter.trim().toUpperCase();
    const range = quarterRange(q);
    if (!range) throw fieldError('quarter.invalid', 'quarter');
    if (range.start > today) throw fieldError('quarter.not_started', 'quarter');
    return { q, range, asOf: range.end < today ? range.end : today };
  }

  private picture(gemeente: string, q: string, asOf: string, f: Record<string, number>): DataQuality {
    const milestones = MAIN_LINE.map((m) => ({
      milestone: m,
      expected: f[`exp_${m}`],
      recorded: f[`rec_${m}`],
      completeness: f[`exp_${m}`] ? Math.round((f[`rec_${m}`] / f[`exp_${m}`]) * 1000) / 1000 : null,
    }));
    const beleving = Object.keys(PHASE_REACHED_BY).map((phase) => ({
      phase,
      reached: f[`reached_${phase}`],
      measured: f[`measured_${phase}`],
      missing: f[`reached_${phase}`] - f[`measured_${phase}`],
    }));
    const impossibleOrder = {
      participants: f.impossible_participants,
      gereedBeforeIntake: f.gereed_before_intake,
      eventsBeforeAanmelding: f.events_before_aanmelding,
      eventsAfterTerminal: f.events_after_terminal,
    };
    const unregisteredNoShows = { due: f.no_show_due, count: f.unregistered_no_shows };

    const parts: number[] = milestones.filter((m) => m.completeness !== null).map((m) => m.completeness!);
    if (f.participants) parts.push(1 - impossibleOrder.participants / f.participants);
    if (unregisteredNoShows.due) parts.push(1 - unregisteredNoShows.count / unregisteredNoShows.due);
    const reachedAll = beleving.reduce((s, b) => s + b.reached, 0);
    if (reachedAll) parts.push(beleving.reduce((s, b) => s + b.measured, 0) / reachedAll);
    const completenessScore = parts.length ? Math.round((parts.reduce((s, x) => s + x, 0) / parts.length) * 100) : null;

    const warnings: string[] = [];
    if (!f.participants) warnings.push('Geen deelnemers met gegevens in dit kwartaal.');
    for (const m of milestones) {
      if (m.completeness !== null && m.completeness < 0.9) {
        warnings.push(
          `${MILESTONE_LABELS[m.milestone as Milestone]}: bij ${m.expected - m.recorded} van de ${m.expected} deelnemers die verder zijn, ontbreekt deze stap (${pct(m.completeness)} compleet).`,
        );
      }
    }
    if (impossibleOrder.gereedBeforeIntake)
      warnings.push(
        `${impossibleOrder.gereedBeforeIntake} deelnemers zijn gereed voor schuldregeling vóór hun intake.`,
      );
    if (impossibleOrder.eventsBeforeAanmelding)
      warnings.push(`${impossibleOrder.eventsBeforeAanmelding} deelnemers hebben een stap vóór hun aanmelding.`);
    if (impossibleOrder.eventsAfterTerminal)
      warnings.push(
        `${impossibleOrder.eventsAfterTerminal} deelnemers hebben nog stappen na een einde (uitval, informatie en advies, andere oplossing of afgerond) zonder heraanmelding.`,
      );
    if (unregisteredNoShows.count)
      warnings.push(
        `${unregisteredNoShows.count} aanmeldingen van meer dan ${NVVK_INTAKE_DAYS} dagen oud (de NVVK-norm) hebben geen intake en geen no-show: waarschijnlijk niet geregistreerde no-shows.`,
      );
    for (const b of beleving)
      if (b.missing)
        warnings.push(`Klantbeleving ${b.phase}: ontbreekt bij ${b.missing} van de ${b.reached} deelnemers.`);
    return {
      gemeente,
      quarter: q,
      asOf,
      participants: f.participants,
      milestones,
      impossibleOrder,
      unregisteredNoShows,
      beleving,
      completenessScore,
      warnings,
    };
  }
}
