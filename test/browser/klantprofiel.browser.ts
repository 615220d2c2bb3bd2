import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { addDays, todayIso } from '../../libs/domain/src';
import { expectNoAxeViolations, login, logout, SCREENSHOTS, type Served, useBrowser } from './browser';

/**
 * Klantprofiel over time on the timeline (issue 14, item 9) in Debian's Chromium: a gemeente
 * worker sees the history and the profile at enrolment, records a change with a date (a future
 * date is refused at the field in plain Dutch), and the old profile stays where the results use it.
 */
describe('klantprofiel over time in a real browser', () => {
  const lab = useBrowser();
  let s: Served;
  let page: Page;
  const today = todayIso();
  const nl = (iso: string) => iso.split('-').reverse().join('-');
  const enrolledOn = addDays(today, -40);

  beforeAll(async () => {
    ({ s, page } = lab);
    const res = await s.t.http
      .post('/api/v1/experiments/wekelijkse-coaching/enrolments')
      .set(await s.t.auth('medewerker-lindewaard'))
      .send({ gemeente: 'lindewaard', participantRef: 'KP-BROWSER-1', enrolledOn, klantprofiel: 'onwetende' });
    expect(res.status).toBe(201);
  });

  it('records a new klantprofiel with its date; the history and the profile at enrolment stay visible', async () => {
    await logout(page, s.base);
    await login(page, s.base, 'medewerker-lindewaard');
    await page.goto(`${s.base}/#/participants/${encodeURIComponent('lindewaard/KP-BROWSER-1')}/show`);
    const history = page.getByTestId('klantprofiel-history');
    await history.waitFor();
    await expect(history.innerText()).resolves.toContain('Onwetende');
    const form = page.getByTestId('klantprofiel-form');
    await form.locator('#klantprofiel').click();
    await page.getByRole('option', { name: 'Aanpakker', exact: true }).click();
    await form.getByLabel('Geldt vanaf').fill(nl(addDays(today, 3)));
    await form.getByRole('button', { name: 'Klantprofiel opslaan' }).click();
    await form.getByText('Deze datum ligt in de toekomst.', { exact: false }).waitFor();
    await form.getByLabel('Geldt vanaf').fill(nl(addDays(today, -10)));
    await form.getByRole('button', { name: 'Klantprofiel opslaan' }).click();
    await page.getByText('Klantprofiel nu: Aanpakker', { exact: false }).waitFor();
    const rows = await history.getByRole('row').allInnerTexts();
    expect(rows).toHaveLength(3); // header, the first profile, the change
    expect(rows[1]).toContain(nl(enrolledOn));
    expect(rows[1]).toContain('Onwetende');
    expect(rows[2]).toContain(nl(addDays(today, -10)));
    expect(rows[2]).toContain('Aanpakker');
    expect(rows[2]).toContain('medewerker-lindewaard');
    await expect(page.getByTestId('klantprofiel-at-enrolment').innerText()).resolves.toMatch(
      /Bij inschrijving in wekelijkse-coaching \(\d\d-\d\d-\d{4}\): Onwetende/,
    );
    await expect(page.getByTestId('timeline').innerText()).resolves.toContain(
      'klantprofiel bij inschrijving: Onwetende',
    );
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page, 'klantprofiel');
    await page.screenshot({ path: path.join(SCREENSHOTS, '70-klantprofiel.png'), fullPage: true });
  });

  it('shows the projectleider the history without the form', async () => {
    await logout(page, s.base);
    await login(page, s.base, 'projectleider');
    await page.goto(`${s.base}/#/participants/${encodeURIComponent('lindewaard/KP-BROWSER-1')}/show`);
    await page.getByTestId('klantprofiel-history').waitFor();
    await expect(page.getByTestId('klantprofiel-form').count()).resolves.toBe(0);
  });
});
