import { Link } from '@mui/material';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { definitionOf } from '@living-lab/definitions';
import { metricLabel, PHASE_LABELS } from '../format';

/** Where the Begrippen page shows one definition. */
export const begripPath = (key: string) => `/begrippen?begrip=${encodeURIComponent(key)}`;

/**
 * A word with a definition, as a link to it on the Begrippen page (the text stays the word itself,
 * so screen readers read the name; the title says where it goes). A word without a definition is
 * shown as plain text.
 */
export function TermLink({ term, children }: { term: string; children: ReactNode }) {
  const d = definitionOf(term);
  if (!d) return <>{children}</>;
  return (
    <Link component={RouterLink} to={begripPath(d.key)} title={`Wat betekent ${d.term}?`} underline="always">
      {children}
    </Link>
  );
}

/** The Dutch name of a metric (a milestone, a composite outcome or a score), linked to its definition. */
export const MetricName = ({ metric }: { metric: string }) => <TermLink term={metric}>{metricLabel(metric)}</TermLink>;

/** The Dutch name of a klantbeleving phase, linked to its definition. */
export const PhaseName = ({ phase }: { phase: string }) => (
  <TermLink term={`fase.${phase}`}>{PHASE_LABELS[phase] ?? phase}</TermLink>
);
