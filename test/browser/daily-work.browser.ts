import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { addDays, definitionFromTemplate, lastEndedQuarter, practiceTemplate, todayIso } from '../../libs/domain/src';
import { login, logout, SCREENSHOTS, shot, type Served, expectNoAxeViolations, settled, useBrowser } from './browser';

/**
 * The daily work of issue 16 in Debian's Chromium against the real API with the demo cohort: the
 * worklist per role (gemeente, beheerder; refused to the others), its CSV download and the link
 * to a timeline, each screen checked with axe (no serious or critical violations) and
 * photographed for docs/screenshots.
 */
describe('daily work in a real browser', () => {
  const lab = useBrowser({ cohort: true });
  let s: Served;
  let page: Page;
  const today = todayIso();

  beforeAll(async () => {
    ({ s, page } = lab);
    // One participant of our own whose worklist row we know: an aanmelding 35 days ago, nothing since.
    const res = await s.t.http
      .post('/api/v1/participants/lindewaard/WL-BROWSER-1/events')
      .set(await s.t.auth('medewerker-lindewaard'))
      .send({ milestone: 'aanmelding', occurredOn: addDays(today, -35) });
    expect(res.status).toBe(201);
  });

  const settle = () => settled(page);
  const checkAxe = (name: string) => expectNoAxeViolations(page, name);
  const menu = () => page.locator('.RaMenu-open, .RaMenu-closed').first();

  it('shows a gemeente worker their worklist, why and since when, linked to the timeline', async () => {
    await logout(page, s.base);
    await login(page, s.base, 'medewerker-lindewaard');
    await menu().getByText('Werklijst', { exact: true }).click();
    const table = page.getByTestId('werklijst');
    await table.waitFor();
    // every row is this gemeente's: no gemeente column, no gemeente choice
    await expect(page.getByRole('columnheader', { name: 'Gemeente' }).count()).resolves.toBe(0);
    await expect(page.locator('#werklijst-gemeente').count()).resolves.toBe(0);
    await checkAxe('werklijst-gemeente');
    await shot(page, '50-werklijst-gemeente');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Downloaden als CSV' }).click();
    const file = await (await download).path();
    const csv = fs.readFileSync(file, 'utf8').replace(/^\ufeff/, '');
    expect(csv.split('\r\n')[0]).toBe('Gemeente;Deelnemer;Reden;Sinds;Dagen;Fase;Experiment;Laatste stap;Toelichting');
    expect(csv).toContain('lindewaard;WL-BROWSER-1;Geen intake na aanmelding;');

    await page.getByRole('button', { name: /^Geen intake na aanmelding \(/ }).click();
    await expect(table.getByRole('row').filter({ hasText: 'Klantbeleving ontbreekt' }).count()).resolves.toBe(0);
    const row = table.getByRole('row').filter({ hasText: 'WL-BROWSER-1' });
    await expect(row.innerText()).resolves.toContain('Geen intake na aanmelding');
    await expect(row.innerText()).resolves.toContain(addDays(today, -35).split('-').reverse().join('-'));
    await expect(row.innerText()).resolves.toMatch(/NVVK-norm: 28 dagen/);
    await row.getByRole('link', { name: 'WL-BROWSER-1' }).click();
    await page.getByText('WL-BROWSER-1').first().waitFor();
    await page.getByTestId('milestone-form').waitFor();
    expect(decodeURIComponent(page.url())).toContain('/participants/lindewaard/WL-BROWSER-1/show');
  });

  it('lets the beheerder choose a gemeente, or see all with a gemeente column', async () => {
    await logout(page, s.base);
    await login(page, s.base, 'admin');
    await page.goto(`${s.base}/#/werklijst`);
    await page.getByText('Kies een gemeente om haar werklijst te zien.').waitFor();
    await page.locator('#werklijst-gemeente').click();
    await page.getByRole('option', { name: 'Alle gemeenten' }).click();
    const table = page.getByTestId('werklijst');
    await table.waitFor();
    await page.getByRole('columnheader', { name: 'Gemeente' }).waitFor();
    await page.locator('#werklijst-gemeente').click();
    await page.getByRole('option', { name: /Lindewaard/i }).click();
    await page.getByRole('button', { name: /^Geen intake na aanmelding \(/ }).click();
    await table.getByRole('row').filter({ hasText: 'WL-BROWSER-1' }).waitFor();
    await expect(page.getByRole('columnheader', { name: 'Gemeente' }).count()).resolves.toBe(0);
    await checkAxe('werklijst-beheerder');
    await page.getByRole('button', { name: /^Alles \(/ }).click();
    await page.mouse.move(0, 0);
    await settle();
    await shot(page, '51-werklijst-beheerder');
  });

  it('gives projectleider and reviewer no worklist', async () => {
    for (const user of ['projectleider', 'reviewer']) {
      await logout(page, s.base);
      await login(page, s.base, user);
      await expect(menu().getByText('Werklijst', { exact: true }).count()).resolves.toBe(0);
      await page.goto(`${s.base}/#/werklijst`);
      await page.waitForTimeout(800);
      await expect(page.getByTestId('werklijst').count()).resolves.toBe(0);
      await expect(page.getByText('WL-BROWSER-1').count()).resolves.toBe(0);
    }
  });

  it('gives every role a start page with the state of the lab, and a reviewer aggregates only', async () => {
    const cases: [string, string, string[], string[]][] = [
      [
        'medewerker-lindewaard',
        '52-start-gemeente',
        ['Werklijst', 'Datakwaliteit dit kwartaal', 'Laatst ingelezen bestanden'],
        [],
      ],
      [
        'projectleider',
        '53-start-projectleider',
        ['Datakwaliteit dit kwartaal', 'Laatst ingelezen bestanden'],
        ['Werklijst'],
      ],
      ['admin', '54-start-beheerder', ['Datakwaliteit dit kwartaal'], ['Werklijst']],
      ['reviewer', '55-start-reviewer', [], ['Werklijst', 'Datakwaliteit dit kwartaal', 'Laatst ingelezen bestanden']],
    ];
    const reflection = await s.t.http
      .post(`/api/v1/reports/quarterly/${lastEndedQuarter(today).label}/reflections`)
      .set(await s.t.auth('projectleider'))
      .send({ conclusions: 'Meer no-shows vastleggen.', decisions: [{ decision: 'continue', reason: 'Loopt goed.' }] });
    expect(reflection.status).toBe(201);
    // Two proposals of Lindewaard: one declined with a reason (its answer shows on the gemeente's
    // start page), one still open (it waits on the projectleider's).
    const gemeente = await s.t.auth('medewerker-lindewaard');
    const proposalIds: number[] = [];
    for (const key of ['start-voorstel-af', 'start-voorstel-open']) {
      const res = await s.t.http
        .post('/api/v1/experiments')
        .set(gemeente)
        .send({
          ...definitionFromTemplate(practiceTemplate('huisbezoek-intake')!, {
            gemeente: 'lindewaard',
            key,
            start: '2027-01-01',
            end: '2027-12-31',
          }),
          title: key === 'start-voorstel-af' ? 'Huisbezoek (afgewezen)' : 'Huisbezoek (open)',
          template: 'huisbezoek-intake',
        });
      expect(res.status).toBe(201);
      const list = await s.t.http.get('/api/v1/proposals?perPage=100').set(gemeente);
      proposalIds.push(list.body.find((p: { experiment: string }) => p.experiment === key).id);
    }
    const decline = await s.t.http
      .post(`/api/v1/proposals/${proposalIds[0]}/decision`)
      .set(await s.t.auth('projectleider'))
      .send({ decision: 'decline', reason: 'Past niet in dit jaar.' });
    expect(decline.status).toBeLessThan(300);
    for (const [user, name, shown, hidden] of cases) {
      await logout(page, s.base);
      await login(page, s.base, user);
      const main = page.getByRole('main');
      await main.getByRole('heading', { name: 'Lopende experimenten' }).waitFor();
      await main.getByText('Wekelijkse coaching').first().waitFor();
      await expect(
        main.getByText(/Volgend kwartaalrapport: \d{4} kwartaal [1-4], klaar als concept op \d\d-\d\d-\d{4}/).count(),
      ).resolves.toBe(1);
      for (const h of shown) await expect(main.getByRole('heading', { name: h, exact: true }).count()).resolves.toBe(1);
      for (const h of hidden)
        await expect(main.getByRole('heading', { name: h, exact: true }).count()).resolves.toBe(0);
      if (user === 'medewerker-lindewaard') {
        await expect(page.getByTestId('start-werklijst-aantal').innerText()).resolves.toMatch(
          /^\d+ punten vragen aandacht\.$/,
        );
        await expect(main.getByText(/waarvan \d+ bij u/).count()).resolves.toBeGreaterThan(0);
      }
      if (user === 'medewerker-lindewaard') {
        const own = await page.getByTestId('start-voorstellen').innerText();
        expect(own).toMatch(/Huisbezoek \(afgewezen\).*Afgewezen op \d\d-\d\d-\d{4}\. Reden: Past niet in dit jaar\./);
        expect(own).toMatch(/Huisbezoek \(open\).*Wacht op antwoord/);
      }
      if (user === 'projectleider') {
        const waiting = await page.getByTestId('start-voorstellen').innerText();
        expect(waiting).toMatch(/Huisbezoek \(open\)/);
        expect(waiting).not.toMatch(/afgewezen/);
      }
      if (user === 'reviewer') {
        await expect(main.getByRole('heading', { name: /voorstellen/i }).count()).resolves.toBe(0);
        await expect(main.innerText()).resolves.not.toMatch(/lindewaard|veenhoven|P-/i);
        await expect(page.getByTestId('start-reflecties').innerText()).resolves.toMatch(
          /^Wacht op uw reactie: \d{4} kwartaal [1-4] \(1 onderwerp\)\.$/,
        );
      }
      await checkAxe(name);
      await shot(page, name);
    }
  });

  it('lets a gemeente worker correct a date on the timeline with a reason, and shows the history', async () => {
    await logout(page, s.base);
    await login(page, s.base, 'medewerker-lindewaard');
    await page.goto(`${s.base}/#/participants/${encodeURIComponent('lindewaard/WL-BROWSER-1')}/show`);
    await page.getByTestId('timeline').waitFor();
    await page.getByRole('button', { name: 'Datum verbeteren: Aanmelding' }).click();
    const form = page.getByTestId('correct-date-form');
    await form.waitFor();
    const nl = (iso: string) => iso.split('-').reverse().join('-');
    await expect(form.getByLabel('Juiste datum').inputValue()).resolves.toBe(nl(addDays(today, -35)));
    await form.getByLabel('Juiste datum').fill('31-02-2026');
    await form.getByRole('button', { name: 'Datum opslaan' }).click();
    await form.getByText('Schrijf de datum als dd-mm-jjjj').waitFor();
    await form.getByLabel('Juiste datum').fill(nl(addDays(today, -33)));
    // without a reason: refused at the field, nothing sent
    await form.getByRole('button', { name: 'Datum opslaan' }).click();
    await form.getByText('Schrijf kort op waarom de datum niet klopte.').waitFor();
    await form.getByLabel('Waarom klopte de datum niet?').fill('Datum van de brief ingevuld in plaats van het gesprek');
    await checkAxe('datum-verbeteren');
    // the dialog as the user sees it (a full-page picture would cut its backdrop at the window)
    await page.screenshot({ path: path.join(SCREENSHOTS, '56-datum-verbeteren.png') });
    await form.getByRole('button', { name: 'Datum opslaan' }).click();
    const history = page.getByTestId('corrections');
    await history.waitFor();
    const row = await history.getByRole('row').nth(1).innerText();
    expect(row).toContain('Aanmelding');
    expect(row).toContain(nl(addDays(today, -35)));
    expect(row).toContain(nl(addDays(today, -33)));
    expect(row).toContain('medewerker-lindewaard');
    expect(row).toContain('Datum van de brief ingevuld in plaats van het gesprek');
    await expect(page.getByTestId('timeline').innerText()).resolves.toContain('(oude datum, verbeterd)');
    await expect(page.locator('body').innerText()).resolves.not.toMatch(/supersede/i);
    await page.mouse.move(0, 0);
    await checkAxe('datum-verbeterd');
    await shot(page, '57-datum-verbeterd');

    // adding the same milestone again points to "Datum verbeteren", in plain Dutch
    const milestone = page.getByTestId('milestone-form');
    await milestone.locator('#mijlpaal').click();
    await page.getByRole('option', { name: 'Aanmelding', exact: true }).click();
    await milestone.getByRole('button', { name: 'Mijlpaal opslaan' }).click();
    await milestone.getByText(/Kies dan "Datum verbeteren" bij die regel/).waitFor();
    await expect(page.locator('body').innerText()).resolves.not.toMatch(/supersede/i);
    // react-admin hides the app bar (and its user menu) while scrolled down
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('.RaUserMenu-userButton').waitFor({ state: 'visible' });
  });

  it('shows the projectleider the corrected dates, without the means to change them', async () => {
    await logout(page, s.base);
    await login(page, s.base, 'projectleider');
    await page.goto(`${s.base}/#/participants/${encodeURIComponent('lindewaard/WL-BROWSER-1')}/show`);
    await page.getByTestId('corrections').waitFor();
    await expect(page.getByRole('button', { name: /^Datum verbeteren/ }).count()).resolves.toBe(0);
    await checkAxe('datum-verbeterd-projectleider');
  });
});
