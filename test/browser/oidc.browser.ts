import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { freePort, startProvider, type TestProvider } from '../helpers/oidc';
import { axe, shot, useBrowser } from './browser';

/**
 * Sign-in with the organisation's account (OIDC, issue 17) in Debian's Chromium: the login page's
 * button, the real provider (npm oidc-provider, test/fixtures/oidc/provider.mjs; its interaction
 * completes at once with the account the test sets), back to the app signed in; and a refused
 * user who sees the Dutch page. The signature check is tested at API level (test/api/oidc.e2e.spec.ts).
 */
describe('sign-in with an organisation account in a real browser', () => {
  let provider: TestProvider;
  // The provider needs the app's callback address before the app starts: the app listens on a port chosen first.
  const lab = useBrowser({
    serve: async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      provider = await startProvider(`${base}/api/v1/auth/oidc/callback`);
      try {
        const t = await startTestApp({
          env: {
            LAB_PUBLIC_URL: base,
            OIDC_ISSUER: provider.issuer,
            OIDC_CLIENT_ID: 'living-lab',
            OIDC_CLIENT_SECRET: 'living-lab-test-secret',
          },
        });
        await t.app.listen(port, '127.0.0.1');
        return {
          t,
          base,
          close: async () => {
            provider.close();
            await t.close();
          },
        };
      } catch (e) {
        provider.close();
        throw e;
      }
    },
  });
  let t: TestApp;
  let base: string;
  let page: Page;
  beforeAll(() => {
    ({
      s: { t, base },
      page,
    } = lab);
  });

  it('signs a gemeente employee in with the button and shows who is signed in', async () => {
    await provider.setAccount('staff-0101', {
      preferred_username: 'a.bakker',
      lab_role: 'gemeente',
      lab_gemeente: 'lindewaard',
    });
    await page.goto(`${base}/#/login`);
    const button = page.getByRole('link', { name: 'Inloggen met uw organisatie-account' });
    await button.waitFor();
    expect(await axe(page)).toEqual([]);
    await shot(page, 'oidc-inloggen');
    await button.click();
    await page.getByText('Welkom bij het Living Lab Stabilisatie').waitFor();
    // The one-time code has left the address bar, and the session is the API's.
    expect(page.url()).not.toContain('oidc_code');
    expect(await page.evaluate(() => sessionStorage.getItem('lab.role'))).toBe('gemeente');
    expect(await page.evaluate(() => sessionStorage.getItem('lab.username'))).toBe('a.bakker');
    const me = await page.evaluate(async () => {
      const res = await fetch('/api/v1/auth/me', {
        headers: { Authorization: `Bearer ${sessionStorage.getItem('lab.token')}` },
      });
      return res.json();
    });
    expect(me).toEqual({ username: 'a.bakker', role: 'gemeente', gemeente: 'lindewaard' });
    // Sign out through the user menu, as for local accounts; the browser then ends its session at
    // the provider too (the provider asks to confirm) and comes back to the login page.
    await page.locator('.RaUserMenu-userButton').click();
    await page.getByRole('menuitem', { name: 'Uitloggen' }).click();
    await page.getByRole('button', { name: 'Ja, uitloggen' }).click();
    await page.locator('#username').waitFor();
    expect(page.url().startsWith(`${base}/`)).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('lab.token'))).toBeNull();
  });

  it('shows a refused employee a plain Dutch page and creates no account', async () => {
    await provider.setAccount('staff-0102', { lab_role: 'gemeente', lab_gemeente: 'atlantis' });
    // The same browser: a.bakker's session at the provider ended with the sign-out above, so the
    // provider signs the next person in (otherwise this would be a.bakker again).
    await page.goto(`${base}/#/login`);
    await page.getByRole('link', { name: 'Inloggen met uw organisatie-account' }).click();
    await page.getByRole('heading', { name: 'Inloggen niet gelukt' }).waitFor();
    await page.getByText('hoort bij een gemeente die niet meedoet', { exact: false }).waitFor();
    expect(await axe(page)).toEqual([]);
    await shot(page, 'oidc-geweigerd');
    expect(await t.admin.query(`SELECT 1 FROM app_user WHERE oidc_subject = 'staff-0102'`)).toHaveLength(0);
    await page.getByRole('link', { name: 'Terug naar de inlogpagina' }).click();
    await page.locator('#username').waitFor();
  });
});
