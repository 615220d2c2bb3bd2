import { GrowthBookClient } from '@growthbook/growthbook';

export interface AssignableArm {
  key: string;
  weight: number;
}

/**
 * Deterministic hash randomisation with the GrowthBook SDK (no server, no network): the same
 * experiment seed, arms and participant always give the same arm, in any process. The hash
 * attribute is `gemeente + "/" + participantRef` (a participantRef is unique only per gemeente);
 * the seed is the experiment key plus its secret `assignment_seed`, so nobody can predict an arm
 * from a ref and two experiments never assign alike.
 * `hashVersion` is pinned: versions 1 and 2 disagree for about a third of ids.
 */
export class HashAssigner {
  private readonly client: GrowthBookClient;

  constructor() {
    this.client = new GrowthBookClient({});
    this.client.initSync({ payload: { features: {} } });
  }

  assign(input: {
    experimentKey: string;
    seed: string;
    arms: AssignableArm[];
    gemeente: string;
    participantRef: string;
  }): string {
    const { arms } = input;
    if (arms.length < 2) throw new Error(`Experiment ${input.experimentKey} needs at least two arms to assign.`);
    const total = arms.reduce((s, a) => s + a.weight, 0);
    const id = `${input.gemeente}/${input.participantRef}`;
    const result = this.client.runInlineExperiment(
      {
        key: input.experimentKey,
        variations: arms.map((a) => a.key) as [string, string, ...string[]],
        weights: arms.map((a) => a.weight / total),
        coverage: 1,
        hashAttribute: 'id',
        // GrowthBook ignores the key once a seed is given: prefix the key so that two experiments
        // can never share an assignment, even if their seeds were equal.
        seed: `${input.experimentKey}:${input.seed}`,
        hashVersion: 2,
      },
      { attributes: { id } },
    );
    if (!result.inExperiment) throw new Error(`GrowthBook did not place ${id} in ${input.experimentKey}.`);
    return result.value;
  }
}
