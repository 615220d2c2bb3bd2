/**
 * The report as PDF, made in the process with pdfkit (no browser on the server): the same sections
 * and tables as the HTML page, and the charts drawn as vectors from the same shapes.
 * Helvetica (a standard PDF font, WinAnsi) covers the Dutch letters (ë, é, ï); characters outside
 * WinAnsi are replaced by plain ones before drawing.
 */
import PDFDocument from 'pdfkit';
import { anonymisationNote, type ReportView as ReportJson } from '@living-lab/domain';
import {
  belevingChart,
  consortChart,
  emotionsChart,
  forestChart,
  funnelChart,
  incidenceChart,
  cohortChart,
  type Chart,
  type Shape,
} from './chart';
import * as f from './format';
import { begrippenPdf } from './begrippen';
import { FIDELITY_SHEET } from './fidelity-table';
import { AGREED_TITLE, REFLECTION_TITLE, reflectionPdf } from './reflection';
import { contextSection, contextTables } from './context';
import {
  buildTables,
  experimentViews,
  formatCell,
  numeric,
  pageParts,
  sentence,
  belevingUitvalSentences,
  survivorshipNotes,
  warnings,
  type Cell,
  type Column,
  type ExperimentView,
  type Table,
} from './model';

type Doc = PDFKit.PDFDocument;

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const ITALIC = 'Helvetica-Oblique';
const INK = '#1f1f1f';
const MUTED = '#595959';
const LINE = '#c8cdd2';
const ACCENT = '#005a9c';

/** Characters WinAnsi lacks, written the plain way. */
const PLAIN: Record<string, string> = {
  '\u2212': '-',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2192': '->',
  '\u2190': '<-',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2009': ' ',
  '\u2011': '-',
  '\u2010': '-',
};
const WINANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
export function plain(s: unknown): string {
  return [...String(s ?? '')]
    .map((c) => {
      if (PLAIN[c] !== undefined) return PLAIN[c];
      const code = c.codePointAt(0)!;
      if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || c === '\n' || WINANSI_EXTRA.has(c))
        return c;
      return '?';
    })
    .join('');
}

class Writer {
  readonly doc: Doc;
  constructor(report: ReportJson) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: 48, bottom: 48, left: 40, right: 40 },
      bufferPages: true,
      lang: 'nl-NL',
      displayTitle: true,
      info: {
        Title: `Kwartaalreflectie ${report.quarter}`,
        Author: 'Living lab stabilisatie',
        Subject: 'Kwartaalreflectie',
        CreationDate: report.generatedAt ? new Date(report.generatedAt) : undefined,
      },
    });
    this.doc.font(FONT).fontSize(9.5).fillColor(INK);
  }
  get left() {
    return this.doc.page.margins.left;
  }
  get width() {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  get bottom() {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
  ensure(h: number) {
    if (this.doc.y + h > this.bottom) this.doc.addPage();
  }

  h1(s: string) {
    this.doc.font(BOLD).fontSize(20).fillColor(INK).text(plain(s), this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }
  h2(s: string, newPage = true) {
    if (newPage && this.doc.y > this.doc.page.margins.top + 5) this.doc.addPage();
    const d = this.doc;
    d.rect(this.left, d.y, this.width, 2.5).fill(ACCENT);
    d.moveDown(0.5);
    d.font(BOLD).fontSize(15).fillColor(INK).text(plain(s), this.left, d.y, { width: this.width });
    d.moveDown(0.4);
  }
  h3(s: string, need = 140) {
    this.ensure(need);
    this.doc.moveDown(0.6);
    this.doc.font(BOLD).fontSize(11.5).fillColor(INK).text(plain(s), this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }
  p(s: string, opts: { muted?: boolean; italic?: boolean; size?: number } = {}) {
    this.doc
      .font(opts.italic ? ITALIC : FONT)
      .fontSize(opts.size ?? 9.5)
      .fillColor(opts.muted ? MUTED : INK)
      .text(plain(s), this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }
  box(heading: string | null, lines: { bold?: string; text: string }[], colour: string, bg: string) {
    const d = this.doc;
    const pad = 8;
    const w = this.width - 2 * pad - 4;
    const gap = 3;
    const headH = heading ? d.font(BOLD).fontSize(10.5).heightOfString(plain(heading), { width: w }) + gap : 0;
    // measured in bold: a little wider than the mixed line, so the box never comes out short
    const hs = lines.map((l) =>
      d
        .font(BOLD)
        .fontSize(9.5)
        .heightOfString(plain((l.bold ? `${l.bold} ` : '') + l.text), { width: w }),
    );
    const h = headH + hs.reduce((s, x) => s + x + gap, 0) - gap + 2 * pad;
    this.ensure(h + 4);
    const y0 = d.y;
    d.rect(this.left, y0, this.width, h).fill(bg);
    d.rect(this.left, y0, 4, h).fill(colour);
    let y = y0 + pad;
    if (heading) {
      d.font(BOLD)
        .fontSize(10.5)
        .fillColor(INK)
        .text(plain(heading), this.left + 4 + pad, y, { width: w });
      y += headH;
    }
    lines.forEach((l, i) => {
      d.fontSize(9.5).fillColor(INK);
      if (l.bold)
        d.font(BOLD)
          .text(plain(`${l.bold} `), this.left + 4 + pad, y, { width: w, continued: true })
          .font(FONT)
          .text(plain(l.text));
      else d.font(FONT).text(plain(l.text), this.left + 4 + pad, y, { width: w });
      y += hs[i] + gap;
    });
    d.y = y0 + h + 8;
    d.x = this.left;
  }
  keyValues(rows: [string, string][]) {
    const d = this.doc;
    const kw = 130;
    for (const [k, v] of rows) {
      d.fontSize(9.5);
      const h = Math.max(
        d.font(BOLD).heightOfString(plain(k), { width: kw - 8 }),
        d.font(FONT).heightOfString(plain(v), { width: this.width - kw }),
      );
      this.ensure(h + 2);
      const y = d.y;
      d.font(BOLD)
        .fillColor(INK)
        .text(plain(k), this.left, y, { width: kw - 8 });
      d.font(FONT).text(plain(v), this.left + kw, y, { width: this.width - kw });
      d.y = y + h + 2;
    }
    d.x = this.left;
    d.moveDown(0.3);
  }

  /** A table, split in parts like the HTML page, with the header repeated on each new page. */
  table(t: Table, group?: string, title?: string) {
    const parts = pageParts(t, group, title);
    if (parts.length === 0) {
      this.p(`${title ?? t.title}: nog geen gegevens.`, { muted: true });
      return;
    }
    for (const part of parts) this.tablePart(part.caption, part.columns, part.rows);
    if (t.note) {
      this.ensure(24);
      this.p(t.note, { muted: true, size: 8 });
    }
  }

  private tablePart(caption: string, columns: Column[], rows: Cell[][]) {
    const cols = columns.map((c, i) => ({ c, i }));
    const d = this.doc;
    const size = 7.5,
      pad = 3;
    const text = rows.map((r) => cols.map(({ c, i }) => plain(formatCell(c, r[i]))));
    d.fontSize(size);
    // natural widths: numbers on one line, headers broken into words, text up to a limit
    const natural = cols.map(({ c }, j) => {
      const headWord = Math.max(
        ...plain(c.label)
          .split(/\s+/)
          .map((w) => d.font(BOLD).widthOfString(w)),
      );
      const head = Math.min(d.font(BOLD).widthOfString(plain(c.label)), Math.max(headWord, 70));
      const cells = Math.max(0, ...text.map((r) => d.font(j === 0 ? BOLD : FONT).widthOfString(r[j])));
      return {
        min: Math.max(headWord, numeric(c) ? cells : Math.min(cells, 60)) + 2 * pad,
        want: Math.max(head, numeric(c) ? cells : Math.min(cells, 220)) + 2 * pad,
      };
    });
    let widths = natural.map((n) => n.want);
    const total = widths.reduce((s, w) => s + w, 0);
    if (total > this.width) {
      const minTotal = natural.reduce((s, n) => s + n.min, 0);
      const spare = Math.max(0, this.width - minTotal);
      const extra = natural.reduce((s, n) => s + (n.want - n.min), 0) || 1;
      widths = natural.map((n) => n.min + ((n.want - n.min) / extra) * spare);
      const sum = widths.reduce((s, w) => s + w, 0);
      if (sum > this.width) widths = widths.map((w) => (w * this.width) / sum);
    }
    const tableW = widths.reduce((s, w) => s + w, 0);
    const xs = widths
      .reduce<number[]>((acc, w, j) => [...acc, (acc[j - 1] ?? this.left) + (j ? widths[j - 1] : 0)], [])
      .map((x, j) => (j === 0 ? this.left : x));
    const heightOf = (cells: string[], bold: boolean) =>
      Math.max(
        ...cells.map((s, j) =>
          d
            .font(bold || j === 0 ? BOLD : FONT)
            .fontSize(size)
            .heightOfString(s, { width: widths[j] - 2 * pad }),
        ),
      ) +
      2 * pad;
    const headCells = cols.map(({ c }) => plain(c.label));
    const headH = heightOf(headCells, true);
    const drawHead = () => {
      d.font(BOLD).fontSize(8.5).fillColor(INK).text(plain(caption), this.left, d.y, { width: this.width });
      d.y += 2;
      const y = d.y;
      headCells.forEach((s, j) =>
        d
          .font(BOLD)
          .fontSize(size)
          .fillColor(INK)
          .text(s, xs[j] + pad, y + pad, { width: widths[j] - 2 * pad, align: numeric(cols[j].c) ? 'right' : 'left' }),
      );
      d.moveTo(this.left, y + headH)
        .lineTo(this.left + tableW, y + headH)
        .lineWidth(1)
        .strokeColor(INK)
        .stroke();
      d.y = y + headH;
    };
    const firstRowH = text.length ? heightOf(text[0], false) : 0;
    this.ensure(headH + firstRowH + 16);
    d.moveDown(0.3);
    drawHead();
    text.forEach((r, k) => {
      const h = heightOf(r, false);
      if (d.y + h > this.bottom) {
        d.addPage();
        drawHead();
      }
      const y = d.y;
      if (k % 2 === 1) d.rect(this.left, y, tableW, h).fill('#f4f6f8');
      r.forEach((s, j) => {
        const suppressed = s === f.SUPPRESSED || s === f.CONCEALED;
        d.font(suppressed ? ITALIC : j === 0 ? BOLD : FONT)
          .fontSize(size)
          .fillColor(INK)
          .text(s, xs[j] + pad, y + pad, { width: widths[j] - 2 * pad, align: numeric(cols[j].c) ? 'right' : 'left' });
      });
      d.moveTo(this.left, y + h)
        .lineTo(this.left + tableW, y + h)
        .lineWidth(0.4)
        .strokeColor(LINE)
        .stroke();
      d.y = y + h;
    });
    d.x = this.left;
    d.y += 6;
  }

  /** A chart from the shared shapes, scaled to the text width at most. */
  chart(c: Chart, opts: { maxWidth?: number; title?: boolean } = {}) {
    const d = this.doc;
    const scale = Math.min(1, (opts.maxWidth ?? this.width) / c.width);
    const h = c.height * scale;
    this.ensure(h + (c.quality ? 40 : 22));
    if (opts.title !== false)
      d.font(BOLD).fontSize(9).fillColor(INK).text(plain(c.title), this.left, d.y, { width: this.width });
    d.y += 4;
    const ox = this.left,
      oy = d.y;
    const X = (x: number) => ox + x * scale,
      Y = (y: number) => oy + y * scale;
    d.save();
    for (const s of c.shapes) drawShape(d, s, X, Y, scale);
    d.restore();
    d.fillOpacity(1).strokeOpacity(1).undash().lineWidth(1);
    d.x = this.left;
    d.y = oy + h + 4;
    // the data-quality line under every figure (source tag, completeness of follow-up)
    if (c.quality) {
      d.font(FONT).fontSize(7.5).fillColor(MUTED).text(plain(c.quality), this.left, d.y, { width: this.width });
      d.fillColor(INK);
    }
    d.y += 4;
  }
}

function drawShape(d: Doc, s: Shape, X: (x: number) => number, Y: (y: number) => number, k: number) {
  const dash = (arr?: number[]) => {
    if (arr) d.dash(arr[0] * k, { space: (arr[1] ?? arr[0]) * k });
    else d.undash();
  };
  switch (s.t) {
    case 'line':
      dash(s.dash);
      d.moveTo(X(s.x1), Y(s.y1))
        .lineTo(X(s.x2), Y(s.y2))
        .lineWidth((s.width ?? 1) * k)
        .strokeColor(s.stroke)
        .stroke();
      d.undash();
      return;
    case 'path': {
      if (s.points.length < 2) return;
      dash(s.dash);
      d.moveTo(X(s.points[0][0]), Y(s.points[0][1]));
      for (const [x, y] of s.points.slice(1)) d.lineTo(X(x), Y(y));
      if (s.closed) d.closePath();
      d.lineJoin('round').lineWidth((s.width ?? 1) * k);
      if (s.fill && s.stroke) d.fillOpacity(s.opacity ?? 1).fillAndStroke(s.fill, s.stroke);
      else if (s.fill) d.fillOpacity(s.opacity ?? 1).fill(s.fill);
      else if (s.stroke) d.strokeColor(s.stroke).stroke();
      d.fillOpacity(1).undash();
      return;
    }
    case 'rect':
      d.rect(X(s.x), Y(s.y), Math.max(0, s.w * k), Math.max(0, s.h * k));
      if (s.stroke) d.lineWidth(0.8 * k).fillAndStroke(s.fill, s.stroke);
      else d.fill(s.fill);
      return;
    case 'text': {
      const t = plain(s.text);
      d.font(s.bold ? BOLD : FONT)
        .fontSize(s.size * k)
        .fillColor(s.fill ?? INK);
      const w = d.widthOfString(t);
      const x = s.anchor === 'middle' ? X(s.x) - w / 2 : s.anchor === 'end' ? X(s.x) - w : X(s.x);
      d.text(t, x, Y(s.y), { lineBreak: false, baseline: 'alphabetic' });
    }
  }
}

function experimentPdf(w: Writer, x: ExperimentView, tables: Map<string, Table>, n: number) {
  const r = x.e.results;
  const p = x.e.plan;
  const metrics = r.metrics ?? [];
  const T = (s: string, title?: string) => w.table(tables.get(s)!, x.key, title);
  w.h2(`${n}. ${x.title}`);
  const sentences = metrics.flatMap((m) =>
    (m.comparisons ?? []).map((c) => ({
      bold: `${f.metric(m.metric)}${m.primary ? ' (primaire uitkomst)' : ''}:`,
      text: sentence(x, m, c),
    })),
  );
  if (sentences.length) w.box('Wat we zien', sentences, ACCENT, '#eef5fb');
  const ws = warnings(x);
  if (ws.length)
    w.box(
      'Let op',
      ws.map((t) => ({ text: `• ${t}` })),
      '#b35900',
      '#fff6e5',
    );

  w.h3('Het plan');
  w.keyValues([
    ['Hypothese', p.hypothesis ?? '–'],
    ['Opzet', f.design(p.design)],
    ['Wat de uitkomst zegt', r.labelText ?? '–'],
    ['Fase van de hulp', f.phase(p.interventionPhase ?? '–')],
    ['Indeling door', f.allocation(p.allocation)],
    ['Primaire uitkomst', f.metric(p.primaryMetric ?? '')],
    ['Andere uitkomsten', (p.secondaryMetrics ?? []).map(f.metric).join(', ') || '–'],
    ['Volgduur', `${f.int(p.followUpDays)} dagen`],
    ['Geplande tussenstanden', f.int(p.plannedLooks)],
    ['Looptijd', `${f.date(p.start)} tot ${p.end ? f.date(p.end) : 'nog niet bekend'}`],
    ['Status', f.status(p.status ?? '')],
  ]);
  const plan = tables.get('Plan')!;
  const keep = ['Experiment', 'Groep', 'Controlegroep', 'Gewicht bij loting', 'Gepland aantal'].map((l) =>
    plan.columns.findIndex((c) => c.label === l),
  );
  w.table(
    {
      ...plan,
      note: undefined,
      columns: keep.map((i) => plan.columns[i]),
      rows: plan.rows.map((r) => ({ group: r.group, cells: keep.map((i) => r.cells[i]) })),
    },
    x.key,
    'Groepen en gepland aantal',
  );

  w.h3('Stroom van deelnemers', 260);
  w.chart(consortChart(x), { title: false });
  T('CONSORT');

  w.h3('Uitkomsten per groep', 300);
  w.p('Hoe meer deelnemers een uitkomst bereiken, hoe hoger de lijn. De gekleurde band is het 95%-interval.');
  for (const k of ['gereed_voor_schuldregeling', 'uitval']) {
    const m = metrics.find((y) => y.metric === k);
    if (m) w.chart(incidenceChart(x, m, 560, 280));
  }
  T('Uitkomsten per arm');

  w.h3('Waar vallen deelnemers uit?');
  T('Uitval per fase');
  T('Uitval per fase per gemeente');

  w.h3('Doorlooptijd');
  T('Doorlooptijd');
  if (r.fidelity) {
    w.h3('Wat kreeg elke groep echt?');
    T(FIDELITY_SHEET);
  }

  w.h3('Vergelijking met de controlegroep');
  T('Vergelijkingen');

  w.h3('Per gemeente', 240);
  for (const fo of x.e.forest ?? []) w.chart(forestChart(x, fo));
  T('Forestplot');
  T('Per gemeente');
  T('Subgroepen');

  w.h3('Klantbeleving', 260);
  const notes = survivorshipNotes(x);
  if (notes.length)
    w.box(
      'Let op: wie is er nog?',
      notes.map((n) => ({ text: `• ${n.text}` })),
      '#b35900',
      '#fff6e5',
    );
  w.chart(belevingChart(x));
  T('Klantbeleving');
  w.chart(emotionsChart(x));
  T('Emoties');
  T('Uitval voor de fase', 'Uitval vóór elke fase');
  const bu = r.belevingUitval;
  if (bu) {
    w.h3('Klantbeleving en later uitval');
    w.p(bu.labelText ?? '');
    const said = belevingUitvalSentences(x);
    if (said.length)
      w.box(
        null,
        said.map((s) => ({ bold: `${f.phase(s.phase)}:`, text: s.text })),
        ACCENT,
        '#eef5fb',
      );
    T('Klantbeleving en uitval');
  }

  w.h3('Bewaking');
  T('Bewaking');
  w.h3('Datakwaliteit');
  T('Datakwaliteit');
}

export async function renderPdf(report: ReportJson): Promise<Buffer> {
  const w = new Writer(report);
  const d = w.doc;
  const chunks: Buffer[] = [];
  d.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    d.on('end', () => resolve(Buffer.concat(chunks)));
    d.on('error', reject);
  });

  const tables = new Map(buildTables(report).map((t) => [t.sheet, t]));
  const xs = experimentViews(report);
  const pub = report.publication;
  w.h1(`Kwartaalreflectie ${report.quarter}`);
  w.p(
    `Periode: ${f.date(report.period?.start)} tot en met ${f.date(report.period?.end)}. Cijfers tot en met ${f.date(report.asOf)}.`,
    { muted: true },
  );
  w.p(
    pub
      ? `Gepubliceerde versie ${f.int(pub.version)} van ${f.date(pub.publishedAt)}.`
      : 'Concept: nog niet gepubliceerd. De cijfers kunnen nog veranderen.',
    { muted: true },
  );
  d.moveDown(0.5);
  w.p(
    'In dit rapport staan de experimenten van het living lab stabilisatie en de cijfers van de deelnemende gemeenten. Per experiment ziet u het plan, hoeveel deelnemers meedoen, wat de uitkomsten zijn en hoe zeker die zijn.',
    { size: 10.5 },
  );
  const note = anonymisationNote(report);
  if (note) w.box(null, [{ text: note }], ACCENT, '#eef5fb');
  w.h3('Inhoud');
  if (report.reflections) {
    w.p(AGREED_TITLE);
    w.p(REFLECTION_TITLE);
  }
  xs.forEach((x, i) => w.p(`${i + 1}. ${x.title}`));
  w.p(`${xs.length + 1}. De sector: alle deelnemende gemeenten`);
  w.p('Verantwoording');
  w.p('Begrippen');

  reflectionPdf(w, report, 'agreed');
  reflectionPdf(w, report, 'reflection');

  if (xs.length === 0) w.p('Er liepen dit kwartaal geen experimenten.');
  xs.forEach((x, i) => experimentPdf(w, x, tables, i + 1));

  w.h2(`${xs.length + 1}. De sector: alle deelnemende gemeenten`);
  if (report.sector?.note) w.p(report.sector.note);
  w.chart(funnelChart(report));
  w.table(tables.get('Sectorfunnel')!);
  const cohorts = cohortChart(report);
  if (cohorts && tables.has('Verhoudingen per cohort')) {
    w.h3('Verhoudingen per cohort', 260);
    w.chart(cohorts);
    w.table(tables.get('Verhoudingen per cohort')!);
    w.table(tables.get('Cohort per gemeente')!);
  }
  w.table(tables.get('Uitval naar reden')!);
  w.table(tables.get('Sector uitval per fase')!);
  w.h3('Trend', 260);
  w.table(tables.get('Trend')!);
  w.h3('Per gemeente');
  w.table(tables.get('Sector per gemeente')!);
  w.table(tables.get('Sector uitval per gemeente')!);
  const context = contextSection(report);
  if (context) {
    w.h3(context.title);
    w.box(null, [{ text: context.note }], ACCENT, '#eef5fb');
    for (const t of contextTables(report)) w.table(t);
  }
  w.h3('Herkomst en registratie');
  w.table(tables.get('Herkomst sector')!);
  w.table(tables.get('Registratie per gemeente')!);

  w.h2('Verantwoording', false);
  w.p(
    'Percentages tellen alleen deelnemers die lang genoeg gevolgd zijn. Intervallen zijn 95%-betrouwbaarheidsintervallen. Een p-waarde onder 0,05 betekent: dit verschil is waarschijnlijk geen toeval. Elk kwartaal is een tussenstand; daarom gebruiken we een strengere grens voor een vroege conclusie.',
  );
  if (pub?.changes?.length) {
    w.h3('Wat veranderde sinds de vorige versie');
    for (const c of pub.changes)
      w.p(
        `• ${c.path}: ${typeof c.before === 'number' ? f.dec(c.before, 3) : c.before} -> ${typeof c.after === 'number' ? f.dec(c.after, 3) : c.after}`,
        { size: 8.5 },
      );
  }
  w.p(
    `Gemaakt op ${f.date(report.generatedAt)} met ${report.engineVersion}${pub?.inputHash ? `. Controlegetal van de gegevens: ${pub.inputHash}` : ''}.`,
    { muted: true, size: 8 },
  );
  begrippenPdf(w);

  // page numbers in the footer
  const range = d.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    d.switchToPage(i);
    const bottom = d.page.margins.bottom;
    d.page.margins.bottom = 0;
    d.font(FONT)
      .fontSize(8)
      .fillColor(MUTED)
      .text(
        plain(`Kwartaalreflectie ${report.quarter} · pagina ${i + 1} van ${range.count}`),
        d.page.margins.left,
        d.page.height - 30,
        { width: d.page.width - d.page.margins.left - d.page.margins.right, align: 'center', lineBreak: false },
      );
    d.page.margins.bottom = bottom;
  }
  d.end();
  return done;
}
