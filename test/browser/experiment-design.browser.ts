import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { login, SCREENSHOTS, shot, type Served, expectNoAxeViolations, useBrowser } from './browser';

/**
 * Every design in the experiment form (issue 16, item 4) in Debian's Chromium against the real API:
 * loting per gemeente with the ICC in the planned size, a stepped wedge with its steps, a 0-/1-meting
 * with its periods per gemeente typed as dd-mm-jjjj, and an amendment after the start as a form with
 * a reason. axe on each screen, screenshots 35–37.
 */
describe('experiment designs in a real browser', () => {
  const lab = useBrowser();
  let s: Served;
  let page: Page;

  beforeAll(async () => {
    ({ s, page } = lab);
    await login(page, s.base, 'projectleider');
  });

  const checkAxe = (name: string) => expectNoAxeViolations(page, name);

  async function startForm(key: string, title: string, design: RegExp) {
    await page.goto(`${s.base}/#/experiments/create`);
    await page.getByLabel('Korte code (key)').fill(key);
    await page.getByLabel('Titel').fill(title);
    await page.getByLabel('Verwachting (hypothese)').fill('Een nieuwe werkwijze verlaagt de uitval.');
    await page.getByLabel('Fase waarin de nieuwe werkwijze plaatsvindt').click();
    await page.getByRole('option', { name: 'Overzicht' }).click();
    await page.getByLabel('Opzet van de vergelijking').click();
    await page.getByRole('option', { name: design }).click();
    await page.locator('input[name="arms.1.key"]').fill('nieuw');
    await page.locator('input[name="arms.1.name"]').fill('Nieuwe werkwijze');
  }

  async function save() {
    const response = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/experiments',
    );
    await page.getByRole('button', { name: 'Opslaan' }).click();
    const res = await response;
    return { status: res.status(), body: await res.json() };
  }

  it('loting per gemeente: the ICC turns the planned size into gemeenten × deelnemers, or says more are needed', async () => {
    await startForm('cluster-proef', 'Loting per gemeente (browsertest)', /^Loting per gemeente/);
    await page.getByLabel('Gemeenten van vergelijkbare grootte tegen elkaar loten').check();
    await page.getByLabel('Verwacht percentage in de controlegroep (%)').fill('60');
    await page.getByLabel('Kleinste verschil dat ertoe doet (procentpunten)').fill('10');
    for (const g of ['Lindewaard', 'Veenhoven', 'Oosterkamp', 'Brederwijk', 'Hoogdijk', 'Maasbergen'])
      await page.getByLabel(g, { exact: true }).check();
    const planned = page.getByTestId('planned-size');
    await planned.getByText('Vul de ICC in').waitFor();
    // R: n <- power.prop.test(p1 = 0.6, p2 = 0.7, power = 0.8)$n; k = 3, rho = 0.001:
    // n * (1 - rho) / (1 - n * rho / k) = 403.46 (134.49 per gemeente), design effect 1.1335
    await page.getByLabel('Verwachte ICC (intra-clustercorrelatie)').fill('0,001');
    await planned
      .getByText(/3 gemeenten met elk 135 deelnemers \(samen 404; ontwerpeffect 1,13\)/)
      .first()
      .waitFor();
    // k = 3 ≤ n·rho = 3.56 at rho = 0.01: no size is enough
    await page.getByLabel('Verwachte ICC (intra-clustercorrelatie)').fill('0,01');
    await planned
      .getByText(/Er zijn meer gemeenten nodig/)
      .first()
      .waitFor();
    await page.getByLabel('Verwachte ICC (intra-clustercorrelatie)').fill('0,001');
    await page.getByLabel('Startdatum').fill('01-01-2027');
    await page.getByLabel('Einddatum').fill('31-12-2027');
    await checkAxe('ontwerp loting per gemeente');
    await shot(page, '35-ontwerp-loting-per-gemeente');
    const res = await save();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      design: 'cluster_randomized',
      icc: 0.001,
      balanceBySize: true,
      start: '2027-01-01',
      end: '2027-12-31',
    });
  });

  it('stepped wedge: the number of steps', async () => {
    await startForm('wedge-proef', 'Stepped wedge (browsertest)', /stepped wedge/);
    for (const g of ['Lindewaard', 'Veenhoven', 'Oosterkamp']) await page.getByLabel(g, { exact: true }).check();
    await page.getByLabel('Aantal stappen').fill('3');
    await page.getByLabel('Verwachte ICC (intra-clustercorrelatie)').fill('0,02');
    const res = await save();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ design: 'stepped_wedge', wedgeSteps: 3, icc: 0.02 });
  });

  it('0-meting and 1-meting: a period pair per gemeente, in dd-mm-jjjj', async () => {
    await startForm('meting-proef', '0- en 1-meting (browsertest)', /0-meting en 1-meting/);
    await page.getByText('Kies hieronder eerst de gemeenten').waitFor();
    await page.getByLabel('Lindewaard', { exact: true }).check();
    await page.getByLabel('0-meting van').fill('01-01-2026');
    await page.getByLabel('0-meting tot en met').fill('30-06-2026');
    await page.getByLabel('1-meting van').fill('01-07-2026');
    await page.getByLabel('1-meting tot en met').fill('31-12-2026');
    await page.getByLabel('Startdatum').fill('01-01-2026');
    await page.getByLabel('Einddatum').fill('31-12-2026');
    await checkAxe('ontwerp 0- en 1-meting');
    await shot(page, '36-ontwerp-0-en-1-meting');
    const res = await save();
    expect(res.status).toBe(201);
    expect(res.body.periods).toEqual({
      lindewaard: {
        nulmeting: { start: '2026-01-01', end: '2026-06-30' },
        eenmeting: { start: '2026-07-01', end: '2026-12-31' },
      },
    });
  });

  it('an amendment after the start is a form with a reason, never JSON', async () => {
    await page.goto(`${s.base}/#/experiments/jumbo-bon-intake/show`);
    await page.getByRole('button', { name: 'Wijziging na de start vastleggen' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('Einddatum').inputValue()).resolves.toBe('31-08-2027');
    await dialog.getByLabel('Einddatum').fill('31-12-2027');
    await dialog.getByRole('button', { name: 'Vastleggen' }).click();
    await dialog.getByText('Schrijf op waarom het plan verandert.').waitFor();
    await dialog.getByLabel('Waarom verandert het plan?').fill('Te weinig aanmeldingen; wij verlengen vier maanden.');
    await page.locator('.MuiSnackbar-root').waitFor({ state: 'detached', timeout: 30_000 });
    await checkAxe('amendement');
    // The dialog as the user sees it (a full-page shot would show the page below its backdrop).
    await page.screenshot({ path: path.join(SCREENSHOTS, '37-amendement.png') });
    const sent = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/amendments'));
    await dialog.getByRole('button', { name: 'Vastleggen' }).click();
    const res = await sent;
    expect(res.status()).toBe(201);
    expect(JSON.parse(res.request().postData()!)).toEqual({
      changes: { end: '2027-12-31' },
      reason: 'Te weinig aanmeldingen; wij verlengen vier maanden.',
    });
    await page.getByText(/Te weinig aanmeldingen; wij verlengen vier maanden/).waitFor();
  });
});
