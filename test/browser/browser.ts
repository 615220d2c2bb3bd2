import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN_PASSWORD, DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app';
import type { LabEnv } from '../../apps/api/src/config';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Served {
  t: TestApp;
  base: string;
  close(): Promise<void>;
}

/** The real API with the built web app on a free port, on a throwaway database. */
export async function serve(opts: { cohort?: boolean; env?: LabEnv } = {}): Promise<Served> {
  if (!fs.existsSync(path.resolve(__dirname, '../../apps/admin/dist/index.html')))
    throw new Error('Build the web app first: npm run build');
  const t = await startTestApp(opts);
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return { t, base: `http://127.0.0.1:${port}`, close: () => t.close() };
}

/**
 * Debian's Chromium with a fresh profile directory, Dutch locale (or `locale`, `timezoneId`). The page's Content-Security-Policy
 * is bypassed (so axe can be injected as a script tag) unless `enforceCsp`: then the app runs under
 * its real CSP (no eval, workers from 'self') and `axe` is injected through the DevTools protocol.
 */
export async function launch(
  viewport = { width: 1366, height: 900 },
  opts: { enforceCsp?: boolean; locale?: string; timezoneId?: string } = {},
): Promise<{ ctx: BrowserContext; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-chromium-'));
  const locale = opts.locale ?? 'nl-NL';
  const ctx = await chromium.launchPersistentContext(
    dir,
    {
      executablePath: CHROMIUM,
      headless: true,
      args: opts.locale ? [...ARGS, `--lang=${opts.locale}`] : ARGS, // --lang: the browser's own language too
      viewport,
      locale,
      timezoneId: opts.timezoneId ?? 'Europe/Amsterdam',
      bypassCSP: !opts.enforceCsp,
      acceptDownloads: true,
    } /* CSP bypassed only so axe can be injected */,
  );
  ctx.setDefaultTimeout(20_000);
  return {
    ctx,
    close: async () => {
      await ctx.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What useBrowser gives a spec, from its beforeAll on. */
export interface BrowserSpec {
  /** The served app: the API with the built web app. */
  readonly s: Served;
  /** The browser context of the page (downloads, more pages). */
  readonly ctx: BrowserContext;
  /** The spec's page. */
  readonly page: Page;
}

/**
 * The set-up every browser spec shares, registered as its beforeAll and afterAll: the app served on
 * a throwaway database (`serve({cohort, env})`, or `opts.serve` for a spec that chooses its
 * address itself), a fresh Chromium (`launch` with `viewport`, `enforceCsp`, `locale`,
 * `timezoneId`) with one page, watched by watchApi unless `watch: false`; after all tests the
 * browser closes, then the app. Call it first in the describe block: a beforeAll of the spec,
 * registered after it, runs after it (the spec's data and listeners).
 */
export function useBrowser(
  opts: {
    cohort?: boolean;
    env?: LabEnv;
    serve?: () => Promise<Served>;
    viewport?: { width: number; height: number };
    enforceCsp?: boolean;
    locale?: string;
    timezoneId?: string;
    watch?: boolean;
  } = {},
): BrowserSpec {
  let served: Served | undefined;
  let browser: { ctx: BrowserContext; close(): Promise<void> } | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    served = await (opts.serve ? opts.serve() : serve({ cohort: opts.cohort, env: opts.env }));
    browser = await launch(opts.viewport, {
      enforceCsp: opts.enforceCsp,
      locale: opts.locale,
      timezoneId: opts.timezoneId,
    });
    page = await browser.ctx.newPage();
    if (opts.watch !== false) watchApi(page);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`useBrowser: ${name} exists from beforeAll on`);
    return value;
  };
  return {
    get s() {
      return ready(served, 's');
    },
    get ctx() {
      return ready(browser, 'ctx').ctx;
    },
    get page() {
      return ready(page, 'page');
    },
  };
}

export const passwordOf = (username: string) => (username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);

export async function login(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/#/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(passwordOf(username));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByText('Welkom bij het Living Lab Stabilisatie').waitFor();
}

/** Logs out through the user menu, as a user would (react-admin then forgets cached data). */
export async function logout(page: Page, base: string): Promise<void> {
  const menu = page.locator('.RaUserMenu-userButton');
  if (await menu.count()) {
    await menu.click();
    await page.getByRole('menuitem', { name: 'Uitloggen' }).click();
    await page.locator('#username').waitFor();
  } else {
    await page.goto(`${base}/#/login`);
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
  }
}

/**
 * Prints what a failing browser test needs to be understood: errors thrown or logged in the page,
 * failed requests, and refusals and failures (status and body, e.g. the API's 400 with errors[]),
 * which the screen may not show.
 */
export function watchApi(page: Page): void {
  page.on('pageerror', (e) => console.warn(`[page error] ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.warn(`[console error] ${m.text().slice(0, 500)}`);
  });
  page.on('requestfailed', (r) =>
    console.warn(`[request failed] ${r.method()} ${new URL(r.url()).pathname} ${r.failure()?.errorText ?? ''}`),
  );
  page.on('response', async (r) => {
    if (r.status() < 400) return;
    const body = await r.text().catch(() => '');
    console.warn(`[http ${r.status()}] ${r.request().method()} ${new URL(r.url()).pathname} ${body.slice(0, 500)}`);
  });
}

/**
 * A full-page screenshot in docs/screenshots, taken from the top of the page (so the app bar is at
 * the top). Numbers per spec, so none overwrites another's (test/screenshots.spec.ts checks): 01–12
 * app, 13–15 report, 20–24 client-form, 30–32 reflections, 35–37 experiment-design, 38–39 lists,
 * 40–48 ddas, 50–57 daily-work, 60–64 proposals, 70 klantprofiel, 80 gemeente-context, 90 fidelity;
 * mfa-* and oidc-* by name. A new spec takes a free range.
 */
export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** Waits until the page's transitions have ended (endless ones, such as a spinner, excepted). */
export function settled(page: Page): Promise<unknown> {
  return page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
}

/**
 * axe-core on the page (WCAG 2.0/2.1 A and AA rules): the serious and critical violations. It
 * waits for transitions to end first: a notification caught while it fades in has a washed-out
 * colour, which axe reports as too little contrast (seen once; the finished one passes).
 */
export async function axe(page: Page, opts: { underCsp?: boolean } = {}): Promise<AxeViolation[]> {
  await settled(page);
  const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Under the real CSP an inline script tag is refused; the DevTools protocol's evaluation is not.
  if (opts.underCsp) await page.evaluate(source);
  else await page.addScriptTag({ content: source });
  const result = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeViolation[] }> };
    };
    return w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target })),
    }));
}

/** Asserts that axe finds no serious or critical violation on the screen `name` (named in a failure). */
export async function expectNoAxeViolations(
  page: Page,
  name: string,
  opts: { underCsp?: boolean } = {},
): Promise<void> {
  expect({ screen: name, violations: await axe(page, opts) }).toEqual({ screen: name, violations: [] });
}
