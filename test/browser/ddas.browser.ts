import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { createKey, participantCodeForBsn } from '../../libs/ddas/src';
import { login, logout, shot, type Served, expectNoAxeViolations, useBrowser } from './browser';

const EXAMPLE = path.resolve(__dirname, '../../../shared/ref/ddas-v1.0/enkelvoudigVoorbeeld.json');
const EXAMPLE_FALLBACK = '/work/shared/ref/ddas-v1.0/enkelvoudigVoorbeeld.json';

/**
 * issue 13 in Debian's Chromium, under the app's real Content-Security-Policy (no eval; the worker
 * comes from 'self'): a gemeente user makes a DDAS key, downloads it and registers only its
 * fingerprint; opens the key file again; converts the specification's own example in the browser
 * (a Web Worker), uploads only the converted file (dry run, then for real) and sees the participant's
 * timeline; enrols and searches by BSN with only the code sent. Every request the browser sends is
 * recorded and searched for the identities of the input.
 */
describe('DDAS in the browser: key, conversion, upload, BSN enrolment', () => {
  const lab = useBrowser({ enforceCsp: true });
  let s: Served;
  let page: Page;
  let gemeente: string;
  let dir: string;
  let keyPath: string;
  let sleutel: string;
  let fingerprint: string;
  const sent: { method: string; url: string; body: string }[] = [];
  const workers: string[] = [];
  const example = fs.readFileSync(fs.existsSync(EXAMPLE) ? EXAMPLE : EXAMPLE_FALLBACK, 'utf8');

  beforeAll(async () => {
    ({ s, page } = lab);
    // The demo gemeente with the example's CBS code (GM001 in the file, GM0001 normalised).
    const rows = await s.t.admin.query("SELECT code FROM gemeente WHERE cbs_code = 'GM0001'");
    expect(rows).toHaveLength(1);
    gemeente = rows[0].code;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-ddas-'));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) console.warn(`[csp] ${m.text()}`);
    });
    page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
    // Every request to the app, with its body as it goes on the wire (a route sees multipart bodies whole).
    await page.route(
      (url) => url.origin === s.base,
      async (route) => {
        const r = route.request();
        sent.push({ method: r.method(), url: r.url(), body: r.postDataBuffer()?.toString('utf8') ?? '' });
        await route.continue();
      },
    );
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const checkAxe = (name: string) => expectNoAxeViolations(page, name, { underCsp: true });

  it('makes a key in the browser, downloads it and registers only its fingerprint', async () => {
    await login(page, s.base, `medewerker-${gemeente}`);
    await page.goto(`${s.base}/#/ddas-sleutel`);
    await page.getByRole('heading', { name: 'DDAS-sleutel van uw gemeente' }).waitFor();
    await page.getByTestId('ddas-registered').getByText('heeft nog geen sleutel vastgelegd').waitFor();
    await checkAxe('ddas-sleutel');
    await shot(page, '40-ddas-sleutel');

    await page.getByRole('button', { name: 'Nieuwe sleutel maken' }).click();
    await page.getByTestId('ddas-new-key').waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Sleutelbestand downloaden' }).click();
    keyPath = path.join(dir, (await download).suggestedFilename());
    await (await download).saveAs(keyPath);
    const keyFile = JSON.parse(fs.readFileSync(keyPath, 'utf8'));
    expect(keyFile.formaat).toBe('living-lab-ddas-sleutel/1');
    sleutel = keyFile.sleutel;
    fingerprint = keyFile.vingerafdruk;
    expect(fingerprint).toMatch(/^SHA256:[0-9a-f]{16}$/);
    await page.getByLabel('Ik heb het sleutelbestand veilig bewaard').check();
    await checkAxe('ddas-sleutel-nieuw');
    await shot(page, '41-ddas-sleutel-nieuw');
    const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith(`/gemeenten/${gemeente}/ddas-key`));
    await page.getByRole('button', { name: 'Vingerafdruk vastleggen' }).click();
    expect(JSON.parse((await put).postData() ?? '{}')).toEqual({ fingerprint });
    await page.getByTestId('ddas-key-status').getByText('De geopende sleutel is de sleutel van uw gemeente').waitFor();
    const [{ f }] = await s.t.admin.query('SELECT ddas_key_fingerprint AS f FROM gemeente WHERE code = $1', [gemeente]);
    expect(f).toBe(fingerprint);
  });

  it('opens the key file again for this tab, and says when it matches the registered fingerprint', async () => {
    await page.getByRole('button', { name: 'Sleutel sluiten' }).click();
    await page.getByTestId('ddas-key-status').getByText('nog geen DDAS-sleutel geopend').waitFor();
    await page.getByTestId('ddas-key-file').setInputFiles(keyPath);
    await page.getByTestId('ddas-key-status').getByText('De geopende sleutel is de sleutel van uw gemeente').waitFor();
    await page.getByTestId('ddas-key-status').getByText(fingerprint).waitFor();
    await shot(page, '42-ddas-sleutel-geopend');
  });

  it('warns when another key is opened, and converts nothing with it', async () => {
    const other = path.join(dir, 'andere-sleutel.json');
    fs.writeFileSync(other, JSON.stringify(await createKey('GM0001')));
    await page.getByTestId('ddas-key-file').setInputFiles(other);
    await page
      .getByTestId('ddas-key-status')
      .getByText('een andere sleutel dan uw gemeente heeft vastgelegd')
      .waitFor();
    await page.goto(`${s.base}/#/ddas-inlezen`);
    await page.getByTestId('ddas-key-status').getByText('een andere sleutel').waitFor();
    // MUI renders the file button as a label with aria-disabled when disabled.
    await page.locator('label.Mui-disabled', { hasText: 'DDAS-bestand kiezen' }).waitFor();
    await page.goto(`${s.base}/#/ddas-sleutel`);
    await page.getByTestId('ddas-key-file').setInputFiles(keyPath);
    await page.getByTestId('ddas-key-status').getByText('De geopende sleutel is de sleutel van uw gemeente').waitFor();
  });

  it('shows every problem of an invalid file with its place and a Dutch reason, and sends nothing', async () => {
    const bad = JSON.parse(example);
    bad.leveringen[0].schuldhulptrajecten[0].startdatum = '2024-13-45';
    bad.leveringen[0].schuldhulptrajecten[0].aanmelding.startdatum = 'gisteren';
    const badPath = path.join(dir, 'fout.json');
    fs.writeFileSync(badPath, JSON.stringify(bad));
    const before = sent.length;
    await page.goto(`${s.base}/#/ddas-inlezen`);
    await page.getByTestId('ddas-privacy').getByText("Namen en BSN's verlaten uw computer niet.").waitFor();
    await page.getByTestId('ddas-file').setInputFiles(badPath);
    const problems = page.getByTestId('ddas-problems');
    await problems.waitFor({ timeout: 60_000 });
    const text = (await problems.textContent())!;
    expect(text).toContain('leveringen[0].schuldhulptrajecten[0].startdatum');
    expect(text).toContain('leveringen[0].schuldhulptrajecten[0].aanmelding.startdatum');
    expect(text).toContain('datum');
    expect(sent.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    await checkAxe('ddas-inlezen-fouten');
    await shot(page, '43-ddas-inlezen-fouten');
  });

  it('converts the specification’s example in the browser (a Web Worker) and shows what it holds', async () => {
    const examplePath = path.join(dir, 'enkelvoudigVoorbeeld.json');
    fs.writeFileSync(examplePath, example);
    await page.getByTestId('ddas-file').setInputFiles(examplePath);
    const summary = page.getByTestId('ddas-summary');
    await summary.waitFor({ timeout: 60_000 });
    const text = (await summary.textContent())!;
    expect(text).toContain('1 traject van 1 deelnemer');
    expect(text).toContain('01-01-2024 t/m 31-12-2024');
    expect(text).toContain('GM0001');
    expect(workers.some((w) => /^\/assets\/convert\.worker-[\w-]+\.js$/.test(w))).toBe(true); // converted off the page's thread
    await checkAxe('ddas-inlezen-omgezet');
    await shot(page, '44-ddas-inlezen-omgezet');
  });

  it('uploads only the converted file, dry run first, and shows the participant’s timeline', async () => {
    await page.getByRole('button', { name: 'Controleren (proef)' }).click();
    const outcome = page.getByTestId('ddas-outcome');
    await outcome.getByText('Gecontroleerd (proef)').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Inlezen', exact: true }).click();
    await outcome.getByText('Ingelezen').waitFor({ timeout: 60_000 });
    await page.getByTestId('ddas-participants').waitFor();
    await checkAxe('ddas-inlezen-klaar');
    await shot(page, '45-ddas-inlezen-klaar');

    const uploads = sent.filter((r) => r.method === 'POST' && new URL(r.url).pathname === '/api/v1/imports');
    expect(uploads).toHaveLength(2);
    for (const u of uploads) {
      expect(u.body).toContain('living-lab-ddas-pseudoniem/1');
      expect(u.body).toContain('name="kind"\r\n\r\nddas');
      expect(u.body).toContain('filename="ddas-omgezet.json"');
    }
    const [{ ref }] = await s.t.admin.query('SELECT participant_ref AS ref FROM participant WHERE gemeente_code = $1', [
      gemeente,
    ]);
    // The code the browser made is the one Node makes with the same key (the example's BSN).
    expect(ref).toBe(await participantCodeForBsn(sleutel, '987654321'));
    const facts = await s.t.admin.query(
      `SELECT e.milestone, e.occurred_on::text AS on, e.source FROM milestone_event e
         JOIN participant p ON p.id = e.participant_id WHERE p.participant_ref = $1 ORDER BY e.occurred_on, e.milestone`,
      [ref],
    );
    // ddas-mapping.md §3 on the example by hand: aanmelding.startdatum 2024-01-01; schuldregeling.datum
    // 2024-06-01 without stabilisatie → gereed; schuldregeling.toegekend 2024-06-20 → akkoord.
    expect(facts).toEqual([
      { milestone: 'aanmelding', on: '2024-01-01', source: 'ddas' },
      { milestone: 'gereed_voor_schuldregeling', on: '2024-06-01', source: 'ddas' },
      { milestone: 'akkoord_schuldregeling', on: '2024-06-20', source: 'ddas' },
    ]);

    await page.getByRole('link', { name: `Tijdlijn van ${ref}` }).click();
    await page.getByRole('heading', { name: `Deelnemer ${ref}` }).waitFor({ timeout: 60_000 });
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('Aanmelding').first().waitFor();
    await timeline.getByText('Gereed voor schuldregeling').first().waitFor();
    await timeline.getByText('Akkoord schuldregeling').first().waitFor();
    await checkAxe('ddas-tijdlijn');
    await shot(page, '46-ddas-tijdlijn');
  });

  it('converts a large delivery with progress, and counts every trajectory and participant', async () => {
    await page.goto(`${s.base}/#/ddas-inlezen`);
    await page.getByTestId('ddas-key-status').getByText('De geopende sleutel is de sleutel van uw gemeente').waitFor();
    // 3.000 trajectories of 2.000 clients (every third client has a second trajectory), BSNs that pass the elfproef.
    const doc = JSON.parse(example);
    const template = doc.leveringen[0].schuldhulptrajecten[0];
    const bsnOf = (i: number) => {
      for (let n = 100000000 + i * 97; ; n++) {
        const d = String(n);
        const sum = [...d.slice(0, 8)].reduce((t, c, k) => t + Number(c) * (9 - k), 0) - Number(d[8]);
        if (sum % 11 === 0) return d;
      }
    };
    doc.leveringen[0].schuldhulptrajecten = Array.from({ length: 3000 }, (_, i) => ({
      ...template,
      client: [{ ...template.client[0], Burgerservicenummer: bsnOf(i % 2000) }],
      startdatum: i < 2000 ? '2024-01-10' : '2024-09-01',
    }));
    const bigPath = path.join(dir, 'groot.json');
    fs.writeFileSync(bigPath, JSON.stringify(doc));
    // Every text the progress line shows, as the page renders it (the worker reports every 500 trajectories).
    await page.evaluate(() => {
      const w = window as unknown as { seen: string[] };
      w.seen = [];
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="ddas-progress"]');
        if (el?.textContent) w.seen.push(el.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const started = Date.now();
    await page.getByTestId('ddas-file').setInputFiles(bigPath);
    await page
      .getByTestId('ddas-summary')
      .getByText('3.000 trajecten van 2.000 deelnemers')
      .waitFor({ timeout: 120_000 });
    console.log(`[ddas] 3.000 trajectories converted in Chromium in ${Date.now() - started} ms (informational)`);
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.some((t) => /Cliënten omzetten naar codes: [\d.]+ van 3\.000 trajecten/.test(t))).toBe(true);
  });

  it('enrols by BSN: the browser sends the participant code, never the BSN', async () => {
    const bsn = '111222333'; // passes the elfproef: 9·1+8·1+7·1+6·2+5·2+4·2+3·3+2·3−3 = 66 = 6·11
    const code = await participantCodeForBsn(sleutel, bsn);
    await page.goto(`${s.base}/#/enrolments/create`);
    await page.getByLabel('Experiment').click();
    await page
      .getByRole('option', {
        name: 'Wekelijkse coaching tijdens het maken van overzicht',
      })
      .click();
    await page.getByLabel('Code van de deelnemer of BSN').fill('111 222 333');
    await page.getByTestId('bsn-as-code').getByText(`Alleen de code ${code} wordt verstuurd`).waitFor();
    await checkAxe('inschrijven-bsn');
    await shot(page, '47-inschrijven-bsn');
    const post = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/enrolments'));
    await page.getByRole('button', { name: 'Inschrijven' }).click();
    const body = JSON.parse((await post).postData() ?? '{}');
    expect(body.participantRef).toBe(code);
    await page.getByTestId('assigned-arm').getByText(code).waitFor();

    // Search by the same BSN: the address and the API get the code.
    await page.goto(`${s.base}/#/deelnemer`);
    await page.getByLabel('Code van de deelnemer of BSN').fill(bsn);
    await page.getByRole('button', { name: 'Tijdlijn openen' }).click();
    await page.getByRole('heading', { name: `Deelnemer ${code}` }).waitFor({ timeout: 60_000 });
    expect(page.url()).toContain(code);
  });

  it('refuses a BSN while no key is open, and sends nothing', async () => {
    await page.goto(`${s.base}/#/ddas-sleutel`);
    await page.getByRole('button', { name: 'Sleutel sluiten' }).click();
    const before = sent.length;
    await page.goto(`${s.base}/#/enrolments/create`);
    await page.getByLabel('Experiment').click();
    await page
      .getByRole('option', {
        name: 'Wekelijkse coaching tijdens het maken van overzicht',
      })
      .click();
    await page.getByLabel('Code van de deelnemer of BSN').fill('111222333');
    await page.getByTestId('bsn-as-code').getByText('Open eerst de DDAS-sleutel').waitFor();
    await page.getByRole('button', { name: 'Inschrijven' }).click();
    await page.getByText('Dit is een BSN. Open eerst de DDAS-sleutel').first().waitFor();
    // Nine digits that fail the elfproef: a mistyped BSN is refused too, never sent as a code.
    await page.getByLabel('Code van de deelnemer of BSN').fill('111222334');
    await page.getByTestId('bsn-as-code').getByText('klopt niet (elfproef)').waitFor();
    await page.getByRole('button', { name: 'Inschrijven' }).click();
    await page.getByText('Dit nummer lijkt op een BSN, maar klopt niet (elfproef).').first().waitFor();
    await page.goto(`${s.base}/#/deelnemer`);
    await page.getByLabel('Code van de deelnemer of BSN').fill('111222333');
    await page.getByRole('button', { name: 'Tijdlijn openen' }).click();
    await page.getByTestId('search-problem').waitFor();
    await checkAxe('deelnemer-zoeken-bsn');
    expect(sent.slice(before).filter((r) => r.method !== 'GET' || r.url.includes('111222333'))).toEqual([]);
    await shot(page, '48-bsn-zonder-sleutel');
  });

  it('lets a beheerder choose the gemeente and see its registered fingerprint', async () => {
    await page.goto(`${s.base}/#/ddas-sleutel`);
    await page.getByTestId('ddas-key-file').setInputFiles(keyPath);
    await page.getByTestId('ddas-key-status').getByText('De geopende sleutel is de sleutel van uw gemeente').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('lab.ddasKey'))).toContain(sleutel);
    await logout(page, s.base);
    expect(await page.evaluate(() => sessionStorage.getItem('lab.ddasKey'))).toBeNull(); // the key goes with the session
    await login(page, s.base, 'admin');
    await page.goto(`${s.base}/#/ddas-sleutel`);
    await page.getByLabel('Gemeente').click();
    await page.getByRole('option', { name: 'Lindewaard' }).click();
    await page.getByTestId('ddas-registered').getByText(fingerprint).waitFor();
    await page.getByTestId('ddas-key-status').getByText('nog geen DDAS-sleutel geopend').waitFor();
    await checkAxe('ddas-sleutel-beheerder');
  });

  it('never sent an identity of the input, nor the key, in any request', () => {
    expect(sent.filter((r) => r.method !== 'GET').length).toBeGreaterThan(0);
    const identities = [
      '987654321', // BSN
      '111222333', // the BSN typed in the enrol form
      '111222334', // the mistyped one
      '1980-05-01', // birth date
      '5678CD', // the client's postcode
      '1234AB', // the organisation's postcode
      'Jan Jansen',
      'jan.jansen@',
      '0612345678',
      'Schuldhulporganisatie X',
      'Traject om schulden af te lossen', // free text
      sleutel,
    ];
    const found = sent.flatMap((r) =>
      identities
        .filter((id) => r.body.includes(id) || decodeURIComponent(r.url).includes(id))
        .map((id) => `${id} in ${r.method} ${r.url}`),
    );
    expect(found).toEqual([]);
  });
});
