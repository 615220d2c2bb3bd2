import { labelOf, METRIC_LABELS, STATUS_LABELS } from './labels';
import { EXPERIMENT_STATUSES, METRICS } from './vocabulary';

describe('the label table', () => {
  it('names every metric and status, nothing else', () => {
    expect(Object.keys(METRIC_LABELS).sort()).toEqual([...METRICS].sort());
    expect(Object.keys(STATUS_LABELS).sort()).toEqual([...EXPERIMENT_STATUSES].sort());
    expect(Object.values(METRIC_LABELS).every((l) => /^[A-Z]/.test(l))).toBe(true);
  });
  it('falls back to the code for an unknown one, never to an inherited property', () => {
    expect(labelOf(STATUS_LABELS, 'completed')).toBe('Afgerond');
    expect(labelOf(STATUS_LABELS, 'ended')).toBe('ended');
    expect(labelOf(STATUS_LABELS, 'constructor')).toBe('constructor');
  });
});
