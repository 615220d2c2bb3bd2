/**
 * Charts as a handful of vector shapes, so HTML (inline SVG) and PDF (pdfkit paths) draw the same
 * picture from the same numbers. Coordinates are in points; text `y` is the baseline.
 */
import * as f from './format';
import {
  belevingQuality,
  cohortQuality,
  incidenceQuality,
  outcomeQuality,
  registrationCompleteness,
  sectorQuality,
  type ArmResult,
  type IncidencePoint,
  type IncidenceStep,
  type Readable,
  type ReportView,
  type SectorStep,
} from '@living-lab/domain';
import type { ExperimentView, ForestView, MetricView } from './model';
import { sortPhase } from './model';

export type Shape =
  | { t: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; width?: number; dash?: number[] }
  | {
      t: 'path';
      points: [number, number][];
      stroke?: string;
      fill?: string;
      width?: number;
      opacity?: number;
      closed?: boolean;
      dash?: number[];
      title?: string;
    }
  | { t: 'rect'; x: number; y: number; w: number; h: number; fill: string; stroke?: string; title?: string }
  | {
      t: 'text';
      x: number;
      y: number;
      text: string;
      size: number;
      anchor?: 'start' | 'middle' | 'end';
      bold?: boolean;
      fill?: string;
    };

export interface Chart {
  width: number;
  height: number;
  /** Short title (SVG <title>, PDF heading). */
  title: string;
  /** What the chart shows in one or two sentences (SVG <desc>, aria-label). */
  desc: string;
  shapes: Shape[];
  /** The data-quality line under the figure: source tag and completeness of follow-up (quality.ts). */
  quality?: string;
}

export const INK = '#1f1f1f';
export const MUTED = '#595959';
export const GRID = '#d9d9d9';
/** Okabe–Ito colours: distinguishable with colour blindness; the control group is blue. */
export const ARM_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];
export const EMOTION_COLOURS: Record<string, string> = {
  angst: '#D55E00',
  frustratie: '#E69F00',
  moedeloos: '#7A7A7A',
  hoopvol: '#56B4E9',
  rust: '#009E73',
};

/** Rough width of text in points (Helvetica-like average), for layout only. */
export const textWidth = (s: string, size: number) => s.length * size * 0.52;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** A list of the report, or none where it is missing or suppressed as a whole (`<5`). */
const arr = <T>(v: readonly T[] | string | null | undefined): readonly T[] => (Array.isArray(v) ? v : []);

interface CurvePoint {
  day: number;
  value: number;
  ci95: [number, number] | null;
}
/** The drawable points of a curve: day and value known, the interval where it is. */
const curvePoints = (v: readonly Readable<IncidencePoint | IncidenceStep>[] | string | undefined): CurvePoint[] =>
  arr(v).flatMap((p) =>
    isNum(p.day) && isNum(p.value)
      ? [
          {
            day: p.day,
            value: p.value,
            ci95: Array.isArray(p.ci95) && isNum(p.ci95[0]) && isNum(p.ci95[1]) ? p.ci95 : null,
          },
        ]
      : [],
  );
/**
 * The points of an arm's curve to draw as steps: the whole step curve where the report has it,
 * else (the reviewer's view without it, an older version) the curve at the requested days.
 */
const stepsOf = (a: Readable<ArmResult>): CurvePoint[] =>
  Array.isArray(a.stepCurve) ? curvePoints(a.stepCurve) : curvePoints(a.curve);

/** A step function through the points: flat from each point to the next one, then up or down. */
export function stepLine(pts: readonly { x: number; y: number }[]): [number, number][] {
  const out: [number, number][] = [];
  pts.forEach((p, i) => {
    if (i > 0) out.push([p.x, pts[i - 1].y]);
    out.push([p.x, p.y]);
  });
  return out;
}

export const shorten = (s: string, n = 34) => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);

/** An axis label in whole percentage points when it is whole: +20, 0, -10. */
const tick = (v: number) => {
  const x = Math.round(v * 1000) / 10;
  return Number.isInteger(x) ? `${x > 0 ? '+' : ''}${f.int(x)}` : f.pp(v);
};

function niceStep(range: number, target = 5): number {
  const raw = range / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
}

/** Legend entries in one or more rows from (x, y); returns the y below the legend. */
function legend(
  shapes: Shape[],
  x: number,
  y: number,
  maxW: number,
  items: { label: string; colour: string; kind?: 'line' | 'box'; dash?: number[] }[],
): number {
  let cx = x;
  let cy = y;
  for (const it of items) {
    const w = 22 + textWidth(it.label, 10) + 16;
    if (cx + w > x + maxW && cx > x) {
      cx = x;
      cy += 16;
    }
    if (it.kind === 'box') shapes.push({ t: 'rect', x: cx, y: cy - 9, w: 14, h: 10, fill: it.colour });
    else
      shapes.push({
        t: 'line',
        x1: cx,
        y1: cy - 4,
        x2: cx + 16,
        y2: cy - 4,
        stroke: it.colour,
        width: 2.5,
        dash: it.dash,
      });
    shapes.push({ t: 'text', x: cx + 20, y: cy, text: it.label, size: 10, fill: INK });
    cx += w;
  }
  return cy + 10;
}

/** Cumulative incidence of one cause per arm, with the 95% band, over the days of follow-up. */
export function incidenceChart(x: ExperimentView, metric: MetricView, width = 560, height = 300): Chart {
  const shapes: Shape[] = [];
  const arms = x.arms.flatMap((k, i) => {
    const a = arr(metric.arms).find((y) => y.arm === k);
    return a ? [{ key: k, colour: ARM_COLOURS[i % ARM_COLOURS.length], a }] : [];
  });
  const items = arms.map((a) => ({ label: shorten(x.armName(a.key), 60), colour: a.colour }));
  const top = legend(shapes, 50, 16, width - 60, items) + 8;
  const L = 50,
    R = width - 16,
    B = height - 40,
    T = top;
  const points = arms.flatMap((a) => stepsOf(a.a));
  const maxDay = Math.max(90, ...points.map((p) => p.day));
  const maxVal = Math.max(0.1, ...points.map((p) => (p.ci95 ? p.ci95[1] : p.value)));
  const yMax = Math.min(1, Math.ceil(maxVal * 10) / 10);
  const sx = (d: number) => L + (d / maxDay) * (R - L);
  const sy = (v: number) => B - (v / yMax) * (B - T);
  const yStep = niceStep(yMax, 5);
  for (let v = 0; v <= yMax + 1e-9; v += yStep) {
    shapes.push({ t: 'line', x1: L, y1: sy(v), x2: R, y2: sy(v), stroke: GRID, width: 0.6 });
    shapes.push({ t: 'text', x: L - 6, y: sy(v) + 3.5, text: f.pct(v, 0), size: 9, anchor: 'end', fill: MUTED });
  }
  for (let d = 0; d <= maxDay; d += 90) {
    shapes.push({ t: 'line', x1: sx(d), y1: B, x2: sx(d), y2: B + 4, stroke: MUTED, width: 0.8 });
    shapes.push({ t: 'text', x: sx(d), y: B + 15, text: f.int(d), size: 9, anchor: 'middle', fill: MUTED });
  }
  shapes.push({ t: 'line', x1: L, y1: B, x2: R, y2: B, stroke: MUTED, width: 0.8 });
  shapes.push({
    t: 'text',
    x: (L + R) / 2,
    y: B + 30,
    text: 'Dagen sinds inschrijving',
    size: 9.5,
    anchor: 'middle',
    fill: MUTED,
  });
  const fu = metric.followUpDays;
  if (isNum(fu) && fu <= maxDay) {
    shapes.push({ t: 'line', x1: sx(fu), y1: T, x2: sx(fu), y2: B, stroke: MUTED, width: 0.8, dash: [3, 3] });
    shapes.push({ t: 'text', x: sx(fu) + 4, y: T + 10, text: `volgduur ${f.int(fu)} dagen`, size: 8.5, fill: MUTED });
  }
  for (const a of arms) {
    // a step function: the estimate holds from one event time to the next, and stops at the arm's
    // last follow-up time (the last point); the band steps with it
    const pts = stepsOf(a.a);
    const band = pts.flatMap((p) => (p.ci95 ? [{ day: p.day, lo: p.ci95[0], hi: p.ci95[1] }] : []));
    if (band.length > 1) {
      const upper = stepLine(band.map((p) => ({ x: sx(p.day), y: sy(p.hi) })));
      const lower = stepLine(band.map((p) => ({ x: sx(p.day), y: sy(p.lo) })));
      shapes.push({
        t: 'path',
        points: [...upper, ...lower.reverse()],
        fill: a.colour,
        opacity: 0.14,
        closed: true,
      });
    }
    const last = pts[pts.length - 1];
    shapes.push({
      t: 'path',
      points: stepLine(pts.map((p) => ({ x: sx(p.day), y: sy(p.value) }))),
      stroke: a.colour,
      width: 2.2,
      title: last ? `${x.armName(a.key)}: ${f.pct(last.value)} op dag ${f.int(last.day)}` : undefined,
    });
  }
  const name = f.metric(metric.metric).toLowerCase();
  const at = (a: MetricView['arms'][number], d: number) => arr(a.cumulativeIncidence).find((c) => c.day === d);
  const summary = arms
    .map((a) => {
      const c = (isNum(fu) ? at(a.a, fu) : undefined) ?? at(a.a, 180);
      return c ? `${x.armName(a.key)} ${f.pct(c.value)} op dag ${f.int(c.day)}` : x.armName(a.key);
    })
    .join('; ');
  return {
    width,
    height,
    title: `Cumulatieve incidentie: ${name}`,
    desc: `Aandeel deelnemers met ${name} naar dagen sinds inschrijving, per groep, met 95%-interval. ${summary}.`,
    shapes,
    quality: incidenceQuality(arr(metric.arms)),
  };
}

/** Difference per gemeente with its interval, and the pooled Mantel–Haenszel difference as a diamond. */
export function forestChart(x: ExperimentView, fo: ForestView, width = 620): Chart {
  const rows = [
    ...arr(fo.gemeenten).map((g) => ({
      label: String(g.gemeente),
      rd: g.riskDifference,
      ci: g.ci95,
      pooled: false,
    })),
    { label: 'Alle gemeenten samen', rd: fo.pooled?.riskDifference, ci: fo.pooled?.ci95, pooled: true },
  ];
  const rowH = 22,
    T = 30,
    labelW = 160,
    textW = 150;
  const L = labelW,
    R = width - textW;
  const B = T + rows.length * rowH;
  const height = B + 44;
  const vals = rows.flatMap((r) => [r.rd, ...(Array.isArray(r.ci) ? r.ci : [])]).filter(isNum);
  let lo = Math.min(0, ...vals),
    hi = Math.max(0, ...vals);
  const pad = (hi - lo) * 0.05 || 0.05;
  lo = Math.max(-1, lo - pad);
  hi = Math.min(1, hi + pad);
  const step = niceStep(hi - lo, 6);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const sx = (v: number) => L + ((v - lo) / (hi - lo)) * (R - L);
  const shapes: Shape[] = [];
  shapes.push({ t: 'text', x: 0, y: T - 12, text: 'Gemeente', size: 9.5, bold: true, fill: INK });
  shapes.push({
    t: 'text',
    x: width,
    y: T - 12,
    text: 'Verschil (95%-interval)',
    size: 9.5,
    bold: true,
    anchor: 'end',
    fill: INK,
  });
  for (let v = lo; v <= hi + 1e-9; v += step) {
    shapes.push({ t: 'line', x1: sx(v), y1: T - 4, x2: sx(v), y2: B, stroke: GRID, width: 0.6 });
    shapes.push({ t: 'text', x: sx(v), y: B + 13, text: tick(v), size: 9, anchor: 'middle', fill: MUTED });
  }
  shapes.push({ t: 'line', x1: sx(0), y1: T - 4, x2: sx(0), y2: B, stroke: INK, width: 1 });
  shapes.push({
    t: 'text',
    x: (L + R) / 2,
    y: B + 27,
    text: 'Verschil in procentpunten',
    size: 9.5,
    anchor: 'middle',
    fill: MUTED,
  });
  shapes.push({
    t: 'text',
    x: sx(0) - 4,
    y: B + 40,
    text: `← beter zonder ${shorten(x.armName(fo.vs), 22).toLowerCase()}`,
    size: 8.5,
    anchor: 'end',
    fill: MUTED,
  });
  shapes.push({
    t: 'text',
    x: sx(0) + 4,
    y: B + 40,
    text: `beter met ${shorten(x.armName(fo.arm), 26).toLowerCase()} →`,
    size: 8.5,
    fill: MUTED,
  });
  rows.forEach((r, i) => {
    const cy = T + i * rowH + rowH / 2;
    if (r.pooled)
      shapes.push({ t: 'line', x1: 0, y1: cy - rowH / 2, x2: width, y2: cy - rowH / 2, stroke: GRID, width: 0.8 });
    shapes.push({ t: 'text', x: 0, y: cy + 3.5, text: shorten(r.label, 30), size: 10, bold: r.pooled, fill: INK });
    const txt = typeof r.rd === 'string' ? r.rd : `${f.pp(r.rd)} (${f.interval(r.ci, f.pp)})`;
    shapes.push({ t: 'text', x: width, y: cy + 3.5, text: txt, size: 9.5, anchor: 'end', bold: r.pooled, fill: INK });
    if (!isNum(r.rd)) return;
    const title = `${r.label}: ${f.pp(r.rd)} procentpunt (${f.interval(r.ci, f.pp)})`;
    if (Array.isArray(r.ci) && isNum(r.ci[0]) && isNum(r.ci[1]))
      shapes.push({ t: 'line', x1: sx(r.ci[0]), y1: cy, x2: sx(r.ci[1]), y2: cy, stroke: INK, width: 1.4 });
    if (r.pooled && Array.isArray(r.ci)) {
      shapes.push({
        t: 'path',
        points: [
          [sx(r.ci[0]), cy],
          [sx(r.rd), cy - 7],
          [sx(r.ci[1]), cy],
          [sx(r.rd), cy + 7],
        ],
        fill: ARM_COLOURS[1],
        stroke: INK,
        width: 0.8,
        closed: true,
        title,
      });
    } else {
      shapes.push({ t: 'rect', x: sx(r.rd) - 4.5, y: cy - 4.5, w: 9, h: 9, fill: ARM_COLOURS[0], title });
    }
  });
  return {
    width,
    height,
    title: `Verschil per gemeente: ${x.armName(fo.arm)} tegen ${x.armName(fo.vs)}`,
    desc: `Verschil in het percentage gereed voor schuldregeling per gemeente, met 95%-interval. Alle gemeenten samen: ${f.pp(fo.pooled?.riskDifference)} procentpunt (${f.interval(fo.pooled?.ci95, f.pp)}).`,
    shapes,
    quality: primaryQuality(x),
  };
}

/** The flow of participants: enrolled → per group → followed long enough → how it ended. */
export function consortChart(x: ExperimentView, width = 640): Chart {
  const rows = x.arms.flatMap((k) =>
    arr(x.e.consort)
      .filter((c) => c.arm === k)
      .slice(0, 1),
  );
  const shapes: Shape[] = [];
  const box = (bx: number, by: number, w: number, lines: string[], bold = false) => {
    const h = 8 + lines.length * 13;
    shapes.push({ t: 'rect', x: bx, y: by, w, h, fill: '#f4f6f8', stroke: MUTED });
    lines.forEach((l, i) =>
      shapes.push({
        t: 'text',
        x: bx + w / 2,
        y: by + 15 + i * 13,
        text: l,
        size: 9.5,
        anchor: 'middle',
        bold: bold && i === 0,
        fill: INK,
      }),
    );
    return h;
  };
  const arrow = (x1: number, y1: number, x2: number, y2: number) => {
    shapes.push({ t: 'line', x1, y1, x2, y2, stroke: MUTED, width: 1 });
    shapes.push({
      t: 'path',
      points: [
        [x2 - 3.5, y2 - 6],
        [x2 + 3.5, y2 - 6],
        [x2, y2],
      ],
      fill: MUTED,
      closed: true,
    });
  };
  const sum = rows.reduce<number | null>((s, r) => (s !== null && isNum(r.enrolled) ? s + r.enrolled : null), 0);
  const topW = 240;
  const h0 = box(
    (width - topW) / 2,
    0,
    topW,
    ['Ingeschreven', sum === null ? 'per groep, zie hieronder' : `${f.int(sum)} deelnemers`],
    true,
  );
  const colW = width / Math.max(1, rows.length);
  const y1 = h0 + 26;
  let bottom = 0;
  rows.forEach((r, i) => {
    const cx = i * colW + colW / 2;
    const w = colW - 20;
    arrow(width / 2, h0, cx, y1);
    const h1 = box(
      cx - w / 2,
      y1,
      w,
      [shorten(x.armName(r.arm), Math.floor(w / 5.2)), `${f.int(r.enrolled)} ingeschreven`],
      true,
    );
    const y2 = y1 + h1 + 26;
    const half = (w - 10) / 2;
    arrow(cx, y1 + h1, cx - half / 2 - 5, y2);
    arrow(cx, y1 + h1, cx + half / 2 + 5, y2);
    const h2a = box(cx - w / 2, y2, half, ['Volledig gevolgd', f.int(r.complete)], true);
    box(cx + 5, y2, half, ['Nog niet lang genoeg', `gevolgd: ${f.int(r.notYetComplete)}`]);
    const y3 = y2 + h2a + 26;
    arrow(cx - half / 2 - 5, y2 + h2a, cx - half / 2 - 5, y3);
    const h3 = box(cx - w / 2, y3, half, [
      `Gereed: ${f.int(r.gereed)}`,
      `Uitval: ${f.int(r.uitval)}`,
      `Ander einde: ${f.int(r.other)}`,
      `Nog bezig: ${f.int(r.inProgress)}`,
    ]);
    bottom = Math.max(bottom, y3 + h3);
  });
  return {
    width,
    height: bottom + 2,
    title: 'Stroom van deelnemers',
    desc: `Van inschrijving tot uitkomst, per groep. ${rows.map((r) => `${x.armName(r.arm)}: ${f.int(r.enrolled)} ingeschreven, ${f.int(r.complete)} volledig gevolgd, ${f.int(r.gereed)} gereed, ${f.int(r.uitval)} uitval`).join('; ')}.`,
    shapes,
    quality: outcomeQuality(arr(x.e.consort), x.e.plan?.followUpDays),
  };
}

/** Mean rapportcijfer per phase and group as grouped bars on the 1–10 scale. */
export function belevingChart(x: ExperimentView, width = 620, height = 250): Chart {
  const rows = sortPhase(arr(x.e.results?.beleving).filter((b) => b.item === 'rapportcijfer'));
  const shapes: Shape[] = [];
  const items = x.arms.map((k, i) => ({
    label: shorten(x.armName(k), 60),
    colour: ARM_COLOURS[i % ARM_COLOURS.length],
    kind: 'box' as const,
  }));
  const T = legend(shapes, 40, 14, width - 50, items) + 14;
  const L = 40,
    R = width - 10,
    B = height - 24;
  const sy = (v: number) => B - (v / 10) * (B - T);
  for (let v = 0; v <= 10; v += 2) {
    shapes.push({ t: 'line', x1: L, y1: sy(v), x2: R, y2: sy(v), stroke: GRID, width: 0.6 });
    shapes.push({ t: 'text', x: L - 6, y: sy(v) + 3.5, text: f.int(v), size: 9, anchor: 'end', fill: MUTED });
  }
  const gw = (R - L) / Math.max(1, rows.length);
  const bw = Math.min(34, (gw - 16) / Math.max(1, x.arms.length));
  rows.forEach((b, i) => {
    const gx = L + i * gw + (gw - bw * x.arms.length) / 2;
    x.arms.forEach((k, j) => {
      const a = arr(b.arms).find((y) => y.arm === k);
      const bx = gx + j * bw;
      if (a && isNum(a.mean)) {
        shapes.push({
          t: 'rect',
          x: bx + 1,
          y: sy(a.mean),
          w: bw - 2,
          h: B - sy(a.mean),
          fill: ARM_COLOURS[j % ARM_COLOURS.length],
          title: `${f.phase(b.phase)}, ${x.armName(k)}: gemiddeld ${f.dec(a.mean, 1)} (n = ${f.int(a.n)})`,
        });
        shapes.push({
          t: 'text',
          x: bx + bw / 2,
          y: sy(a.mean) - 3,
          text: f.dec(a.mean, 1),
          size: 8.5,
          anchor: 'middle',
          fill: INK,
        });
      } else {
        shapes.push({
          t: 'text',
          x: bx + bw / 2,
          y: B - 3,
          text: a ? String(a.mean ?? '–') : '–',
          size: 8.5,
          anchor: 'middle',
          fill: INK,
        });
      }
    });
    shapes.push({
      t: 'text',
      x: L + i * gw + gw / 2,
      y: B + 14,
      text: f.phase(b.phase),
      size: 9.5,
      anchor: 'middle',
      fill: INK,
    });
  });
  shapes.push({ t: 'line', x1: L, y1: B, x2: R, y2: B, stroke: MUTED, width: 0.8 });
  return {
    width,
    height,
    title: 'Gemiddeld rapportcijfer per fase',
    desc: `Gemiddeld rapportcijfer (1 tot 10) per fase van de hulp en per groep. ${rows
      .map(
        (b) =>
          `${f.phase(b.phase)}: ${arr(b.arms)
            .map((a) => `${x.armName(a.arm)} ${f.dec(a.mean, 1)}`)
            .join(', ')}`,
      )
      .join('; ')}.`,
    shapes,
    quality: belevingQualityOf(x),
  };
}

/** Share of each emotion per phase and group, as stacked bars. */
export function emotionsChart(x: ExperimentView, width = 620): Chart {
  const shapes: Shape[] = [];
  const T =
    legend(
      shapes,
      0,
      14,
      width,
      f.EMOTIONS.map((e) => ({ label: f.emotion(e), colour: EMOTION_COLOURS[e], kind: 'box' as const })),
    ) + 6;
  const phases = sortPhase(arr(x.e.results?.emotions));
  const labelW = 230,
    L = labelW,
    R = width - 6,
    rowH = 17;
  let y = T;
  for (const p of phases) {
    shapes.push({ t: 'text', x: 0, y: y + 12, text: f.phase(p.phase), size: 9.5, bold: true, fill: INK });
    y += 16;
    for (const k of x.arms) {
      const a = arr(p.arms).find((z) => z.arm === k);
      if (!a) continue;
      shapes.push({
        t: 'text',
        x: 10,
        y: y + 11,
        text: `${shorten(x.armName(k), 30)} (n = ${f.int(a.n)})`,
        size: 9,
        fill: INK,
      });
      if (a.shares && typeof a.shares === 'object') {
        let cx = L;
        for (const e of f.EMOTIONS) {
          const s = a.shares[e];
          if (!isNum(s) || s <= 0) continue;
          const w = s * (R - L);
          shapes.push({
            t: 'rect',
            x: cx,
            y: y + 2,
            w,
            h: rowH - 4,
            fill: EMOTION_COLOURS[e],
            title: `${f.phase(p.phase)}, ${x.armName(k)}: ${f.emotion(e).toLowerCase()} ${f.pct(s)}`,
          });
          if (w > 34)
            shapes.push({
              t: 'text',
              x: cx + w / 2,
              y: y + 12,
              text: f.pct(s, 0),
              size: 8.5,
              anchor: 'middle',
              fill: e === 'angst' || e === 'moedeloos' || e === 'rust' ? '#ffffff' : INK,
              bold: true,
            });
          cx += w;
        }
      } else {
        shapes.push({ t: 'text', x: L, y: y + 11, text: String(a.shares ?? '–'), size: 9, fill: INK });
      }
      y += rowH;
    }
    y += 4;
  }
  return {
    width,
    height: y + 4,
    title: 'Emoties per fase',
    desc: 'Aandeel van elke emotie per fase van de hulp en per groep. De getallen staan ook in de tabel eronder.',
    shapes,
    quality: belevingQualityOf(x),
  };
}

/** The sector funnel of the quarter as bars: counts of the quarter, no ratios (those are per cohort: cohortChart). */
export function funnelChart(report: ReportView, width = 620): Chart {
  const s = report.sector;
  const c = s.total.counts;
  const steps: SectorStep[] = [
    'aanmelding',
    'intake',
    'instroom_stabilisatie',
    'gereed_voor_schuldregeling',
    'akkoord_schuldregeling',
  ];
  const max = Math.max(1, ...steps.map((k) => (isNum(c[k]) ? c[k] : 0)));
  const shapes: Shape[] = [];
  const L = 170,
    R = width - 60,
    rowH = 28;
  steps.forEach((k, i) => {
    const y = 4 + i * rowH;
    shapes.push({ t: 'text', x: 0, y: y + 15, text: f.step(k), size: 10, fill: INK });
    const v = c[k];
    if (isNum(v)) {
      const w = (v / max) * (R - L);
      shapes.push({
        t: 'rect',
        x: L,
        y: y + 3,
        w: Math.max(1, w),
        h: rowH - 8,
        fill: ARM_COLOURS[0],
        title: `${f.step(k)}: ${f.int(v)}`,
      });
      shapes.push({ t: 'text', x: L + w + 5, y: y + 15, text: f.int(v), size: 10, fill: INK });
    } else shapes.push({ t: 'text', x: L, y: y + 15, text: String(v ?? '–'), size: 10, fill: INK });
  });
  return {
    width,
    height: 4 + steps.length * rowH + 4,
    title: 'Aantallen in de schuldhulp dit kwartaal',
    desc: `Tellingen van dit kwartaal, geen verhoudingen: aanmelding ${f.int(c.aanmelding)}, intake ${f.int(c.intake)}, instroom ${f.int(c.instroom_stabilisatie)}, gereed ${f.int(c.gereed_voor_schuldregeling)}, akkoord ${f.int(c.akkoord_schuldregeling)}.`,
    shapes,
    quality: sectorQuality(
      arr(report.sector?.submissions?.steps),
      registrationCompleteness(report.dataQuality),
      'participants',
    ),
  };
}

/**
 * The study's three ratios for the entry cohort (issue 14): per ratio the estimate with its 95%
 * interval, against the 2018 figure (dashed) and its spread between gemeenten (grey band). Null for
 * a version published before the cohorts were added.
 */
export function cohortChart(report: ReportView, width = 620): Chart | null {
  const c = report.sector?.cohortRatios;
  if (!c) return null;
  const ref = report.sector.reference2018;
  const ratios = arr(c.ratios);
  const shapes: Shape[] = [];
  const L = 190,
    R = width - 150,
    rowH = 40,
    T = 8;
  const sx = (v: number) => L + v * (R - L);
  const B = T + ratios.length * rowH;
  for (let v = 0; v <= 1 + 1e-9; v += 0.2) {
    shapes.push({ t: 'line', x1: sx(v), y1: T, x2: sx(v), y2: B, stroke: GRID, width: 0.6 });
    shapes.push({ t: 'text', x: sx(v), y: B + 12, text: f.pct(v, 0), size: 9, anchor: 'middle', fill: MUTED });
  }
  ratios.forEach((r, i) => {
    const y = T + i * rowH;
    const mid = y + rowH / 2;
    shapes.push({ t: 'text', x: 0, y: mid - 2, text: f.share(r.ratio), size: 10, bold: true, fill: INK });
    shapes.push({ t: 'text', x: 0, y: mid + 11, text: `cohort ${c.cohort}`, size: 9, fill: MUTED });
    const range = ref?.[r.ratio]?.range;
    if (Array.isArray(range) && isNum(range[0]) && isNum(range[1]))
      shapes.push({
        t: 'rect',
        x: sx(range[0]),
        y: mid - 11,
        w: Math.max(1, sx(range[1]) - sx(range[0])),
        h: 22,
        fill: '#ececec',
        title: `2018: ${f.pct(range[0], 0)} tot ${f.pct(range[1], 0)} per gemeente`,
      });
    const r18 = ref?.[r.ratio]?.value;
    if (isNum(r18))
      shapes.push({
        t: 'line',
        x1: sx(r18),
        y1: mid - 13,
        x2: sx(r18),
        y2: mid + 13,
        stroke: MUTED,
        width: 1.4,
        dash: [3, 2],
      });
    const e = r.total;
    const est = e.status === 'estimate' ? e.estimate : null;
    const ci = e.status === 'estimate' && Array.isArray(e.ci95) ? e.ci95 : null;
    if (ci && isNum(ci[0]) && isNum(ci[1]))
      shapes.push({ t: 'line', x1: sx(ci[0]), y1: mid, x2: sx(ci[1]), y2: mid, stroke: ARM_COLOURS[0], width: 2 });
    if (isNum(est))
      shapes.push({
        t: 'rect',
        x: sx(est) - 4,
        y: mid - 4,
        w: 8,
        h: 8,
        fill: ARM_COLOURS[0],
        title: `${f.share(r.ratio)}, ${r.cohortLabel}: ${f.pct(est)}`,
      });
    const figure = isNum(est) ? f.pct(est) : e.status === 'estimate' ? String(e.estimate ?? '–') : 'geen cijfer';
    shapes.push({
      t: 'text',
      x: width,
      y: mid + 4,
      text: `${figure}${isNum(r18) ? ` (2018: ${f.pct(r18, 0)})` : ''}`,
      size: 10,
      anchor: 'end',
      fill: INK,
    });
  });
  return {
    width,
    height: B + 18,
    title: `Verhoudingen van de studie per cohort (${c.cohort})`,
    desc: `${ratios
      .map(
        (r) =>
          `${f.share(r.ratio)} (${r.cohortLabel}): ${r.total.status === 'estimate' ? f.pct(r.total.estimate) : 'geen cijfer'}${isNum(ref?.[r.ratio]?.value) ? `, 2018: ${f.pct(ref[r.ratio].value as number, 0)}` : ''}`,
      )
      .join('; ')}. Streepjeslijn: 2018; grijs: de spreiding tussen gemeenten in 2018; lijn: het 95%-interval.`,
    shapes,
    quality: cohortQuality(c.complete === true),
  };
}

/** The quality line of the primary outcome (forest plot): complete follow-up of the primary metric. */
function primaryQuality(x: ExperimentView): string {
  const m = arr(x.e.results?.metrics).find((y) => y.primary);
  return m ? outcomeQuality(arr(m.arms), m.followUpDays) : outcomeQuality([], x.e.plan?.followUpDays);
}

/** The quality line of klantbeleving: per phase (journey order) how many enrolled participants were measured. */
function belevingQualityOf(x: ExperimentView): string {
  const enrolled = arr(x.e.consort).reduce<number | string>(
    (s, c) => (typeof s === 'number' && typeof c.enrolled === 'number' ? s + c.enrolled : '<5'),
    0,
  );
  const phases = sortPhase(arr(x.e.results?.beleving).filter((b) => b.item === 'rapportcijfer')).map((b) => ({
    phase: f.phase(b.phase).toLowerCase(),
    measured: arr(b.arms).reduce<number | string>(
      (s, a) => (typeof s === 'number' && typeof a.n === 'number' ? s + a.n : '<5'),
      0,
    ),
  }));
  return belevingQuality(phases, enrolled);
}
