/**
 * The quarterly reflection (issue 15): what the gemeenten and the project leads concluded from a
 * quarter's figures, what they decided (per experiment and for the lab as a whole) and what they
 * propose to improve, with an owner and a target quarter. The next quarter's report opens with
 * those decisions and proposals and what came of them. Pure types and limits: the API, the
 * renderers and the web app (type-only import) share them.
 */
import type { ReflectionDecision } from './vocabulary';

/** The longest texts a reflection takes (characters). */
export const REFLECTION_LIMITS = {
  conclusions: 5000,
  reason: 2000,
  proposal: 2000,
  owner: 200,
  outcome: 2000,
  comment: 2000,
  /** decisions, and proposals, per record */
  items: 20,
} as const;

/** What came of an earlier decision or proposal, written in the next quarter. */
export interface ReflectionOutcome {
  text: string;
  /** the quarter whose report tells it */
  quarter: string;
  writtenAt: string;
}

export interface ReflectionDecisionItem {
  id: string;
  decision: ReflectionDecision;
  reason: string;
  outcome: ReflectionOutcome | null;
}

/** A verbetervoorstel: an improvement, who takes it up and by which quarter. */
export interface ReflectionProposal {
  id: string;
  text: string;
  owner: string;
  targetQuarter: string;
  outcome: ReflectionOutcome | null;
}

/** A reviewer's (or project lead's) comment on a reflection that is not yet published. */
export interface ReflectionComment {
  id: string;
  author: string;
  text: string;
  createdAt: string;
}

/** One reflection: about one experiment, or (experimentKey null) about the lab as a whole. */
export interface Reflection {
  id: string;
  quarter: string;
  experimentKey: string | null;
  /** the experiment's title, null for the lab as a whole */
  experimentTitle: string | null;
  conclusions: string;
  decisions: ReflectionDecisionItem[];
  proposals: ReflectionProposal[];
  updatedAt: string;
}

/** A reflection as GET …/reflections returns it: with who wrote it and the comments (not in a report). */
export interface ReflectionRecord extends Reflection {
  writtenBy: string;
  comments: ReflectionComment[];
  /** true when the quarter's report was published after the last change (comments are closed) */
  published: boolean;
}

/** The reflections a quarterly report holds: this quarter's, and the previous quarter's with what came of them. */
export interface ReportReflections {
  quarter: string;
  records: Reflection[];
  previous: { quarter: string; records: Reflection[] };
}

/** Sorts reflections as a report shows them: the lab as a whole first, then by experiment title. */
export function sortReflections<T extends { experimentKey: string | null; experimentTitle: string | null }>(
  xs: readonly T[],
): T[] {
  return [...xs].sort((a, b) =>
    a.experimentKey === null
      ? -1
      : b.experimentKey === null
        ? 1
        : (a.experimentTitle ?? a.experimentKey).localeCompare(b.experimentTitle ?? b.experimentKey, 'nl'),
  );
}

/** The heading of a reflection: the experiment's title, or the lab as a whole. */
export const reflectionSubject = (r: { experimentKey: string | null; experimentTitle: string | null }): string =>
  r.experimentKey === null ? 'Het living lab als geheel' : `Experiment: ${r.experimentTitle ?? r.experimentKey}`;
