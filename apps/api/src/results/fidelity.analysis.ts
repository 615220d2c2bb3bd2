/**
 * Fidelity (issue 14, item 7): per arm what was actually delivered. Pure: no database, no clock;
 * the median comes from @living-lab/stats (R's median(): the mean of the two middle values for
 * an even count).
 */
import { describeScores } from '@living-lab/stats';
import {
  count,
  FIDELITY_NOTE,
  type Count,
  type DeliveryDefinition,
  type Fidelity,
  type FidelityArm,
} from '@living-lab/domain';
import type { ContaminationRow, FidelityCountRow } from '../fidelity/fidelity.repository';

export interface FidelityInput {
  /** per arm and number of own-kind deliveries (0 included): enrolments, and whether they got another arm's kind */
  counts: FidelityCountRow[];
  /** per arm and kind of another arm: enrolments that received it */
  contamination: ContaminationRow[];
}

/** The fidelity of every arm (plan order); undefined when the plan names no delivery. */
export function fidelityOf(
  arms: readonly { key: string }[],
  delivery: Record<string, DeliveryDefinition> | undefined,
  input: FidelityInput,
): Fidelity | undefined {
  if (!delivery || Object.keys(delivery).length === 0) return undefined;
  return {
    arms: arms.map((a): FidelityArm => {
      const rows = input.counts.filter((r) => r.arm === a.key);
      const d = delivery[a.key];
      const sum = (rs: FidelityCountRow[]) => rs.reduce((s, r) => s + r.n, 0);
      const enrolled = sum(rows);
      const share = (n: number) => (enrolled > 0 ? n / enrolled : null);
      const contaminatedByKind: Record<string, Count> = {};
      for (const c of input.contamination.filter((r) => r.arm === a.key)) contaminatedByKind[c.kind] = count(c.n);
      const contaminated = count(sum(rows.filter((r) => r.contaminated)));
      if (!d)
        return {
          arm: a.key,
          kind: null,
          label: null,
          expected: null,
          enrolled: count(enrolled),
          received: null,
          share: null,
          receivedAsExpected: null,
          shareAsExpected: null,
          medianReceived: null,
          contaminated,
          contaminatedByKind,
        };
      const received = sum(rows.filter((r) => r.delivered >= 1));
      const asExpected = sum(rows.filter((r) => r.delivered >= d.expected));
      const perPerson = rows.flatMap((r) => Array.from({ length: r.n }, () => r.delivered));
      return {
        arm: a.key,
        kind: d.kind,
        label: d.label,
        expected: d.expected,
        enrolled: count(enrolled),
        received: count(received),
        share: share(received),
        receivedAsExpected: count(asExpected),
        shareAsExpected: share(asExpected),
        medianReceived: describeScores(perPerson).median,
        contaminated,
        contaminatedByKind,
      };
    }),
    note: FIDELITY_NOTE,
  };
}
