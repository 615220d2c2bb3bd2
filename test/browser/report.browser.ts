import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { login, logout, shot, type Served, expectNoAxeViolations, useBrowser } from './browser';
import { lastEndedQuarter, type QuarterlyReport } from '@living-lab/domain';

/**
 * The quarterly report on screen for each role that may read it (issue 15): the whole report —
 * every outcome, klantbeleving, warnings, data quality, subgroups and the sector funnel — each
 * finding a B1 sentence and a picture with its data-quality line, the analyst's figures behind a
 * disclosure that opens on a click and is always printed. axe: no serious or critical violation.
 */
/** The printed report (not kept in the repository: look at it with pdftoppm). */
const PRINTED = path.join(os.tmpdir(), 'rapport-gemeente-print.pdf');

describe('the quarterly report in the web app, per role', () => {
  const lab = useBrowser({ cohort: true });
  let s: Served;
  let page: Page;

  beforeAll(() => {
    ({ s, page } = lab);
  });

  async function openReport(username: string) {
    await page.emulateMedia({ media: 'screen' });
    await logout(page, s.base);
    await login(page, s.base, username);
    await page.goto(`${s.base}/#/rapporten`);
    await page.getByTestId('report-experiment').first().waitFor({ timeout: 90_000 });
    await page.locator('.recharts-bar-rectangle path, .recharts-rectangle').first().waitFor();
    await page.waitForFunction(() =>
      document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
    );
  }

  async function expectWholeReport() {
    const report = page.getByTestId('report');
    const text = (await report.textContent())!;
    // every part of the report
    for (const part of [
      'Gereed voor schuldregeling',
      'Uitval',
      'Hoe snel',
      'Per gemeente',
      'Voor wie werkt het?',
      'Klantbeleving',
      'Let op',
      'De sector dit kwartaal',
      'Verhoudingen per cohort',
      'Datakwaliteit',
    ])
      expect(text).toContain(part);
    // the quarter's flows are counts; the study's ratios are per named cohort (issue 14)
    expect(text).toContain('Dit zijn tellingen, geen verhoudingen');
    expect(text).toMatch(/Instroom in stabilisatie in \d{4}-Q\d, een jaar gevolgd: (\d+,\d%|geen cijfer)/);
    // B1 sentences by the one rule of libs/domain, never "p = <" or a chance of 100%
    expect(text).toMatch(/Van de deelnemers met .* was (\d+%|minder dan 5 deelnemers) binnen \d+ dagen/);
    expect(text).not.toContain('p = <');
    expect(text).toMatch(/Tussenstand \d+ (van \d+|\(er waren \d+ gepland\))/);
    // a picture and a data-quality line for every finding that has a picture
    const findings = await page.getByTestId('finding').count();
    const quality = await page.getByTestId('quality').count();
    expect(findings).toBeGreaterThan(8);
    expect(quality).toBeGreaterThanOrEqual(findings - 1); // the data-quality finding is itself the table
    expect(text).toMatch(/Herkomst: bron/);
    expect(text).toMatch(/Volledig gevolgd: [\d.]+ van [\d.]+ ingeschreven deelnemers/);
    // klantbeleving phases in journey order
    const phases = ['Aanmelding', 'Intake', 'Overzicht'].map((p) => text.indexOf(`In de fase ${p.toLowerCase()}`));
    const present = phases.filter((i) => i >= 0);
    expect(present).toEqual([...present].sort((a, b) => a - b));
  }

  async function expectDisclosure() {
    const toggle = page.getByTestId('analyst-toggle').first();
    const figures = page.getByTestId('analyst').first();
    expect(await figures.isVisible()).toBe(false);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await figures.isVisible()).toBe(true);
    expect(await figures.textContent()).toContain('Volledig gevolgd');
    const all = await page.getByTestId('analyst').allTextContents();
    expect(all.some((t) => t.includes('p (Fisher)') && t.includes('Kans dat de groep beter is'))).toBe(true);
    await toggle.click();
    expect(await figures.isVisible()).toBe(false);
    // on paper every analyst's disclosure is open
    await page.emulateMedia({ media: 'print' });
    const hidden = await page
      .getByTestId('analyst')
      .evaluateAll((els) => els.filter((e) => getComputedStyle(e).display === 'none').length);
    expect(hidden).toBe(0);
    await page.emulateMedia({ media: 'screen' });
  }

  const checkAxe = (name: string) => expectNoAxeViolations(page, name);

  it('reviewer: the whole anonymised report, analyst figures one click away', async () => {
    await openReport('reviewer');
    await expectWholeReport();
    const text = (await page.getByTestId('report').textContent())!;
    expect(text).toMatch(/Gemeente [A-Z]/);
    await expectDisclosure();
    await checkAxe('report-reviewer');
    await shot(page, '13-rapport-reviewer');
  });

  it('projectleider: the whole report with names', async () => {
    await openReport('projectleider');
    await expectWholeReport();
    // the cohort figures of the report JSON, with the same values
    const res = await s.t.http
      .get(`/api/v1/reports/quarterly/${lastEndedQuarter().label}`)
      .set(await s.t.auth('projectleider'));
    const json = res.body as QuarterlyReport;
    expect(json.sector.cohortRatios?.ratios).toHaveLength(3);
    const text = (await page.getByTestId('report').textContent())!;
    for (const r of json.sector.cohortRatios!.ratios)
      if (r.total.status === 'estimate')
        expect(text).toContain(`${r.cohortLabel}: ${(r.total.estimate! * 100).toFixed(1).replace('.', ',')}%`);
    await expectDisclosure();
    await checkAxe('report-projectleider');
    await shot(page, '14-rapport-projectleider');
  });

  it('gemeente: its own gemeente by name, the others coded', async () => {
    // Lindewaard consented to be named: take that away, so only being the viewer names it
    await s.t.admin.query("UPDATE gemeente SET consent_named = false WHERE code = 'lindewaard'");
    try {
      await openReport('medewerker-lindewaard');
      await expectWholeReport();
      const text = (await page.getByTestId('report').textContent())!;
      expect(text).toContain('Uw eigen gemeente (Lindewaard)');
      expect(text).toContain('Lindewaard');
      expect(text).toMatch(/Gemeente [A-Z]/);
      expect(text).not.toContain('Veenhoven');
      await checkAxe('report-gemeente');
      await shot(page, '15-rapport-gemeente');
      // the printed page (as the browser's print does it, from the screen's layout): the report
      // alone, with the analyst's figures
      await page.emulateMedia({ media: null }); // page.pdf then prints with the print stylesheet
      await page.pdf({ path: PRINTED, format: 'A4' });
      expect(fs.statSync(PRINTED).size).toBeGreaterThan(10_000);
    } finally {
      await s.t.admin.query("UPDATE gemeente SET consent_named = true WHERE code = 'lindewaard'");
    }
  });
});
