import type { Page } from 'playwright-core';
import { addDays, todayIso } from '../../libs/domain/src';
import { expectNoAxeViolations, login, logout, settled, shot, type Served, useBrowser } from './browser';

/**
 * Fidelity on the timeline (issue 14, item 7) in Debian's Chromium against the real API: a gemeente
 * worker records that the voucher was handed out, sees it on the timeline, and a date in the
 * future is refused at the field. Checked with axe.
 */
describe('recording a delivery on the timeline in a real browser', () => {
  const lab = useBrowser();
  let s: Served;
  let page: Page;
  const today = todayIso();
  const nl = (iso: string) => iso.split('-').reverse().join('-');
  let arm = '';

  beforeAll(async () => {
    ({ s, page } = lab);
    const res = await s.t.http
      .post('/api/v1/experiments/jumbo-bon-intake/enrolments')
      .set(await s.t.auth('medewerker-veenhoven'))
      .send({ gemeente: 'veenhoven', participantRef: 'FID-BROWSER-1', enrolledOn: addDays(today, -10) });
    expect(res.status).toBe(201);
    arm = res.body.arm;
  });

  it('records "Bon uitgereikt" with its date, shows it on the timeline and refuses a future date', async () => {
    await login(page, s.base, 'medewerker-veenhoven');
    await page.goto(`${s.base}/#/participants/${encodeURIComponent('veenhoven/FID-BROWSER-1')}/show`);
    const form = page.getByTestId('delivery-form');
    await form.waitFor();
    await form.locator('#levering').click();
    await page.getByRole('option', { name: /Bon uitgereikt/ }).click();
    if (arm === 'controle') await form.getByText(/hoort bij een andere groep/).waitFor();
    else await form.getByText('Gepland: 1 keer.').waitFor();
    await form.getByLabel('Datum').fill(nl(addDays(today, 3)));
    await form.getByRole('button', { name: 'Levering opslaan' }).click();
    await form.getByText('Deze datum ligt in de toekomst.').first().waitFor();
    await form.getByLabel('Datum').fill(nl(addDays(today, -9)));
    await expectNoAxeViolations(page, 'levering-vastleggen');
    await form.getByRole('button', { name: 'Levering opslaan' }).click();
    await page
      .getByTestId('timeline')
      .getByText(/Bon uitgereikt \(jumbo-bon-intake\)/)
      .waitFor();
    await settled(page);
    await expect(page.getByTestId('timeline').innerText()).resolves.toContain(nl(addDays(today, -9)));
    const [{ n, source }] = await s.t.admin.query(
      "SELECT count(*)::int AS n, min(source) AS source FROM intervention_delivery WHERE kind = 'bon_uitgereikt'",
    );
    expect([n, source]).toEqual([1, 'hand']);
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page, 'levering-vastgelegd');
    await shot(page, '90-levering-vastgelegd');
  });

  it('withdraws a delivery that did not happen, with the reason; it stays on the timeline, struck through', async () => {
    await page.getByRole('button', { name: /^Niet gebeurd: Bon uitgereikt/ }).click();
    const form = page.getByTestId('retract-delivery-form');
    await form.waitFor();
    await form.getByRole('button', { name: 'Intrekken' }).click();
    await form.getByText('Schrijf kort op waarom deze levering niet is gebeurd.').waitFor();
    await form.getByLabel('Waarom is het niet gebeurd?').fill('Verkeerde deelnemer gekozen');
    await expectNoAxeViolations(page, 'levering-intrekken');
    await form.getByRole('button', { name: 'Intrekken' }).click();
    await page
      .getByTestId('timeline')
      .getByText(/niet gebeurd: Verkeerde deelnemer gekozen/)
      .waitFor();
    const [{ n }] = await s.t.admin.query(
      "SELECT count(*)::int AS n FROM current_intervention_delivery WHERE kind = 'bon_uitgereikt'",
    );
    expect(n).toBe(0);
  });

  it('lets a projectleider name per group what counts as delivered in the plan, and reads it back', async () => {
    await logout(page, s.base);
    await login(page, s.base, 'projectleider');
    await page.goto(`${s.base}/#/experiments/klantkaarten`);
    const code = page.getByLabel('Wat telt als geleverd (code)');
    await code.nth(1).waitFor();
    // the second group (klantkaarten) has its delivery from experiments/klantkaarten.yaml
    await expect(code.nth(1).inputValue()).resolves.toBe('klantkaarten_uitgereikt');
    await expect(page.getByLabel('Hoe vaak per deelnemer').nth(1).inputValue()).resolves.toBe('1');
    await code.nth(1).fill('klantkaart_besproken');
    await page.getByLabel('Naam van de levering').nth(1).fill('Klantkaart besproken');
    await page.getByLabel('Hoe vaak per deelnemer').nth(1).fill('3');
    await page
      .getByRole('button', { name: /opslaan/i })
      .first()
      .click();
    await settled(page);
    const stored = async () =>
      (await s.t.admin.query("SELECT delivery FROM experiment WHERE key = 'klantkaarten'"))[0].delivery;
    for (let i = 0; i < 50 && (await stored()).klantkaarten.kind !== 'klantkaart_besproken'; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await stored()).toEqual({
      klantkaarten: { kind: 'klantkaart_besproken', label: 'Klantkaart besproken', expected: 3 },
    });
  });
});
