/**
 * Klantbeleving and uitval (issue 14, items 4 and 5) from the repository's counts: pure, every
 * statistic from @living-lab/stats, every rule and word from libs/domain (beleving-uitval.ts).
 */
import { compareProportions, wilsonInterval } from '@living-lab/stats';
import {
  BELEVING_UITVAL_LABEL,
  BELEVING_UITVAL_MINIMUM,
  NEGATIVE_CIJFER_BELOW,
  NEGATIVE_EMOTIONS,
  belevingUitvalSentence,
  count,
  inJourneyOrder,
  survivorshipDifference,
  survivorshipSentence,
  type BelevingUitval,
  type BelevingUitvalGroup,
  type BelevingUitvalRow,
  type Survivorship,
} from '@living-lab/domain';
import type { BelevingUitvalCountRow, SurvivorshipRow } from './results.repository';

interface Sums {
  uitvalBefore: number;
  scored: number;
  complete: number;
  events: number;
}
const ZERO: Sums = { uitvalBefore: 0, scored: 0, complete: 0, events: 0 };
const plus = (a: Sums, b: Sums): Sums => ({
  uitvalBefore: a.uitvalBefore + b.uitvalBefore,
  scored: a.scored + b.scored,
  complete: a.complete + b.complete,
  events: a.events + b.events,
});

function group(s: Sums): BelevingUitvalGroup {
  return {
    scored: count(s.scored),
    complete: count(s.complete),
    events: count(s.events),
    risk: s.complete > 0 ? s.events / s.complete : null,
    ci95: s.complete > 0 ? wilsonInterval(s.events, s.complete) : null,
  };
}

/**
 * One row: the negative group against the others. The risk ratio (log/Katz interval), the risk
 * difference (Newcombe) and Fisher's p only with BELEVING_UITVAL_MINIMUM complete participants in
 * each group; the ratio stays null when the others had no uitval (as `compareProportions`).
 */
function row(
  rows: readonly BelevingUitvalCountRow[],
  arm: string | null,
  phase: string,
  followUpDays: number,
  armName: (arm: string) => string,
): BelevingUitvalRow {
  const sum = (g: BelevingUitvalCountRow['group']) =>
    rows.filter((r) => r.group === g).reduce<Sums>((s, r) => plus(s, r), ZERO);
  const neg = sum('negatief');
  const oth = sum('overig');
  const unknown = sum('onbekend');
  const enough = neg.complete >= BELEVING_UITVAL_MINIMUM && oth.complete >= BELEVING_UITVAL_MINIMUM;
  const cmp = enough
    ? compareProportions({ successes: neg.events, total: neg.complete }, { successes: oth.events, total: oth.complete })
    : null;
  const out: BelevingUitvalRow = {
    arm,
    negative: group(neg),
    others: group(oth),
    uitvalBeforeScore: count(neg.uitvalBefore + oth.uitvalBefore + unknown.uitvalBefore),
    unclassified: count(unknown.scored),
    riskRatio: cmp?.riskRatio ?? null,
    riskRatioCi: cmp?.riskRatioCi ?? null,
    riskDifference: cmp?.riskDifference ?? null,
    riskDifferenceCi: cmp?.riskDifferenceCi ?? null,
    fisherPValue: cmp?.fisherPValue ?? null,
    enough,
    sentence: '',
  };
  out.sentence = belevingUitvalSentence(out, phase, followUpDays, arm === null ? null : armName(arm));
  return out;
}

/** Per klantbeleving phase in journey order: all arms together, and each arm of the plan. */
export function belevingUitval(
  rows: readonly BelevingUitvalCountRow[],
  arms: readonly { key: string; name: string }[],
  followUpDays: number,
): BelevingUitval {
  const armName = (k: string) => arms.find((a) => a.key === k)?.name ?? k;
  const phases = inJourneyOrder([...new Set(rows.map((r) => r.phase))], (p) => p);
  return {
    followUpDays,
    label: 'association',
    labelText: BELEVING_UITVAL_LABEL,
    negativeEmotions: [...NEGATIVE_EMOTIONS],
    negativeBelow: NEGATIVE_CIJFER_BELOW,
    phases: phases.map((phase) => {
      const rs = rows.filter((r) => r.phase === phase);
      return {
        phase,
        all: row(rs, null, phase, followUpDays, armName),
        arms: arms.map((a) =>
          row(
            rs.filter((r) => r.arm === a.key),
            a.key,
            phase,
            followUpDays,
            armName,
          ),
        ),
      };
    }),
  };
}

/** Per klantbeleving phase: the arms' uitval before it, the rule of item 5, and the caveat. */
export function survivorshipByPhase(
  rows: readonly SurvivorshipRow[],
  arms: readonly string[],
): Map<string, Survivorship> {
  const out = new Map<string, Survivorship>();
  for (const phase of new Set(rows.map((r) => r.phase))) {
    const perArm = arms.map((arm) => {
      const r = rows.find((x) => x.phase === phase && x.arm === arm);
      const enrolled = r?.enrolled ?? 0;
      const before = r?.uitvalBefore ?? 0;
      return {
        arm,
        enrolled: count(enrolled),
        uitvalBefore: count(before),
        share: enrolled > 0 ? before / enrolled : null,
      };
    });
    const { difference, differs } = survivorshipDifference(perArm.map((a) => a.share));
    out.set(phase, { arms: perArm, difference, differs, sentence: differs ? survivorshipSentence(phase) : null });
  }
  return out;
}
