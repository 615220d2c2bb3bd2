import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, login, logout, SCREENSHOTS, type Served, useBrowser } from './browser';

/**
 * The analysis dataset button on the experiment page (issue 14): a projectleider downloads the
 * CSV (the API's file: BOM, `;`, the dictionary's column names) and sees the card without axe
 * violations; a gemeente user does not get the card (the API refuses them too).
 */
describe('the analysis dataset on the experiment page', () => {
  const lab = useBrowser();
  let s: Served;
  let page: Page;

  beforeAll(() => {
    ({ s, page } = lab);
  });

  it('lets a projectleider download the CSV', async () => {
    await login(page, s.base, 'projectleider');
    await page.goto(`${s.base}/#/experiments/wekelijkse-coaching/show`);
    const card = page.getByTestId('dataset-download');
    await card.getByText('Analysebestand').waitFor();
    await expectNoAxeViolations(page, 'analysebestand');
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: path.join(SCREENSHOTS, 'analysebestand.png') });
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('button', { name: 'CSV downloaden' }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/^wekelijkse-coaching-analysebestand-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = fs.readFileSync((await file.path())!, 'utf8');
    expect(text.startsWith('\uFEFFdeelnemer;gemeente;arm;stratum;')).toBe(true);
    const [{ n }] = await s.t.admin.query(
      "SELECT count(*)::int AS n FROM audit_entry WHERE action = 'download_dataset' AND actor = 'projectleider'",
    );
    expect(n).toBe(1);
  });

  it('shows no download to a gemeente user', async () => {
    await page.goto(`${s.base}/#/`);
    await page.getByText('Welkom bij het Living Lab Stabilisatie').waitFor();
    await logout(page, s.base);
    await login(page, s.base, 'medewerker-lindewaard');
    await page.goto(`${s.base}/#/experiments/wekelijkse-coaching/show`);
    await page.getByText('Wekelijkse coaching tijdens het maken van overzicht').first().waitFor();
    expect(await page.getByTestId('dataset-download').count()).toBe(0);
  });
});
