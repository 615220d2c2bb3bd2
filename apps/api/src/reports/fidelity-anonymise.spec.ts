import { count, FIDELITY_NOTE, type Fidelity, type FidelityArm } from '@living-lab/domain';
import { anonFidelity } from './report-anonymise';

/** The reviewer's view of fidelity (issue 14): counts 1–4 `<5`, and no small "did not receive" to work out. */
const arm = (enrolled: number, received: number | null, asExpected: number | null): FidelityArm => ({
  arm: 'bon',
  kind: received === null ? null : 'bon_uitgereikt',
  label: received === null ? null : 'Bon uitgereikt',
  expected: received === null ? null : 1,
  enrolled: count(enrolled),
  received: received === null ? null : count(received),
  share: received === null ? null : received / enrolled,
  receivedAsExpected: asExpected === null ? null : count(asExpected),
  shareAsExpected: asExpected === null ? null : asExpected / enrolled,
  medianReceived: received === null ? null : 1,
  contaminated: count(2),
  contaminatedByKind: { coachingsgesprek_gehouden: count(2) },
});
const view = (a: FidelityArm) => anonFidelity({ arms: [a], note: FIDELITY_NOTE } satisfies Fidelity).arms[0];

describe('anonFidelity', () => {
  it('shows large counts and their shares as they are; contamination of 1–4 is <5', () => {
    expect(view(arm(40, 20, 10))).toMatchObject({
      enrolled: 40,
      received: 20,
      share: 0.5,
      receivedAsExpected: 10,
      shareAsExpected: 0.25,
      medianReceived: 1,
      contaminated: '<5',
      contaminatedByKind: { coachingsgesprek_gehouden: '<5' },
    });
  });

  it('hides a received count whose complement (did not receive) is 1–4, and the share built on it', () => {
    const v = view(arm(40, 37, 37));
    expect(v.enrolled === 40 || typeof v.enrolled === 'string').toBe(true);
    expect(typeof v.received).toBe('string'); // 40 − 37 = 3 would otherwise be worked out
    expect(v.share).toBe('<5');
    expect(typeof v.receivedAsExpected).toBe('string');
    expect(v.shareAsExpected).toBe('<5');
  });

  it('hides small counts, their shares and the median of a small arm; an arm without delivery keeps its nulls', () => {
    expect(view(arm(3, 2, 1))).toMatchObject({ enrolled: '<5', received: '<5', share: '<5', medianReceived: '<5' });
    expect(view(arm(12, null, null))).toMatchObject({
      enrolled: 12,
      received: null,
      share: null,
      medianReceived: null,
    });
  });
});
