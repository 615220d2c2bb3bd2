/**
 * The report as one self-contained HTML page: no external requests, charts as inline SVG, a print
 * stylesheet, Dutch at B1 level. Every text from the report is escaped.
 */
import { anonymisationNote, isAnonymised, type ReportView as ReportJson } from '@living-lab/domain';
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
import { begrippenHtml } from './begrippen';
import { FIDELITY_SHEET } from './fidelity-table';
import { contextSection, contextTables } from './context';
import { AGREED_TITLE, REFLECTION_TITLE, reflectionHtml } from './reflection';
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
  type MetricView,
  type Table,
} from './model';

export function esc(s: unknown): string {
  return String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const n2 = (v: number) => (Math.round(v * 100) / 100).toString();

function shapeSvg(s: Shape): string {
  const title = 'title' in s && s.title ? `<title>${esc(s.title)}</title>` : '';
  switch (s.t) {
    case 'line':
      return `<line x1="${n2(s.x1)}" y1="${n2(s.y1)}" x2="${n2(s.x2)}" y2="${n2(s.y2)}" stroke="${s.stroke}" stroke-width="${s.width ?? 1}"${s.dash ? ` stroke-dasharray="${s.dash.join(' ')}"` : ''}/>`;
    case 'path': {
      if (s.points.length === 0) return '';
      const d = s.points.map(([x, y], i) => `${i ? 'L' : 'M'}${n2(x)} ${n2(y)}`).join('') + (s.closed ? 'Z' : '');
      return `<path d="${d}" fill="${s.fill ?? 'none'}"${s.opacity !== undefined ? ` fill-opacity="${s.opacity}"` : ''} stroke="${s.stroke ?? 'none'}" stroke-width="${s.width ?? 1}"${s.dash ? ` stroke-dasharray="${s.dash.join(' ')}"` : ''} stroke-linejoin="round">${title}</path>`;
    }
    case 'rect':
      return `<rect x="${n2(s.x)}" y="${n2(s.y)}" width="${n2(Math.max(0, s.w))}" height="${n2(Math.max(0, s.h))}" fill="${s.fill}"${s.stroke ? ` stroke="${s.stroke}"` : ''}>${title}</rect>`;
    case 'text':
      return `<text x="${n2(s.x)}" y="${n2(s.y)}" font-size="${s.size}"${s.anchor && s.anchor !== 'start' ? ` text-anchor="${s.anchor}"` : ''}${s.bold ? ' font-weight="bold"' : ''} fill="${s.fill ?? '#1f1f1f'}">${esc(s.text)}</text>`;
  }
}

let chartId = 0;
export function svg(c: Chart): string {
  const id = `grafiek-${++chartId}`;
  return `<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n2(c.width)} ${n2(c.height)}" width="${n2(c.width * 1.35)}" role="img" aria-labelledby="${id}-t ${id}-d"><title id="${id}-t">${esc(c.title)}</title><desc id="${id}-d">${esc(c.desc)}</desc>${c.shapes.map(shapeSvg).join('')}</svg><figcaption>${esc(c.title)}${c.quality ? `<span class="quality">${esc(c.quality)}</span>` : ''}</figcaption></figure>`;
}

function cellHtml(col: Column, v: Cell): string {
  const text = formatCell(col, v);
  if (text === f.SUPPRESSED) return `<span class="sup" title="minder dan 5">${esc(text)}</span>`;
  if (text === f.CONCEALED)
    return `<span class="sup" title="verborgen, zodat een klein aantal niet terug te rekenen is">${esc(text)}</span>`;
  return esc(text);
}

/** A table (rows of one experiment when `group` is given), in parts when it is too wide. */
export function tableHtml(t: Table, group?: string, opts: { title?: string } = {}): string {
  const parts = pageParts(t, group, opts.title);
  if (parts.length === 0) return `<p class="empty">${esc(opts.title ?? t.title)}: nog geen gegevens.</p>`;
  return (
    parts
      .map((part) => {
        const head = part.columns
          .map((c) => `<th scope="col"${numeric(c) ? ' class="num"' : ''}>${esc(c.label)}</th>`)
          .join('');
        const body = part.rows
          .map(
            (r) =>
              `<tr>${part.columns.map((c, j) => (j === 0 ? `<th scope="row">${cellHtml(c, r[j])}</th>` : `<td${numeric(c) ? ' class="num"' : ''}>${cellHtml(c, r[j])}</td>`)).join('')}</tr>`,
          )
          .join('\n');
        return `<div class="scroll" role="region" tabindex="0" aria-label="${esc(part.caption)}"><table><caption>${esc(part.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
      })
      .join('\n') + (t.note ? `<p class="note">${esc(t.note)}</p>` : '')
  );
}

const CSS = `
:root{--ink:#1f1f1f;--muted:#595959;--line:#d0d4d9;--bg:#f4f6f8;--accent:#005a9c}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);background:#fff;margin:0;line-height:1.5;font-size:16px}
header.top{background:var(--bg);border-bottom:1px solid var(--line);padding:24px 32px}
header.top h1{margin:0 0 4px;font-size:28px}
main{max-width:1100px;margin:0 auto;padding:8px 32px 48px}
h2{font-size:24px;margin:40px 0 8px;padding-top:16px;border-top:3px solid var(--accent)}
h3{font-size:19px;margin:28px 0 8px}
h4{font-size:16px;margin:18px 0 6px}
p.lead{font-size:17px;max-width:70ch}
.meta{color:var(--muted);margin:0}
.callout{background:#eef5fb;border-left:5px solid var(--accent);padding:12px 16px;margin:12px 0;max-width:80ch}
.callout p{margin:4px 0}
.warn{background:#fff6e5;border-left:5px solid #b35900;padding:10px 16px;margin:12px 0}
.warn ul{margin:4px 0;padding-left:20px}
nav.toc{background:var(--bg);padding:12px 20px;margin:20px 0;border-radius:4px}
nav.toc ol{margin:4px 0;padding-left:22px}
a{color:var(--accent)}
dl.plan{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:8px 0}
dl.plan dt{font-weight:600}
dl.plan dd{margin:0;max-width:75ch}
.scroll{overflow-x:auto;margin:10px 0}
table{border-collapse:collapse;font-size:14px}
caption{text-align:left;font-weight:600;padding:4px 0;color:var(--ink)}
th,td{border-bottom:1px solid var(--line);padding:4px 10px;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid var(--ink);vertical-align:bottom;background:#fff}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.num{white-space:nowrap}
thead th{max-width:11em}
tbody th{font-weight:500}
.sup{font-style:italic;color:#6b3d00}
p.note{color:var(--muted);font-size:14px;margin:4px 0 12px;max-width:90ch}
p.empty{color:var(--muted)}
ul.agreements{padding-left:22px;max-width:80ch}
ul.agreements li{margin:6px 0}
dl.begrippen dt{font-weight:600;margin-top:10px}
dl.begrippen dd{margin:2px 0 0;max-width:80ch}
.detail{color:var(--muted)}
figure.chart{margin:12px 0}
figure.chart svg{max-width:100%;height:auto;font-family:Helvetica,Arial,sans-serif}
figcaption{font-size:14px;color:var(--muted)}
figcaption .quality{display:block;font-size:13px;margin-top:2px}
footer{color:var(--muted);font-size:14px;border-top:1px solid var(--line);margin-top:40px;padding-top:12px}
@media print{
  @page{size:A4;margin:14mm 12mm}
  body{font-size:10pt}
  header.top{background:none;padding:0 0 8px}
  nav.toc{display:none}
  main{max-width:none;padding:0}
  h2{break-before:page;border-top:none;margin-top:0}
  h3,h4{break-after:avoid}
  table{font-size:8pt;width:100%}
  th,td{padding:2px 4px}
  thead{display:table-header-group}
  tr,figure{break-inside:avoid}
  caption,thead,h3,h4{break-after:avoid}
  .scroll{overflow:visible}
  figure.chart svg{width:100%;max-width:17cm}
  a{color:inherit;text-decoration:none}
}`;

function planHtml(x: ExperimentView): string {
  const p = x.e.plan ?? {};
  const dl: [string, string][] = [
    ['Hypothese', p.hypothesis ?? '–'],
    ['Opzet', f.design(p.design)],
    ['Wat de uitkomst zegt', x.e.results?.labelText ?? '–'],
    ['Fase van de hulp', f.phase(p.interventionPhase ?? '–')],
    ['Indeling door', f.allocation(p.allocation)],
    ['Primaire uitkomst', f.metric(p.primaryMetric ?? '')],
    ['Andere uitkomsten', (p.secondaryMetrics ?? []).map(f.metric).join(', ') || '–'],
    ['Volgduur', `${f.int(p.followUpDays)} dagen`],
    ['Geplande tussenstanden', f.int(p.plannedLooks)],
    ['Looptijd', `${f.date(p.start)} tot ${p.end ? f.date(p.end) : 'nog niet bekend'}`],
    ['Status', f.status(p.status ?? '')],
  ];
  const armRows = x.arms
    .map((k) => {
      const a = (p.arms ?? []).find((y) => y.key === k);
      const complete = x.e.results?.guards?.power?.completePerArm?.[k];
      return `<tr><th scope="row">${esc(x.armName(k))}</th><td>${a?.control ? 'ja' : 'nee'}</td><td class="num">${esc(f.dec(a?.weight, 1))}</td><td class="num">${esc(f.int(p.plannedPerArm?.[k]))}</td><td class="num">${esc(f.int(complete))}</td></tr>`;
    })
    .join('');
  return `<dl class="plan">${dl.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
<div class="scroll" role="region" tabindex="0" aria-label="Groepen"><table><caption>Groepen en gepland aantal per groep</caption><thead><tr><th scope="col">Groep</th><th scope="col">Controlegroep</th><th scope="col" class="num">Gewicht bij loting</th><th scope="col" class="num">Gepland aantal</th><th scope="col" class="num">Nu volledig gevolgd</th></tr></thead><tbody>${armRows}</tbody></table></div>`;
}

function experimentHtml(x: ExperimentView, tables: Map<string, Table>, n: number): string {
  const r = x.e.results;
  const T = (s: string, title?: string) => tableHtml(tables.get(s)!, x.key, { title });
  const metrics = r.metrics ?? [];
  const primary = metrics.find((m) => m.primary);
  const curves = ['gereed_voor_schuldregeling', 'uitval']
    .map((k) => metrics.find((m) => m.metric === k))
    .filter((m): m is MetricView => m !== undefined);
  const sentences = metrics.flatMap((m) => (m.comparisons ?? []).map((c) => ({ m, c, text: sentence(x, m, c) })));
  const ws = warnings(x);
  const id = `exp-${x.key}`;
  return `<section id="${esc(id)}" aria-labelledby="${esc(id)}-h">
<h2 id="${esc(id)}-h">${n}. ${esc(x.title)}</h2>
${sentences.length ? `<div class="callout"><h3 style="margin-top:0">Wat we zien</h3>${sentences.map(({ m, text }) => `<p><strong>${esc(f.metric(m.metric))}${m.primary ? ' (primaire uitkomst)' : ''}:</strong> ${esc(text)}</p>`).join('')}</div>` : ''}
${ws.length ? `<div class="warn" role="note"><strong>Let op</strong><ul>${ws.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></div>` : ''}
<h3>Het plan</h3>
${planHtml(x)}
<h3>Stroom van deelnemers</h3>
${svg(consortChart(x))}
${T('CONSORT')}
<h3>Uitkomsten per groep</h3>
<p>Hoe meer deelnemers een uitkomst bereiken, hoe hoger de lijn. De gekleurde band is het 95%-interval: daarbinnen ligt de echte waarde waarschijnlijk.</p>
${curves.map((m) => svg(incidenceChart(x, m))).join('')}
${T('Uitkomsten per arm')}
<h3>Waar vallen deelnemers uit?</h3>
${T('Uitval per fase')}
${T('Uitval per fase per gemeente')}
<h3>Doorlooptijd</h3>
${T('Doorlooptijd')}
${x.e.results?.fidelity ? `<h3>Wat kreeg elke groep echt?</h3>\n${T(FIDELITY_SHEET)}` : ''}
<h3>Vergelijking met de controlegroep</h3>
${T('Vergelijkingen')}
<h3>Per gemeente</h3>
${(x.e.forest ?? []).map((fo) => svg(forestChart(x, fo))).join('')}
${T('Forestplot')}
${T('Per gemeente')}
${primary ? T('Subgroepen') : ''}
<h3>Klantbeleving</h3>
${survivorshipHtml(x)}
${svg(belevingChart(x))}
${T('Klantbeleving')}
<h4>Emoties</h4>
${svg(emotionsChart(x))}
${T('Emoties')}
${belevingUitvalHtml(x, T)}
<h3>Bewaking</h3>
${T('Bewaking')}
<h3>Datakwaliteit</h3>
${T('Datakwaliteit')}
</section>`;
}

/** The caveat of each klantbeleving phase whose arms lost a different share before it (issue 14). */
function survivorshipHtml(x: ExperimentView): string {
  const notes = survivorshipNotes(x);
  return notes.length
    ? `<div class="warn" role="note"><strong>Let op: wie is er nog?</strong><ul>${notes.map((n) => `<li>${esc(n.text)}</li>`).join('')}</ul></div>`
    : '';
}

/** Uitval before each phase, and klantbeleving and later uitval as samenhang (issue 14). */
function belevingUitvalHtml(x: ExperimentView, T: (sheet: string) => string): string {
  const before = T('Uitval voor de fase');
  const bu = x.e.results.belevingUitval;
  const said = belevingUitvalSentences(x);
  return `${before ? `<h4>Uitval vóór elke fase</h4>\n${before}` : ''}
${
  bu
    ? `<h3>Klantbeleving en later uitval</h3>
<p>${esc(bu.labelText)}</p>
${said.length ? `<div class="callout">${said.map((s) => `<p><strong>${esc(f.phase(s.phase))}:</strong> ${esc(s.text)}</p>`).join('')}</div>` : ''}
${T('Klantbeleving en uitval')}`
    : ''
}`;
}

/** The gemeente context (issue 14, item 8) beside the sector figures, or '' without it. */
function contextHtml(report: ReportJson): string {
  const section = contextSection(report);
  if (!section) return '';
  return `<h3>${esc(section.title)}</h3>
<p class="callout">${esc(section.note)}</p>
${contextTables(report)
  .map((t) => tableHtml(t))
  .join('\n')}`;
}

export function renderHtml(report: ReportJson): string {
  chartId = 0;
  const tables = new Map(buildTables(report).map((t) => [t.sheet, t]));
  const xs = experimentViews(report);
  const pub = report.publication;
  const reviewer = isAnonymised(report);
  const note = anonymisationNote(report);
  const refl = reflectionHtml(report);
  const toc = [
    ...(refl.agreed
      ? [
          `<li><a href="#afspraken">${esc(AGREED_TITLE)}</a></li>`,
          `<li><a href="#reflectie">${esc(REFLECTION_TITLE)}</a></li>`,
        ]
      : []),
    ...xs.map((x) => `<li><a href="#exp-${esc(x.key)}">${esc(x.title)}</a></li>`),
    '<li><a href="#sector">De sector</a></li>',
    '<li><a href="#verantwoording">Verantwoording</a></li>',
    '<li><a href="#begrippen">Begrippen</a></li>',
  ].join('');
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kwartaalreflectie ${esc(report.quarter)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="top">
<h1>Kwartaalreflectie ${esc(report.quarter)}</h1>
<p class="meta">Periode: ${esc(f.date(report.period?.start))} tot en met ${esc(f.date(report.period?.end))}. Cijfers tot en met ${esc(f.date(report.asOf))}.</p>
<p class="meta">${pub ? `Gepubliceerde versie ${esc(f.int(pub.version))} van ${esc(f.date(pub.publishedAt))}.` : 'Concept: nog niet gepubliceerd. De cijfers kunnen nog veranderen.'}${reviewer ? ' Versie voor meelezers.' : ''}</p>
</header>
<main>
<p class="lead">In dit rapport staan de experimenten van het living lab stabilisatie en de cijfers van de deelnemende gemeenten. Per experiment ziet u het plan, hoeveel deelnemers meedoen, wat de uitkomsten zijn en hoe zeker die zijn.</p>
${note ? `<p class="callout">${esc(note)}</p>` : ''}
<nav class="toc" aria-label="Inhoud"><strong>Inhoud</strong><ol>${toc}</ol></nav>
${refl.agreed}
${refl.reflection}
${xs.length === 0 ? '<p>Er liepen dit kwartaal geen experimenten.</p>' : xs.map((x, i) => experimentHtml(x, tables, i + 1)).join('\n')}
<section id="sector" aria-labelledby="sector-h">
<h2 id="sector-h">${xs.length + 1}. De sector: alle deelnemende gemeenten</h2>
${report.sector?.note ? `<p>${esc(report.sector.note)}</p>` : ''}
${svg(funnelChart(report))}
${tableHtml(tables.get('Sectorfunnel')!)}
${cohortHtml(report, tables)}
${tableHtml(tables.get('Uitval naar reden')!)}
${tableHtml(tables.get('Sector uitval per fase')!)}
<h3>Trend</h3>
${tableHtml(tables.get('Trend')!)}
<h3>Per gemeente</h3>
${tableHtml(tables.get('Sector per gemeente')!)}
${tableHtml(tables.get('Sector uitval per gemeente')!)}
${contextHtml(report)}
<h3>Herkomst en registratie</h3>
${tableHtml(tables.get('Herkomst sector')!)}
${tableHtml(tables.get('Registratie per gemeente')!)}
</section>
<section id="verantwoording" aria-labelledby="verantwoording-h">
<h2 id="verantwoording-h">${xs.length + 2}. Verantwoording</h2>
<p>Percentages tellen alleen deelnemers die lang genoeg gevolgd zijn. Intervallen zijn 95%-betrouwbaarheidsintervallen. Een p-waarde onder 0,05 betekent: dit verschil is waarschijnlijk geen toeval. Elk kwartaal is een tussenstand; daarom gebruiken we een strengere grens voor een vroege conclusie.</p>
${pub?.changes?.length ? `<h3>Wat veranderde sinds de vorige versie</h3><ul>${pub.changes.map((c) => `<li>${esc(c.path)}: ${esc(typeof c.before === 'number' ? f.dec(c.before, 3) : c.before)} → ${esc(typeof c.after === 'number' ? f.dec(c.after, 3) : c.after)}</li>`).join('')}</ul>` : ''}
<footer><p>Gemaakt op ${esc(f.date(report.generatedAt))} met ${esc(report.engineVersion)}${pub?.inputHash ? `. Controlegetal van de gegevens: ${esc(pub.inputHash)}` : ''}.</p></footer>
</section>
${begrippenHtml(xs.length + 3)}
</main>
</body>
</html>
`;
}

/** The study's ratios per entry cohort (issue 14): chart and tables; nothing for a version published before them. */
function cohortHtml(report: ReportJson, tables: Map<string, Table>): string {
  const chart = cohortChart(report);
  const ratios = tables.get('Verhoudingen per cohort');
  if (!chart || !ratios) return '';
  return `<h3>Verhoudingen per cohort</h3>
${svg(chart)}
${tableHtml(ratios)}
${tableHtml(tables.get('Cohort per gemeente')!)}`;
}
