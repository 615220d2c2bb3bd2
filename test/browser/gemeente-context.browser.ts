import type { Page } from 'playwright-core';
import { expectNoAxeViolations, login, logout, shot, type Served, useBrowser } from './browser';

/**
 * Issue 14, item 8 in Debian's Chromium: a gemeente user opens its own gemeente's page, records
 * the werkwijze of a year with a decimal comma in the caseload, sees a refusal at the field it is
 * about, and the saved year in the table; a projectleider reads it without a form. No serious or
 * critical axe finding on either screen.
 */
describe('gemeente context: the form per year on the gemeente page', () => {
  const lab = useBrowser();
  let s: Served;
  let page: Page;
  const G = 'oosterkamp';
  const year = new Date().getUTCFullYear() - 3; // not seeded (the demo context is 2025 and 2026)

  beforeAll(() => {
    ({ s, page } = lab);
  });

  it('a gemeente user records a year, with the caseload as 47,5 and a refusal shown at its field', async () => {
    await login(page, s.base, `medewerker-${G}`);
    await page.goto(`${s.base}/#/gemeenten/${G}/show`);
    const panel = page.getByTestId('gemeente-context');
    await panel.getByRole('heading', { name: 'Werkwijze per jaar' }).waitFor();
    // the seeded years are in the table
    await panel
      .getByRole('table', { name: 'Vastgelegde werkwijze per jaar' })
      .getByRole('rowheader', { name: '2025' })
      .waitFor();

    await panel.getByRole('combobox', { name: 'Jaar' }).click();
    await page.getByRole('option', { name: String(year) }).click();
    await panel.getByText('Voor dit jaar is nog niets vastgelegd.').waitFor();
    await panel.getByRole('radio', { name: /^Maatwerk/ }).check();
    await panel.getByRole('radio', { name: 'Ja' }).check();
    await panel.getByRole('checkbox', { name: 'Budgetcoaching' }).check();
    await panel.getByRole('checkbox', { name: 'Budgetbeheer' }).check();
    await panel.getByTestId('uitbesteed-summary').getByText('Uitbesteed: Budgetcoaching, Budgetbeheer.').waitFor();

    // a caseload that is no number is refused at its field, nothing is sent
    const caseload = panel.getByLabel(/Caseload per fte/);
    await caseload.fill('veel');
    await panel.getByRole('button', { name: `Opslaan voor ${year}` }).click();
    await panel.getByText(/Vul een getal in groter dan 0/).waitFor();
    expect(await caseload.getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'werkwijze-formulier-fout');

    await caseload.fill('47,5');
    const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith(`/gemeenten/${G}/context/${year}`));
    await panel.getByRole('button', { name: `Opslaan voor ${year}` }).click();
    expect(JSON.parse((await put).postData() ?? '{}')).toEqual({
      werkwijze: 'maatwerk',
      regisseur: true,
      uitbesteed: ['budgetcoaching', 'budgetbeheer'],
      caseloadPerFte: 47.5,
    });
    const row = panel
      .getByRole('table', { name: 'Vastgelegde werkwijze per jaar' })
      .getByRole('row', { name: new RegExp(`^${year} `) });
    await row.getByText('47,5').waitFor();
    await row.getByText('Budgetcoaching, Budgetbeheer').waitFor();
    await panel.getByText('Voor dit jaar is al iets vastgelegd. Opslaan vervangt het.').waitFor();
    await expectNoAxeViolations(page, 'werkwijze-formulier');
    await shot(page, '80-werkwijze-gemeente');

    const [stored] = await s.t.admin.query(
      'SELECT werkwijze, regisseur, uitbesteed, caseload_per_fte::float8 AS c, recorded_by FROM gemeente_context WHERE gemeente_code = $1 AND year = $2',
      [G, year],
    );
    expect(stored).toEqual({
      werkwijze: 'maatwerk',
      regisseur: true,
      uitbesteed: ['budgetcoaching', 'budgetbeheer'],
      c: 47.5,
      recorded_by: `medewerker-${G}`,
    });
  });

  it('a projectleider reads the years without a form', async () => {
    await logout(page, s.base);
    await login(page, s.base, 'projectleider');
    await page.goto(`${s.base}/#/gemeenten/${G}/show`);
    const panel = page.getByTestId('gemeente-context');
    await panel.getByRole('table', { name: 'Vastgelegde werkwijze per jaar' }).getByText('47,5').waitFor();
    expect(await panel.getByRole('button', { name: /Opslaan/ }).count()).toBe(0);
    expect(await panel.getByRole('form').count()).toBe(0);
    await expectNoAxeViolations(page, 'werkwijze-projectleider');
  });
});
