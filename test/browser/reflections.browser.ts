import type { Page } from 'playwright-core';
import { lastEndedQuarter, previousQuarter } from '@living-lab/domain';
import * as path from 'node:path';
import { login, logout, SCREENSHOTS, shot, type Served, expectNoAxeViolations, useBrowser } from './browser';

/** The reflection section alone (the report page below it is long). */
const sectionShot = (page: Page, name: string) =>
  page.getByTestId('reflecties').screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

/**
 * The reflection on the report page (issue 15), in Chromium against the real API: the project lead
 * writes what came of last quarter's agreements and this quarter's reflection with the form, the
 * reviewer comments on the draft, a gemeente user reads it. axe on each role's screen.
 */
describe('the quarterly reflection in a real browser', () => {
  const lab = useBrowser();
  let s: Served;
  let page: Page;
  const quarter = lastEndedQuarter(); // the report page opens on it
  const previous = previousQuarter(quarter).label;

  beforeAll(async () => {
    ({ s, page } = lab);
    // last quarter's agreements, written through the API
    const res = await s.t.http
      .post(`/api/v1/reports/quarterly/${previous}/reflections`)
      .set(await s.t.auth('projectleider'))
      .send({
        conclusions: 'Veel mensen vallen uit terwijl ze hun overzicht maken.',
        decisions: [{ decision: 'continue', reason: 'Wekelijkse coaching loopt pas kort.' }],
        proposals: [
          { text: 'No-shows altijd vastleggen.', owner: 'Teamleiders schuldhulp', targetQuarter: quarter.label },
        ],
      });
    expect(res.status).toBe(201);
  });

  const checkAxe = (name: string) => expectNoAxeViolations(page, name);

  it('lets the project lead say what came of last quarter and write this quarter’s reflection', async () => {
    await login(page, s.base, 'projectleider');
    await page.goto(`${s.base}/#/rapporten`);
    const section = page.getByTestId('reflecties');
    await section.getByText('Wat we vorig kwartaal afspraken — en wat ervan kwam').waitFor({ timeout: 60_000 });
    await section.getByText('Besluit:').first().waitFor();

    const agreement = section.locator('li', { hasText: 'No-shows altijd vastleggen.' });
    await agreement.getByRole('textbox', { name: 'Wat ervan kwam' }).fill('Alle teams leggen no-shows nu vast.');
    await agreement.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Opgeslagen: wat ervan kwam.').waitFor();

    await section.getByRole('button', { name: 'Reflectie schrijven' }).click();
    await page
      .getByRole('textbox', { name: 'Conclusies: wat zeggen de cijfers?' })
      .fill('De uitval daalt in de gemeenten met coaching.');
    await page.getByRole('button', { name: 'Besluit toevoegen' }).click();
    await page.getByRole('textbox', { name: 'Waarom' }).fill('We willen eerst zien of het effect blijft.');
    await page.getByRole('button', { name: 'Voorstel toevoegen' }).click();
    await page.getByRole('textbox', { name: 'Voorstel 1' }).fill('Klantkaarten ook bij de intake geven.');
    await page.getByRole('textbox', { name: 'Wie pakt het op (rol of organisatie)' }).fill('Projectleider living lab');
    await checkAxe('reflection-form');

    // a BSN in the text is refused at the field, in Dutch
    await page.getByRole('textbox', { name: 'Conclusies: wat zeggen de cijfers?' }).fill('Cliënt 111222333 viel uit.');
    await page.getByRole('button', { name: 'Reflectie opslaan' }).click();
    await page.getByText(/lijkt persoonsgegevens te bevatten \(een BSN\)/).waitFor();

    await page
      .getByRole('textbox', { name: 'Conclusies: wat zeggen de cijfers?' })
      .fill('De uitval daalt in de gemeenten met coaching.');
    await page.getByRole('button', { name: 'Reflectie opslaan' }).click();
    await page.getByText('De reflectie is opgeslagen.').waitFor();
    await section.getByText('De uitval daalt in de gemeenten met coaching.').waitFor();
    await section.getByText('Doorgaan zoals het is. We willen eerst zien of het effect blijft.').waitFor();
    await checkAxe('reflection-projectleider');
    await page.getByText('De reflectie is opgeslagen.').waitFor({ state: 'hidden' });
    await sectionShot(page, '30-reflectie-projectleider');
  });

  it('lets the reviewer comment on the draft', async () => {
    await logout(page, s.base);
    await login(page, s.base, 'reviewer');
    await page.goto(`${s.base}/#/rapporten`);
    const section = page.getByTestId('reflecties');
    await section.getByText('De uitval daalt in de gemeenten met coaching.').waitFor({ timeout: 60_000 });
    await section.getByText('Alle teams leggen no-shows nu vast.').waitFor();
    expect(await section.getByRole('button', { name: 'Reflectie schrijven' }).count()).toBe(0);
    await section.getByRole('textbox', { name: 'Uw reactie op dit concept' }).fill('Hoeveel deelnemers telt dat?');
    await section.getByRole('button', { name: 'Reageren' }).click();
    await page.getByText('Uw reactie is geplaatst.').waitFor();
    await section.getByText('Hoeveel deelnemers telt dat?').waitFor();
    await checkAxe('reflection-reviewer');
    await page.getByText('Uw reactie is geplaatst.').waitFor({ state: 'hidden' });
    await sectionShot(page, '31-reflectie-reviewer');
  });

  it('shows a gemeente user the reflection, without comments or forms', async () => {
    await logout(page, s.base);
    await login(page, s.base, 'medewerker-hoogdijk');
    await page.goto(`${s.base}/#/rapporten`);
    const section = page.getByTestId('reflecties');
    await section.getByText('De uitval daalt in de gemeenten met coaching.').waitFor({ timeout: 60_000 });
    expect(await section.getByText('Hoeveel deelnemers telt dat?').count()).toBe(0);
    expect(await section.getByRole('textbox').count()).toBe(0);
    await checkAxe('reflection-gemeente');
  });

  it('links a metric name to its definition on the Begrippen page', async () => {
    await logout(page, s.base);
    await login(page, s.base, 'projectleider');
    await page.goto(`${s.base}/#/experiments/wekelijkse-coaching/show`);
    await page.getByRole('link', { name: 'Gereed voor schuldregeling' }).first().click();
    await page.waitForURL(/#\/begrippen\?begrip=gereed_voor_schuldregeling/);
    const entry = page.getByTestId('begrip-gereed_voor_schuldregeling');
    await entry.getByText(/klaar voor de volgende stap/).waitFor();
    await page.getByRole('heading', { name: 'Hoe we tellen en vergelijken' }).waitFor();
    await page.getByText('Intention to treat (iedereen blijft in zijn groep)').waitFor();
    await checkAxe('begrippen');
    await shot(page, '32-begrippen');
  });
});
