import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { axe, login, logout, shot, type Served, useBrowser } from './browser';

/**
 * The web app in Debian's Chromium against the real API and database with the demo cohort:
 * each role's screens and refusals, an experiment from design to start, enrolment, a milestone,
 * an import with a row-level error, the results and report charts, and axe on the main screens.
 */
describe('the web app in a real browser', () => {
  const lab = useBrowser({ cohort: true });
  let s: Served;
  let page: Page;
  const axeFindings: Record<string, unknown[]> = {};

  beforeAll(() => {
    ({ s, page } = lab);
  });

  async function checkAxe(name: string) {
    const v = await axe(page); // waits for transitions to end first
    axeFindings[name] = v;
    expect({ screen: name, violations: v }).toEqual({ screen: name, violations: [] });
  }

  /** Clicks Opslaan on the experiment form and answers the API's response to it. */
  async function saveExperiment() {
    const response = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/experiments',
      { timeout: 60_000 },
    );
    await page.getByRole('button', { name: 'Opslaan' }).click();
    return response;
  }

  const menu = () => page.locator('.RaMenu-open, .RaMenu-closed').first();

  it('refuses a wrong password in Dutch, and the login page passes axe', async () => {
    await page.goto(`${s.base}/`);
    await page.locator('#username').waitFor();
    await checkAxe('login');
    await shot(page, '01-inloggen');
    await page.locator('#username').fill('projectleider');
    await page.locator('#password').fill('fout-wachtwoord');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page
      .getByRole('main')
      .getByRole('alert')
      .filter({ hasText: 'Gebruikersnaam of wachtwoord klopt niet.' })
      .waitFor();
  });

  it('shows each role only what it may use, and refuses the rest', async () => {
    const expectations: [string, string[], string[]][] = [
      ['admin', ['Experimenten', 'Accounts', 'Gemeenten', 'Bestanden inlezen'], []],
      ['projectleider', ['Experimenten', 'Kwartaalrapporten', 'Datakwaliteit'], ['Accounts']],
      ['medewerker-lindewaard', ['Inschrijvingen', 'Deelnemer zoeken', 'Bestanden inlezen'], ['Accounts']],
      [
        'reviewer',
        ['Kwartaalrapporten'],
        ['Experimenten', 'Accounts', 'Inschrijvingen', 'Deelnemer zoeken', 'Gemeenten'],
      ],
    ];
    for (const [user, visible, hidden] of expectations) {
      await logout(page, s.base);
      await login(page, s.base, user);
      const nav = menu();
      for (const v of visible) await expect(nav.getByText(v, { exact: true }).count()).resolves.toBeGreaterThan(0);
      for (const h of hidden) await expect(nav.getByText(h, { exact: true }).count()).resolves.toBe(0);
      if (user === 'admin') await checkAxe('dashboard');
      if (user === 'projectleider') await shot(page, '02-start-projectleider');
      if (user !== 'admin') {
        // a screen the role may not use is not there, and shows no data
        await page.goto(`${s.base}/#/users`);
        await page.waitForTimeout(800);
        await expect(page.getByText('medewerker-veenhoven').count()).resolves.toBe(0);
      }
      if (user === 'reviewer') {
        await page.goto(`${s.base}/#/experiments`);
        await page.waitForTimeout(800);
        await expect(page.getByText('Wekelijkse coaching').count()).resolves.toBe(0);
      }
    }
  });

  it('lets the projectleider design an experiment with the planned size computed live, and start it', async () => {
    await logout(page, s.base);
    await login(page, s.base, 'projectleider');
    await page.goto(`${s.base}/#/experiments`);
    await page.getByText('Wekelijkse coaching tijdens het maken van overzicht').waitFor();
    await checkAxe('experiments-list');
    await shot(page, '03-experimenten');
    await page.goto(`${s.base}/#/experiments/create`);
    await page.getByLabel('Korte code (key)').fill('browser-proef');
    await page.getByLabel('Titel').fill('Klantkaart bij de intake (browsertest)');
    await page
      .getByLabel('Verwachting (hypothese)')
      .fill('Een klantkaart geeft duidelijkheid, daardoor minder uitval.');
    await page.getByLabel('Fase waarin de nieuwe werkwijze plaatsvindt').click();
    await page.getByRole('option', { name: 'Intake' }).click();
    await page.locator('input[name="arms.1.key"]').fill('Met kaart'); // the API allows only small letters, digits and _
    await page.locator('input[name="arms.1.name"]').fill('Met klantkaart');
    const planned = page.getByTestId('planned-size');
    await expect(planned.textContent()).resolves.toContain('Vul het verwachte percentage');
    await page.getByLabel('Verwacht percentage in de controlegroep (%)').fill('60');
    await page.getByLabel('Kleinste verschil dat ertoe doet (procentpunten)').fill('10');
    await planned.getByText('356 deelnemers', { exact: false }).first().waitFor(); // R power.prop.test(0.6, 0.7, power = 0.8): n = 355.9 per arm
    await page.getByLabel('Kleinste verschil dat ertoe doet (procentpunten)').fill('15');
    await planned.getByText('152 deelnemers', { exact: false }).first().waitFor(); // 60% → 75%: n = 151.9
    await page.getByLabel('Lindewaard').check();
    await page.getByLabel('Startdatum').fill('2026-01-01');

    // A save the API refuses: its Dutch message is shown at the arm's code, and above the button.
    const refused = await saveExperiment();
    expect(refused.status()).toBe(400);
    const armKey = page.locator('input[name="arms.1.key"]');
    await page.locator('input[name="arms.1.key"][aria-invalid="true"]').waitFor();
    const helper = page.locator(`#${await armKey.getAttribute('aria-describedby')}`);
    await expect(helper.textContent()).resolves.toContain('Verplicht: kleine letters, cijfers en _.');
    await page.getByTestId('form-problems').getByText('De invoer klopt niet.').waitFor();
    await expect(page.getByRole('heading', { name: 'Klantkaart bij de intake (browsertest)' }).count()).resolves.toBe(
      0,
    );
    await shot(page, '04b-experiment-geweigerd');

    await armKey.fill('kaart');
    await page.locator('input[name="arms.1.key"]:not([aria-invalid="true"])').waitFor();
    await page.getByTestId('form-problems').waitFor({ state: 'detached' }); // the general message goes once the form changes
    await page.locator('.MuiSnackbar-root').waitFor({ state: 'detached', timeout: 30_000 }); // the notification hides by itself
    await checkAxe('experiment-create');
    await shot(page, '04-experiment-ontwerpen');
    const created = await saveExperiment();
    expect({ status: created.status(), body: created.status() === 201 ? '' : await created.text() }).toEqual({
      status: 201,
      body: '',
    });
    await page.getByRole('heading', { name: 'Klantkaart bij de intake (browsertest)' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Starten' }).click();
    await page.getByRole('button', { name: 'Ja, starten' }).click();
    await page.getByText('Status is nu: Loopt.').waitFor({ timeout: 60_000 });
    const [{ status }] = await s.t.admin.query("SELECT status FROM experiment WHERE key = 'browser-proef'");
    expect(status).toBe('running');
  });

  it('shows live results: arm rates with intervals, the sentence, incidence curves, where uitval happens, doorlooptijd, forest plot, beleving, SRM', async () => {
    await page.goto(`${s.base}/#/experiments/wekelijkse-coaching/show`);
    const results = page.getByTestId('results');
    await results.waitFor({ timeout: 60_000 });
    await page.getByTestId('comparison-sentence').first().waitFor();
    expect((await page.getByTestId('comparison-sentence').first().textContent())!.length).toBeGreaterThan(20);
    await page.getByTestId('srm').waitFor();
    for (const m of ['gereed_voor_schuldregeling', 'uitval']) {
      const lines = page.getByTestId(`incidence-${m}`).locator('path.recharts-curve');
      await lines.first().waitFor();
      expect(await lines.count()).toBeGreaterThanOrEqual(2);
    }
    expect(await page.getByTestId('forest-plot').first().locator('rect').count()).toBeGreaterThan(1);
    await page.getByText('Klantbeleving per fase').waitFor();
    // where uitval happened (issue 14): most of it while the overview is made
    await page.getByTestId('uitval-where').getByText('Tijdens het maken van overzicht').first().waitFor();
    // doorlooptijd with censoring (issue 14): the aanmelding → intake median per arm
    await page.getByTestId('doorlooptijd').getByRole('heading', { name: 'Van aanmelding tot intake' }).waitFor();
    // klantbeleving and later uitval (issue 14): association only, per phase in words and figures
    const bu = page.getByTestId('beleving-uitval');
    await bu.getByRole('heading', { name: 'Klantbeleving en later uitval' }).waitFor();
    expect(
      await bu.getByText(/Dit is een samenhang, geen bewijs dat het een het ander veroorzaakt\./).count(),
    ).toBeGreaterThan(0);
    expect(await bu.getByRole('table').locator('tbody tr').count()).toBeGreaterThan(2);
    await page.getByRole('table', { name: 'Uitval vóór elke fase, per groep' }).waitFor();
    const text = (await results.textContent())!;
    expect(text).toMatch(/\d+,\d%/); // decimal commas
    expect(text).not.toMatch(/\d+\.\d%/);
    await checkAxe('experiment-show');
    await shot(page, '05-experiment-resultaten');
  });

  it('enrols a participant and shows the arm only after saving', async () => {
    await logout(page, s.base);
    await login(page, s.base, 'medewerker-lindewaard');
    await page.goto(`${s.base}/#/enrolments`);
    await page.getByText('Deelnemer (code)').waitFor();
    await checkAxe('enrolments-list');
    await page.goto(`${s.base}/#/enrolments/create`);
    await page.getByLabel('Experiment').click();
    await page.getByRole('option', { name: 'Wekelijkse coaching tijdens het maken van overzicht' }).click();
    await page.getByLabel('Code van de deelnemer').fill('BROWSER-001');
    await expect(page.getByTestId('assigned-arm').count()).resolves.toBe(0);
    const before = (await page.locator('main').textContent())!;
    expect(before).not.toContain('Wekelijks gesprek'); // no arm name before saving
    await checkAxe('enrolment-create');
    await shot(page, '06-inschrijven');
    await page.getByRole('button', { name: 'Inschrijven' }).click();
    const arm = page.getByTestId('assigned-arm');
    await arm.waitFor();
    const [{ arm_key: armKey }] = await s.t.admin.query(
      "SELECT n.arm_key FROM enrolment n JOIN participant p ON p.id = n.participant_id WHERE p.participant_ref = 'BROWSER-001'",
    );
    const armName = armKey === 'coaching' ? 'Wekelijks gesprek' : 'Gebruikelijke werkwijze';
    await expect(arm.textContent()).resolves.toContain(armName);
    await shot(page, '07-ingeschreven-arm');
  });

  it('adds uitval on the timeline only with its reason', async () => {
    await page.getByRole('link', { name: 'Naar de tijdlijn' }).click();
    await page.getByRole('heading', { name: 'Deelnemer BROWSER-001' }).waitFor();
    const form = page.getByTestId('milestone-form');
    await form.getByLabel('Mijlpaal').click();
    await page.getByRole('option', { name: 'Uitval', exact: true }).click();
    await form.getByLabel('Reden van de uitval').waitFor();
    await form.getByRole('button', { name: 'Mijlpaal opslaan' }).click();
    await form.getByText('Kies de reden van de uitval.').waitFor();
    await form.getByLabel('Reden van de uitval').click();
    await page.getByRole('option', { name: 'Zelf ingetrokken' }).click();
    await form.getByRole('button', { name: 'Mijlpaal opslaan' }).click();
    await page.getByTestId('timeline').getByText('Uitval — reden: Zelf ingetrokken').waitFor();
    const [{ reason }] = await s.t.admin.query(
      "SELECT e.reason FROM milestone_event e JOIN participant p ON p.id = e.participant_id WHERE p.participant_ref = 'BROWSER-001' AND e.milestone = 'uitval'",
    );
    expect(reason).toBe('zelf_ingetrokken');
    await checkAxe('participant-timeline');
    await shot(page, '08-tijdlijn-uitval');
  });

  it('uploads a file with an error and shows the row-level message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-upload-'));
    const file = path.join(dir, 'mijlpalen.csv');
    fs.writeFileSync(
      file,
      'gemeente;participant_ref;milestone;occurred_on;reason\nlindewaard;BROWSER-001;intake;2026-02-01;\nlindewaard;BROWSER-002;vakantie;2026-02-02;\n',
    );
    await page.goto(`${s.base}/#/imports`);
    await page.getByText('Bestand inlezen').first().waitFor();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByRole('button', { name: 'Controleren' }).click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor({ timeout: 60_000 });
    const text = (await errors.textContent())!;
    expect(text).toContain('vakantie');
    expect(text).toMatch(/3/); // spreadsheet row number of the bad line
    await checkAxe('imports');
    await shot(page, '09-import-fouten');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens the quarterly report with its charts (SVG with data) and data quality', async () => {
    await logout(page, s.base);
    await login(page, s.base, 'projectleider');
    await page.goto(`${s.base}/#/rapporten`);
    await page.getByTestId('report').waitFor({ timeout: 60_000 });
    const bars = page.getByTestId('report').locator('svg .recharts-bar-rectangle path, svg .recharts-rectangle');
    await bars.first().waitFor();
    expect(await bars.count()).toBeGreaterThan(1);
    await checkAxe('reports');
    await shot(page, '10-kwartaalrapport');
    await page.goto(`${s.base}/#/datakwaliteit`);
    await page.getByTestId('dq-gemeente').first().waitFor({ timeout: 60_000 });
    await checkAxe('data-quality');
    await shot(page, '11-datakwaliteit');
  });

  it('lets the reviewer read reports only', async () => {
    await logout(page, s.base);
    await login(page, s.base, 'reviewer');
    await page.goto(`${s.base}/#/rapporten`);
    await page.getByText('Kwartaalreflectie').waitFor();
    await expect(page.getByRole('button', { name: 'Publiceren' }).count()).resolves.toBe(0);
    await shot(page, '12-reviewer-rapporten');
  });

  afterAll(() => {
    fs.mkdirSync(path.resolve(__dirname, '../../docs/screenshots'), { recursive: true });
    fs.writeFileSync(
      path.resolve(__dirname, '../../docs/screenshots/axe-results.json'),
      JSON.stringify(axeFindings, null, 2) + '\n',
    );
  });
});
