import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  ErrorBar,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { num, pct } from '../format';

/** Colour-blind safe, AA contrast on white (Okabe–Ito darkened). */
export const ARM_COLORS = ['#1d4e89', '#b35900', '#00796b', '#8e3b8e', '#5d4037'];
const pctTick = (v: number) => `${num(v * 100)}%`;

/** Splits a label into lines of at most `max` characters (at spaces), at most `lines` lines; a cut-off label ends in "…". */
export function wrapLabel(label: string, max = 22, lines = 3): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    if (line && (line + ' ' + word).length > max) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  kept[lines - 1] = `${kept[lines - 1].slice(0, max - 1).trimEnd()}…`;
  return kept;
}

const LINE_HEIGHT = 16;
const NAME_WIDTH = 200;

/** A y-axis tick for a (long) category name: wrapped, right-aligned with a gap to the axis, the whole name as its tooltip. */
export function WrappedTick({
  x,
  y,
  payload,
  maxChars = 22,
}: {
  x?: number;
  y?: number;
  payload?: { value: string };
  maxChars?: number;
}) {
  const name = String(payload?.value ?? '');
  const lines = wrapLabel(name, maxChars);
  const first = -((lines.length - 1) * LINE_HEIGHT) / 2;
  return (
    <g transform={`translate(${x ?? 0},${y ?? 0})`}>
      <title>{name}</title>
      <text x={-8} y={0} textAnchor="end" fontSize={14} fill="#1a1a1a">
        {lines.map((l, i) => (
          <tspan key={i} x={-8} dy={i === 0 ? first + 4 : LINE_HEIGHT}>
            {l}
          </tspan>
        ))}
      </text>
    </g>
  );
}

export interface ArmRate {
  arm: string;
  name: string;
  rate: number | null;
  ci95: [number, number] | null;
}

/** Rates per arm with their 95% intervals as error bars. */
export function RateChart({ title, arms }: { title: string; arms: ArmRate[] }) {
  const data = arms.map((a) => ({
    name: a.name,
    rate: a.rate ?? 0,
    err: a.ci95 && a.rate !== null ? [a.rate - a.ci95[0], a.ci95[1] - a.rate] : [0, 0],
  }));
  return (
    <figure style={{ margin: 0 }} aria-label={title} role="group">
      <div
        role="img"
        aria-label={`${title}: ${arms.map((a) => `${a.name} ${pct(a.rate)}`).join(', ')}`}
        style={{
          width: '100%',
          height: Math.max(
            180,
            60 + arms.reduce((h, a) => h + Math.max(44, wrapLabel(a.name).length * LINE_HEIGHT + 20), 0),
          ),
        }}
      >
        <ResponsiveContainer>
          <BarChart data={data} layout="vertical" margin={{ left: 8, right: 28, top: 8, bottom: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" domain={[0, 1]} tickFormatter={pctTick} tick={{ fill: '#1a1a1a', fontSize: 13 }} />
            <YAxis type="category" dataKey="name" width={NAME_WIDTH} interval={0} tick={<WrappedTick />} />
            <Tooltip formatter={(v) => pct(Number(v))} />
            <Bar dataKey="rate" name="Percentage" fill={ARM_COLORS[0]} isAnimationActive={false}>
              <ErrorBar dataKey="err" width={6} strokeWidth={2} stroke="#222" direction="x" isAnimationActive={false} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export interface CurvePoint {
  day: number;
  value: number | null;
  ci95?: [number, number] | null;
}

/** The day ticks of a curve: every 90 days up to the last day (and the last day's 90 above it). */
export function dayTicks(maxDay: number): number[] {
  const out: number[] = [];
  for (let d = 0; d <= Math.max(90, maxDay); d += 90) out.push(d);
  if (out[out.length - 1] < maxDay) out.push(out[out.length - 1] + 90);
  return out;
}

/**
 * One row per day of any series: each series' value and band where it has a point, null elsewhere
 * (a step holds until the next point: the chart draws `stepAfter` and connects over the nulls,
 * and stops at the series' last point, its last follow-up time).
 */
export function curveRows(series: { name: string; points: CurvePoint[] }[]): Record<string, unknown>[] {
  const known = series.map((s) => s.points.filter((p) => p.value !== null));
  const days = [...new Set([0, ...known.flatMap((ps) => ps.map((p) => p.day))])].sort((a, b) => a - b);
  return days.map((day) => {
    const row: Record<string, unknown> = { day };
    series.forEach((s, i) => {
      const ps = known[i];
      const p = ps.find((q) => q.day === day);
      const last = ps[ps.length - 1];
      if (p) {
        row[s.name] = p.value;
        if (p.ci95) row[`${s.name}__band`] = p.ci95;
      } else if (day === 0 && last) {
        row[s.name] = 0;
        row[`${s.name}__band`] = [0, 0];
      } else row[s.name] = null;
    });
    return row;
  });
}

/**
 * Cumulative incidence per arm over the days since enrolment (Aalen–Johansen, from the API): a
 * step function with its 95% band, drawn from the estimator's own event times where the API gives
 * them (`stepCurve`), and ending at each arm's last follow-up time.
 */
export function IncidenceChart({ title, series }: { title: string; series: { name: string; points: CurvePoint[] }[] }) {
  const data = curveRows(series);
  const maxDay = Math.max(0, ...data.map((r) => r.day as number));
  // the y axis up to the highest interval limit, in even steps of 10% or 20% (as the report's charts)
  const top = Math.max(0.1, ...series.flatMap((s) => s.points.map((p) => p.ci95?.[1] ?? p.value ?? 0)));
  const yStep = top > 0.5 ? 0.2 : 0.1;
  const yMax = Math.min(1, Math.ceil(top / yStep - 1e-9) * yStep);
  const yTicks = Array.from({ length: Math.round(yMax / yStep) + 1 }, (_, i) => Math.round(i * yStep * 10) / 10);
  const summary = series
    .map((s) => {
      const last = [...s.points].reverse().find((p) => p.value !== null);
      return last ? `${s.name}: ${pct(last.value)} op dag ${num(last.day)}` : `${s.name}: geen gegevens`;
    })
    .join('; ');
  return (
    <figure style={{ margin: 0 }}>
      <figcaption style={{ fontWeight: 600, marginBottom: 4 }}>{title}</figcaption>
      <div
        role="img"
        aria-label={`${title}, met 95%-interval. Aan het eind van de lijn: ${summary}.`}
        style={{ width: '100%', height: 280 }}
      >
        <ResponsiveContainer>
          <ComposedChart data={data} margin={{ left: 8, right: 24, top: 8, bottom: 4 }}>
            <CartesianGrid strokeDasharray="3 3" />
            {/* the axis is tall enough for the day numbers and, below them, its label (not on top of them) */}
            <XAxis
              dataKey="day"
              type="number"
              domain={[0, dayTicks(maxDay).at(-1)!]}
              ticks={dayTicks(maxDay)}
              height={48}
              tickMargin={4}
              label={{
                value: 'dagen na inschrijving',
                position: 'insideBottom',
                offset: 2,
                fill: '#1a1a1a',
                fontSize: 14,
              }}
            />
            <YAxis domain={[0, yMax]} ticks={yTicks} tickFormatter={pctTick} />
            <Tooltip
              formatter={(v, name) => (Array.isArray(v) ? null : [pct(Number(v)), name])}
              labelFormatter={(d) => `dag ${d}`}
            />
            <Legend verticalAlign="top" />
            {series.map((s, i) => (
              <Area
                key={`${s.name}__band`}
                dataKey={`${s.name}__band`}
                type="stepAfter"
                stroke="none"
                fill={ARM_COLORS[i % ARM_COLORS.length]}
                fillOpacity={0.12}
                connectNulls
                isAnimationActive={false}
                legendType="none"
                tooltipType="none"
                activeDot={false}
              />
            ))}
            {series.map((s, i) => (
              <Line
                key={s.name}
                dataKey={s.name}
                stroke={ARM_COLORS[i % ARM_COLORS.length]}
                strokeWidth={2}
                dot={false}
                type="stepAfter"
                isAnimationActive={false}
                connectNulls
              />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export interface ForestRow {
  label: string;
  estimate: number | null;
  ci95: [number, number] | null;
  n: string;
}

/** Forest plot: the difference per gemeente with its 95% interval, and the combined one. Plain SVG. */
export function ForestPlot({ title, rows }: { title: string; rows: ForestRow[] }) {
  const shown = rows.filter((r) => r.estimate !== null && r.ci95);
  const lo = Math.min(-0.1, ...shown.map((r) => r.ci95![0]));
  const hi = Math.max(0.1, ...shown.map((r) => r.ci95![1]));
  const W = 640,
    left = 170,
    right = 150,
    rowH = 28,
    top = 24;
  const H = top + rows.length * rowH + 30;
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (W - left - right);
  const ticks = [lo, lo / 2, 0, hi / 2, hi].map((t) => Math.round(t * 100) / 100);
  return (
    <figure style={{ margin: 0 }}>
      <figcaption style={{ fontWeight: 600, marginBottom: 4 }}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={`${title}. ${rows.map((r) => `${r.label}: ${r.estimate === null ? 'geen schatting' : `${pct(r.estimate)} (${pct(r.ci95![0])} tot ${pct(r.ci95![1])})`}`).join('; ')}`}
        data-testid="forest-plot"
      >
        <line x1={x(0)} x2={x(0)} y1={top - 10} y2={H - 24} stroke="#555" strokeDasharray="4 3" />
        {rows.map((r, i) => {
          const y = top + i * rowH + rowH / 2;
          const bold = i === rows.length - 1 && r.label.startsWith('Samen');
          return (
            <g key={r.label}>
              <text x={8} y={y + 4} fontSize={13} fontWeight={bold ? 700 : 400} fill="#1a1a1a">
                {r.label}
              </text>
              {r.estimate !== null && r.ci95 ? (
                <>
                  <line x1={x(r.ci95[0])} x2={x(r.ci95[1])} y1={y} y2={y} stroke="#1a1a1a" strokeWidth={2} />
                  {bold ? (
                    <polygon
                      points={`${x(r.estimate) - 7},${y} ${x(r.estimate)},${y - 7} ${x(r.estimate) + 7},${y} ${x(r.estimate)},${y + 7}`}
                      fill={ARM_COLORS[0]}
                    />
                  ) : (
                    <rect x={x(r.estimate) - 5} y={y - 5} width={10} height={10} fill={ARM_COLORS[0]} />
                  )}
                  <text x={W - right + 8} y={y + 4} fontSize={12} fill="#1a1a1a">
                    {pct(r.estimate)} ({r.n})
                  </text>
                </>
              ) : (
                <text x={left} y={y + 4} fontSize={12} fill="#444">
                  te weinig gegevens
                </text>
              )}
            </g>
          );
        })}
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={H - 26} y2={H - 20} stroke="#333" />
            <text x={x(t)} y={H - 6} fontSize={11} textAnchor="middle" fill="#1a1a1a">{`${num(t * 100)}`}</text>
          </g>
        ))}
      </svg>
      <div style={{ fontSize: 12 }}>
        Verschil in procentpunten (behandelarm min controle). Rechts van de stippellijn: hoger dan in de controlegroep.
      </div>
    </figure>
  );
}
