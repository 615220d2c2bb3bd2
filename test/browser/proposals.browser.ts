import * as fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { login, logout, shot, type Served, expectNoAxeViolations, useBrowser } from './browser';

/**
 * Gemeenten propose, projectleiders decide (issue 16, items 5–7) in Debian's Chromium against the
 * real API and database: a gemeente proposes from a template of the study (dates typed as
 * dd-mm-jjjj, a wrong date refused at the input) and asks to join a running experiment; the
 * projectleider comments and approves; the gemeente sees the answer and exports the list as CSV.
 * axe (WCAG 2.1 A/AA) on every screen, a screenshot of each in docs/screenshots.
 */
describe('proposals in a real browser', () => {
  const lab = useBrowser();
  let s: Served;
  let page: Page;

  beforeAll(() => {
    ({ s, page } = lab);
  });

  const checkAxe = (name: string) => expectNoAxeViolations(page, name);

  it('a gemeente proposes an experiment from a practice of the study, with Dutch dates', async () => {
    await login(page, s.base, 'medewerker-lindewaard');
    await page.goto(`${s.base}/#/voorstellen/nieuw`);
    await page.locator('h1', { hasText: 'Experiment voorstellen' }).waitFor();
    await page.getByRole('button', { name: /Huisbezoek bij de intake/ }).click();
    await expectValue(page.getByLabel('Naam van het experiment'), 'Huisbezoek bij de intake');
    expect(await page.getByLabel(/^Code/).inputValue()).toBe('huisbezoek-intake-lindewaard');
    await page.getByLabel('Gewenste startdatum').fill('31-02-2027');
    await page.getByLabel('Gewenste einddatum').fill('31-12-2027');
    await page
      .getByLabel(/Toelichting voor de projectleider/)
      .fill('Wij doen al huisbezoeken en willen weten of het helpt.');
    await page.getByRole('button', { name: 'Voorstel versturen' }).click();
    await page.getByText('Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 01-03-2027.').waitFor();
    await page.getByLabel('Gewenste startdatum').fill('1-2-2027');
    await page.getByLabel('Gewenste einddatum').click();
    // Parsed with the API's own rule and shown back as dd-mm-jjjj.
    await expectValue(page.getByLabel('Gewenste startdatum'), '01-02-2027');
    await checkAxe('voorstel doen');
    await shot(page, '60-voorstel-doen');
    const sent = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/experiments',
    );
    await page.getByRole('button', { name: 'Voorstel versturen' }).click();
    const res = await sent;
    expect(res.status()).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({
      key: 'huisbezoek-intake-lindewaard',
      status: 'proposed',
      start: '2027-02-01',
      end: '2027-12-31',
      gemeenten: ['lindewaard'],
    });
    await page.getByRole('cell', { name: 'Huisbezoek bij de intake' }).waitFor();
  });

  it('a gemeente asks to join a running experiment from a date', async () => {
    await page.goto(`${s.base}/#/voorstellen/meedoen`);
    await page.locator('h1', { hasText: 'Meedoen met een experiment' }).waitFor();
    await page.getByRole('combobox', { name: 'Experiment' }).click();
    await page.getByRole('option', { name: /Boodschappenbon bij de intake/ }).click();
    await page.getByLabel('Meedoen vanaf').fill('01-03-2026');
    await checkAxe('meedoen');
    await shot(page, '62-meedoen-verzoek');
    await page.getByRole('button', { name: 'Verzoek versturen' }).click();
    await page.getByRole('cell', { name: 'Boodschappenbon bij de intake' }).waitFor();
    await page.getByRole('cell', { name: '01-03-2026' }).waitFor();
    expect(await page.getByRole('cell', { name: 'Wacht op antwoord' }).count()).toBe(2);
    await checkAxe('voorstellen gemeente');
    await shot(page, '61-voorstellen-gemeente');
  });

  it('the projectleider comments and approves; the proposer never sees the decision buttons', async () => {
    await page.getByRole('cell', { name: 'Huisbezoek bij de intake' }).click();
    await page.locator('h1', { hasText: /Nieuw experiment: Huisbezoek/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Goedkeuren' }).count()).toBe(0);
    await logout(page, s.base);
    await login(page, s.base, 'projectleider');
    await page.goto(`${s.base}/#/proposals`);
    await page.getByRole('cell', { name: 'Huisbezoek bij de intake' }).click();
    await page.getByLabel('Uw reactie').fill('Hoeveel klanten verwacht u per maand?');
    await page.getByRole('button', { name: 'Reactie versturen' }).click();
    await page.getByText('Hoeveel klanten verwacht u per maand?').last().waitFor();
    expect(await page.getByRole('button', { name: 'Afwijzen' }).isDisabled()).toBe(true);
    await page.getByLabel(/Reden/).fill('Goed plan. Ik zet het klaar als concept.');
    await checkAxe('voorstel beslissen');
    await shot(page, '63-voorstel-beslissen');
    await page.getByRole('button', { name: 'Goedkeuren' }).click();
    await page.getByText(/Goedgekeurd door projectleider/).waitFor();
    expect(
      (await s.t.admin.query("SELECT status FROM experiment WHERE key = 'huisbezoek-intake-lindewaard'"))[0].status,
    ).toBe('draft');
  });

  it('the gemeente sees the answer and downloads the list as a Dutch CSV', async () => {
    await logout(page, s.base);
    await login(page, s.base, 'medewerker-lindewaard');
    await page.goto(`${s.base}/#/proposals`);
    await page.getByRole('cell', { name: 'Goedgekeurd' }).waitFor();
    await page.getByRole('cell', { name: 'Goed plan. Ik zet het klaar als concept.' }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Downloaden (CSV)' }).click();
    const file = await (await download).path();
    const csv = fs.readFileSync(file, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe(
      'Nummer;Soort;Experiment;Code experiment;Gemeente;Ingediend door;Ingediend op;Meedoen vanaf;Antwoord;Beslist door;Beslist op;Toelichting bij het antwoord',
    );
    expect(lines).toHaveLength(3);
    expect(
      lines.some((l) =>
        /;Meedoen met een experiment;Boodschappenbon bij de intake;.*;01-03-2026;Wacht op antwoord;/.test(l),
      ),
    ).toBe(true);
    await page.getByRole('cell', { name: 'Huisbezoek bij de intake' }).click();
    await page.getByText('Hoeveel klanten verwacht u per maand?').waitFor();
    await checkAxe('voorstel antwoord');
    await shot(page, '64-voorstel-antwoord');
  });
});

/** Waits (up to 5 s) for an input to show this value, then asserts it. */
async function expectValue(loc: Locator, value: string): Promise<void> {
  for (let i = 0; i < 50 && (await loc.inputValue()) !== value; i++) await new Promise((r) => setTimeout(r, 100));
  expect(await loc.inputValue()).toBe(value);
}
