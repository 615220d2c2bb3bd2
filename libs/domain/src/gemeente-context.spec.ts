import {
  CONTEXT_DEFINITIONS,
  UITBESTEDING_LABELS,
  UITBESTEDING_ONDERDELEN,
  WERKWIJZE_LABELS,
  WERKWIJZEN,
} from './gemeente-context';
import {
  buildSectorContext,
  checkContextInput,
  parseContextYear,
  sumFunnels,
  type GemeenteContext,
} from './gemeente-context';
import { begrippen, definitionOf } from './definitions';
import { ERROR_CATALOGUE } from './errors';
import type { FunnelSummary } from './report';
import { count } from './results';

const funnel = (n: Partial<Record<string, number>>, reasons: Record<string, number> = {}): FunnelSummary =>
  ({
    counts: Object.fromEntries(
      [
        'aanmelding',
        'no_show',
        'intake',
        'instroom_stabilisatie',
        'gereed_voor_schuldregeling',
        'akkoord_schuldregeling',
        'langdurige_stabilisatie',
        'informatie_advies',
        'andere_oplossing',
        'andere_uitstroom',
        'uitval',
      ].map((k) => [k, count(n[k] ?? 0)]),
    ),
    uitvalByReason: Object.fromEntries(Object.entries(reasons).map(([k, v]) => [k, count(v)])),
    shares: { intakePerAanmelding: null, gereedPerInstroom: null, akkoordPerGereed: null },
  }) as FunnelSummary;

describe('gemeente context: vocabulary, checks and the split by werkwijze', () => {
  it('labels every werkwijze and part, defines the study’s terms, and has a message for every problem code', () => {
    expect(Object.keys(WERKWIJZE_LABELS)).toEqual([...WERKWIJZEN]);
    expect(Object.keys(UITBESTEDING_LABELS)).toEqual([...UITBESTEDING_ONDERDELEN]);
    for (const k of Object.keys(CONTEXT_DEFINITIONS)) expect(definitionOf(`context.${k}`)?.text).toMatch(/\.$/);
    for (const w of WERKWIJZEN) expect(begrippen().find((b) => b.key === `context.${w}`)?.group).toBe('werkwijze');
    for (const code of [
      'context.year_invalid',
      'context.werkwijze_unknown',
      'context.regisseur_invalid',
      'context.uitbesteed_invalid',
      'context.uitbesteed_unknown',
      'context.caseload_invalid',
      'context.not_found',
    ])
      expect(ERROR_CATALOGUE).toHaveProperty([code]);
  });

  it('takes a year from 2000 up to this year, as four digits', () => {
    const today = '2026-11-29';
    expect(parseContextYear('2000', today)).toBe(2000);
    expect(parseContextYear('2026', today)).toBe(2026);
    for (const bad of ['1999', '2027', '20x6', '02026', '', '2026.0', ' 2026', null, {}])
      expect(parseContextYear(bad, today)).toEqual({
        field: 'year',
        code: 'context.year_invalid',
        params: { min: 2000, max: 2026 },
      });
  });

  it('stores parts in vocabulary order without repeats and a caseload to two decimals; null is "onbekend"', () => {
    expect(
      checkContextInput({
        werkwijze: 'maatwerk',
        regisseur: false,
        uitbesteed: ['budgetbeheer', 'intake', 'intake'],
        caseloadPerFte: 41.666,
      }),
    ).toEqual({
      ok: { werkwijze: 'maatwerk', regisseur: false, uitbesteed: ['intake', 'budgetbeheer'], caseloadPerFte: 41.67 },
    });
    expect(
      checkContextInput({ werkwijze: 'procesgericht', regisseur: true, uitbesteed: [], caseloadPerFte: null }),
    ).toEqual({
      ok: { werkwijze: 'procesgericht', regisseur: true, uitbesteed: [], caseloadPerFte: null },
    });
  });

  it('lists every problem of a body at once, each with its field and code', () => {
    const r = checkContextInput({
      werkwijze: 'hybride',
      regisseur: 'ja',
      uitbesteed: ['catering'],
      caseloadPerFte: 0.001,
    });
    expect('problems' in r && r.problems.map((p) => [p.field, p.code])).toEqual([
      ['werkwijze', 'context.werkwijze_unknown'],
      ['regisseur', 'context.regisseur_invalid'],
      ['uitbesteed', 'context.uitbesteed_unknown'],
      ['caseloadPerFte', 'context.caseload_invalid'],
    ]);
    for (const body of [null, [], 'x', 42]) expect('problems' in checkContextInput(body)).toBe(true);
    for (const c of [0, -1, 1001, Infinity, NaN, '50', undefined])
      expect(
        'problems' in checkContextInput({ werkwijze: 'maatwerk', regisseur: true, uitbesteed: [], caseloadPerFte: c }),
      ).toBe(true);
  });

  it('sums the figures per werkwijze, keeps gemeenten without a context apart, and recomputes the shares', () => {
    const ctx = (gemeente: string, werkwijze: 'maatwerk' | 'procesgericht', year = 2026): GemeenteContext => ({
      gemeente,
      year,
      werkwijze,
      regisseur: true,
      uitbesteed: [],
      caseloadPerFte: 50,
      recordedBy: 'x',
      recordedAt: 'x',
    });
    const by = [
      {
        gemeente: 'a',
        ...funnel({ aanmelding: 10, instroom_stabilisatie: 8, gereed_voor_schuldregeling: 6 }, { afgewezen: 1 }),
      },
      {
        gemeente: 'b',
        ...funnel(
          { aanmelding: 20, instroom_stabilisatie: 12, gereed_voor_schuldregeling: 3 },
          { afgewezen: 2, onbekend: 1 },
        ),
      },
      { gemeente: 'c', ...funnel({ aanmelding: 5 }) },
      { gemeente: 'd', ...funnel({ aanmelding: 7, instroom_stabilisatie: 4, gereed_voor_schuldregeling: 1 }) },
    ];
    const s = buildSectorContext(
      2026,
      [
        ctx('a', 'maatwerk'),
        ctx('d', 'maatwerk'),
        ctx('b', 'procesgericht'),
        ctx('c', 'maatwerk', 2025),
        ctx('e', 'procesgericht'),
      ],
      by,
    );
    expect(s.gemeenten.map((g) => [g.gemeente, g.context?.werkwijze ?? null])).toEqual([
      ['a', 'maatwerk'],
      ['b', 'procesgericht'],
      ['c', null],
      ['d', 'maatwerk'],
      ['e', 'procesgericht'],
    ]);
    expect(
      s.byWerkwijze.map((w) => [w.werkwijze, w.gemeenten, w.counts.aanmelding, w.shares.gereedPerInstroom]),
    ).toEqual([
      ['procesgericht', ['b'], 20, 3 / 12],
      ['maatwerk', ['a', 'd'], 17, 7 / 12],
      ['onbekend', ['c'], 5, null],
    ]);
    expect(s.byWerkwijze[1].uitvalByReason).toEqual({ afgewezen: 1 });
    expect(sumFunnels([]).shares).toEqual({
      intakePerAanmelding: null,
      gereedPerInstroom: null,
      akkoordPerGereed: null,
    });
    // both werkwijzen always shown; no "onbekend" group when every gemeente recorded one
    expect(buildSectorContext(2026, [], []).byWerkwijze.map((w) => w.werkwijze)).toEqual(['procesgericht', 'maatwerk']);
  });
});
