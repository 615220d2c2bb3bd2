import { Injectable } from '@nestjs/common';
import { todayIso, type ExperimentResults } from '@living-lab/domain';
import { ExperimentsService } from '../experiments/experiments.service';
import { FidelityRepository } from '../fidelity/fidelity.repository';
import { fidelityOf } from './fidelity.analysis';
import { analyse, milestoneMetrics } from './results.analysis';
import { ResultsRepository } from './results.repository';

@Injectable()
export class ResultsService {
  constructor(
    private readonly repo: ResultsRepository,
    private readonly experiments: ExperimentsService,
    private readonly fidelity: FidelityRepository,
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
    const [
      counts,
      times,
      beleving,
      uitvalPhases,
      aanmeldingIntake,
      instroomGereed,
      belevingUitval,
      survivorship,
      deliveries,
    ] = await Promise.all([
      this.repo.windowCounts(key, asOf, experiment.followUpDays, milestoneMetrics(experiment), gemeente),
      this.repo.timeToEvent(key, asOf, gemeente),
      this.repo.scores(key, asOf, gemeente),
      this.repo.uitvalPhases(key, asOf, gemeente),
      this.repo.durations(key, asOf, 'aanmelding', 'intake', gemeente),
      this.repo.durations(key, asOf, 'instroom_stabilisatie', 'gereed_voor_schuldregeling', gemeente),
      this.repo.belevingUitval(key, asOf, experiment.followUpDays, gemeente),
      this.repo.survivorship(key, asOf, gemeente),
      // fidelity (issue 14): only for a plan that names what each arm delivers
      experiment.delivery
        ? Promise.all([
            this.fidelity.fidelityCounts(key, asOf, gemeente),
            this.fidelity.contamination(key, asOf, gemeente),
          ])
        : null,
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
    // fidelity (issue 14): what each arm received, beside the intention-to-treat comparison
    const fidelity =
      experiment.delivery && deliveries
        ? fidelityOf(experiment.arms, experiment.delivery, { counts: deliveries[0], contamination: deliveries[1] })
        : undefined;
    const withFidelity = fidelity ? { ...out, fidelity } : out;
    return gemeente ? { ...withFidelity, gemeente } : withFidelity;
  }
}
