import { Injectable } from '@nestjs/common';
import { todayIso, type ExperimentResults } from '@living-lab/domain';
import { ExperimentsService } from '../experiments/experiments.service';
import { analyse, milestoneMetrics } from './results.analysis';
import { ResultsRepository } from './results.repository';

@Injectable()
export class ResultsService {
  constructor(
    private readonly repo: ResultsRepository,
    private readonly experiments: ExperimentsService,
  ) {}

  /**
   * The results of one experiment as of a date (default today), over all its gemeenten or — for a
   * gemeente user, or with `gemeente` — over one gemeente's participants only.
   */
  async results(
    key: string,
    opts: { asOf?: string; gemeente?: string; visibleTo?: string; curveDays?: number[] },
  ): Promise<ExperimentResults> {
    const experiment = await this.experiments.get(key, opts.visibleTo);
    const asOf = opts.asOf ?? todayIso();
    const gemeente = opts.gemeente ?? null;
    const [counts, times, beleving, uitvalPhases, aanmeldingIntake, instroomGereed, belevingUitval, survivorship] =
      await Promise.all([
        this.repo.windowCounts(key, asOf, experiment.followUpDays, milestoneMetrics(experiment), gemeente),
        this.repo.timeToEvent(key, asOf, gemeente),
        this.repo.scores(key, asOf, gemeente),
        this.repo.uitvalPhases(key, asOf, gemeente),
        this.repo.durations(key, asOf, 'aanmelding', 'intake', gemeente),
        this.repo.durations(key, asOf, 'instroom_stabilisatie', 'gereed_voor_schuldregeling', gemeente),
        this.repo.belevingUitval(key, asOf, experiment.followUpDays, gemeente),
        this.repo.survivorship(key, asOf, gemeente),
      ]);
    const out = analyse({
      experiment,
      asOf,
      counts,
      times,
      scores: beleving.scores,
      emotions: beleving.emotions,
      curveDays: opts.curveDays,
      uitvalPhases,
      durations: { aanmeldingIntake, instroomGereed },
      belevingUitval,
      survivorship,
    });
    return gemeente ? { ...out, gemeente } : out;
  }
}
