import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../helpers/app';
import { base32Decode, totpAt } from '../helpers/totp';
import { logout, shot, type Served, expectNoAxeViolations, useBrowser } from './browser';

/**
 * Sign-in with a code (TOTP, issue 17) in Debian's Chromium against the real API with
 * LAB_REQUIRE_MFA=true: a projectleider without it is led through the setup at the login page
 * (QR code, first code, recovery codes), then logs in with a code; a reviewer (not required) sets
 * it up from the user menu. The codes are computed by test/helpers/totp.ts (node:crypto), from
 * the key the page shows for typing over. axe (WCAG 2.1 A/AA) on every screen.
 */
describe('sign-in with a code in a real browser', () => {
  const lab = useBrowser({ env: { LAB_REQUIRE_MFA: 'true' } });
  let s: Served;
  let page: Page;

  beforeAll(() => {
    ({ s, page } = lab);
  });

  const checkAxe = (name: string) => expectNoAxeViolations(page, name);

  /** Scans the QR code the way the test can: the key shown for typing over (and the image must be a real image). */
  async function keyFromPage(): Promise<Buffer> {
    const img = page.getByRole('img', { name: 'QR-code om te scannen met de app op uw telefoon' });
    await img.waitFor();
    expect(await img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 100)).toBe(true);
    expect(await img.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const shown = (await page.locator('code').innerText()).replace(/\s/g, '');
    expect(shown).toMatch(/^[A-Z2-7]{32}$/);
    return base32Decode(shown);
  }

  it('a projectleider without a code is led through the setup, then logs in with a code', async () => {
    await page.goto(`${s.base}/#/login`);
    await page.locator('#username').fill('projectleider');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('heading', { name: 'Inloggen met een code instellen' }).waitFor();
    await page.getByText('Voor uw rol is inloggen met een extra code verplicht.').waitFor();
    await checkAxe('code instellen: begin');
    await page.getByRole('button', { name: 'Begin met instellen' }).click();
    const key = await keyFromPage();
    await checkAxe('code instellen: QR-code');
    await shot(page, 'mfa-qr-code');
    await page.getByLabel(/Code van 6 cijfers/).fill('000000' === totpAt(key, Date.now() / 1000) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Code controleren' }).click();
    await page.getByRole('alert').getByText('Deze code klopt niet.', { exact: false }).waitFor();
    await page.getByLabel(/Code van 6 cijfers/).fill(totpAt(key, Date.now() / 1000));
    await page.getByRole('button', { name: 'Code controleren' }).click();
    const list = page.getByRole('list', { name: 'Herstelcodes' });
    await list.waitFor();
    const codes = (await list.locator('li').allInnerTexts()).map((c) => c.trim());
    expect(codes).toHaveLength(10);
    await page.getByText('U ziet deze codes nu voor het laatst.', { exact: false }).waitFor();
    await checkAxe('herstelcodes');
    await shot(page, 'mfa-herstelcodes');
    await page.getByRole('button', { name: 'Ik heb de codes bewaard' }).click();
    await page.getByText('Klaar. Log nu opnieuw in met uw wachtwoord.', { exact: false }).waitFor();

    // Log in again: the password, then the code the API asks for.
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByLabel(/Code uit uw app/).waitFor();
    await checkAxe('inloggen: code');
    await shot(page, 'mfa-inloggen-code');
    // The code of the next step (the confirmation used up the current one; one step ahead is accepted).
    await page.getByLabel(/Code uit uw app/).fill(totpAt(key, Date.now() / 1000 + 30));
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByText('Welkom bij het Living Lab Stabilisatie').waitFor();
    await logout(page, s.base);

    // A recovery code works once.
    await page.locator('#username').fill('projectleider');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByLabel(/Code uit uw app/).fill(codes[0]);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByText('Welkom bij het Living Lab Stabilisatie').waitFor();
  });

  it('a reviewer logs in with the password alone and sets the code up from the user menu', async () => {
    await logout(page, s.base);
    await page.locator('#username').fill('reviewer');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByText('Welkom bij het Living Lab Stabilisatie').waitFor();
    await page.locator('.RaUserMenu-userButton').click();
    await page.getByRole('menuitem', { name: 'Inloggen met code instellen' }).click();
    await page.getByRole('heading', { name: 'Inloggen met een code instellen' }).waitFor();
    await page.getByRole('button', { name: 'Begin met instellen' }).click();
    const key = await keyFromPage();
    await checkAxe('code instellen vanuit het gebruikersmenu');
    await shot(page, 'mfa-gebruikersmenu');
    await page.getByLabel(/Code van 6 cijfers/).fill(totpAt(key, Date.now() / 1000));
    await page.getByRole('button', { name: 'Code controleren' }).click();
    await page.getByRole('list', { name: 'Herstelcodes' }).waitFor();
    const [row] = await s.t.admin.query(
      `SELECT confirmed_at IS NOT NULL AS on FROM user_totp WHERE user_id = (SELECT id FROM app_user WHERE username = 'reviewer')`,
    );
    expect(row.on).toBe(true);
  });
});
