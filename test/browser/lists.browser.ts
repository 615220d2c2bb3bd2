import * as fs from 'node:fs';
import { type Page } from 'playwright-core';
import { login, logout, shot, type Served, expectNoAxeViolations, useBrowser } from './browser';

/**
 * Dates as dd-mm-jjjj and lists sortable and exportable (issue 16, item 6), in a Chromium whose
 * language is American English (en-US, where the browser's own date input shows mm/dd/yyyy): the
 * enrolment date and a milestone date typed as dd-mm-jjjj reach the API as YYYY-MM-DD, lists show
 * dd-mm-jjjj, a column header sorts the list (the enrolments through the API), and each list
 * downloads a CSV with `;`, a BOM and Dutch headers.
 */
describe('dates and lists in an English browser', () => {
  const lab = useBrowser({ locale: 'en-US', timezoneId: 'America/New_York' });
  let s: Served;
  let page: Page;
  beforeAll(() => {
    ({ s, page } = lab);
  });

  const checkAxe = (name: string) => expectNoAxeViolations(page, name);

  /** Clicks the list's CSV button and returns the file's lines (after checking BOM and separator). */
  async function downloadCsv(button: RegExp): Promise<string[]> {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: button }).click();
    const csv = fs.readFileSync((await (await download).path())!, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    return csv.slice(1).trimEnd().split('\r\n');
  }

  it('the enrolment date is typed as dd-mm-jjjj and sent as YYYY-MM-DD', async () => {
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    await login(page, s.base, 'medewerker-lindewaard');
    await page.goto(`${s.base}/#/enrolments/create`);
    await page.getByLabel('Experiment').click();
    await page.getByRole('option', { name: 'Wekelijkse coaching tijdens het maken van overzicht' }).click();
    await page.getByLabel('Code van de deelnemer').fill('DATUM-001');
    const day = page.getByLabel('Datum van inschrijving');
    expect(await day.inputValue()).toMatch(/^\d{2}-\d{2}-\d{4}$/); // today, as dd-mm-jjjj
    await day.fill('30-02-2026');
    await page.getByRole('button', { name: 'Inschrijven' }).click();
    await page.getByText('Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 01-03-2027.').waitFor();
    await day.fill('02-03-2026');
    const sent = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/enrolments'));
    await page.getByRole('button', { name: 'Inschrijven' }).click();
    const res = await sent;
    expect(res.status()).toBe(201);
    expect(JSON.parse(res.request().postData()!).enrolledOn).toBe('2026-03-02');
    await page.getByText('Ingeschreven op 02-03-2026.').waitFor();
  });

  it('a milestone date on the timeline is typed as dd-mm-jjjj too', async () => {
    await page.getByRole('link', { name: 'Naar de tijdlijn' }).click();
    const form = page.getByTestId('milestone-form');
    await form.getByLabel('Mijlpaal').click();
    await page.getByRole('option', { name: 'Intake', exact: true }).click();
    await form.getByLabel('Datum').fill('3-3-2026');
    const sent = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/events'));
    await form.getByRole('button', { name: 'Mijlpaal opslaan' }).click();
    const res = await sent;
    expect(res.status()).toBe(201);
    expect(JSON.parse(res.request().postData()!).occurredOn).toBe('2026-03-03');
    await page.getByTestId('timeline').getByText('03-03-2026').first().waitFor();
    await checkAxe('tijdlijn met datum');
    await shot(page, '39-tijdlijn-datum');
  });

  it('the enrolment list sorts through the API and downloads a Dutch CSV', async () => {
    await page.goto(`${s.base}/#/enrolments`);
    await page.getByRole('cell', { name: 'DATUM-001' }).waitFor();
    const sorted = page.waitForResponse(
      (r) =>
        r.url().includes('/enrolments?') && r.url().includes('sort=participantRef') && r.url().includes('order=ASC'),
    );
    await page.getByRole('button', { name: 'Deelnemer (code)' }).click();
    expect((await sorted).status()).toBe(200);
    await page.getByRole('cell', { name: '02-03-2026' }).waitFor();
    await page.mouse.move(700, 600); // the sort tooltip goes
    await page.locator('.MuiSnackbar-root').waitFor({ state: 'detached', timeout: 30_000 });
    await checkAxe('inschrijvingen');
    await shot(page, '38-inschrijvingen-lijst');
    const lines = await downloadCsv(/Downloaden \(CSV\)/);
    expect(lines[0]).toBe('Experiment;Deelnemer (code);Gemeente;Arm;Ingeschreven op');
    expect(lines).toContainEqual(expect.stringMatching(/^wekelijkse-coaching;DATUM-001;lindewaard;\w+;02-03-2026$/));
  });

  it('the import history sorts on a column and downloads a Dutch CSV', async () => {
    const auth = await s.t.auth('medewerker-lindewaard');
    for (const name of ['b-mijlpalen.csv', 'a-mijlpalen.csv']) {
      const res = await s.t.http
        .post('/api/v1/imports')
        .set(auth)
        .field('kind', 'events')
        .field('dryRun', 'true')
        .attach(
          'file',
          Buffer.from(
            'gemeente;participant_ref;milestone;occurred_on\nlindewaard;DATUM-001;instroom_stabilisatie;04-03-2026\n',
          ),
          name,
        );
      expect(res.status).toBeLessThan(300);
    }
    await page.goto(`${s.base}/#/imports`);
    const files = () =>
      page.locator('table[aria-label="Eerder ingelezen bestanden"] tbody tr td:nth-child(2)').allTextContents();
    await page.getByRole('cell', { name: /a-mijlpalen\.csv/ }).waitFor();
    expect(await files()).toEqual(['a-mijlpalen.csv (proef)', 'b-mijlpalen.csv (proef)']); // newest first
    await page.getByRole('button', { name: 'Bestand', exact: true }).click();
    expect(await files()).toEqual(['a-mijlpalen.csv (proef)', 'b-mijlpalen.csv (proef)']);
    await page.getByRole('button', { name: 'Bestand', exact: true }).click();
    expect(await files()).toEqual(['b-mijlpalen.csv (proef)', 'a-mijlpalen.csv (proef)']);
    const lines = await downloadCsv(/Downloaden \(CSV\)/);
    expect(lines[0]).toBe('Wanneer;Bestand;Soort;Uitkomst;Rijen;Nieuw;Problemen');
    expect(lines[1]).toMatch(
      /^\d{2}-\d{2}-\d{4} \d{2}:\d{2};b-mijlpalen\.csv \(proef\);Mijlpalen;Gecontroleerd \(proef\);1;\d+;0$/,
    );
    await checkAxe('imports');
  });

  it('experiments, gemeenten and accounts sort on a column and download a Dutch CSV', async () => {
    await logout(page, s.base);
    await login(page, s.base, 'admin');
    const lists: { path: string; column: string; header: string }[] = [
      {
        path: 'experiments',
        column: 'Titel',
        header: 'Code;Titel;Status;Opzet;Belangrijkste uitkomst;Gemeenten;Ingeschreven;Start;Einde',
      },
      { path: 'gemeenten', column: 'Code', header: 'Naam;Code;CBS-code;Inwoners;Mag bij naam in rapporten' },
      { path: 'users', column: 'Gebruikersnaam', header: 'Gebruikersnaam;Rol;Gemeente;Uitgeschakeld' },
    ];
    for (const l of lists) {
      await page.goto(`${s.base}/#/${l.path}`);
      const header = page
        .locator('thead th')
        .filter({ hasText: new RegExp(`^${l.column}$`) })
        .locator('.MuiTableSortLabel-root');
      await header.waitFor();
      const column = async () => {
        const index = await page
          .locator('thead th')
          .evaluateAll((ths, name) => ths.findIndex((th) => th.textContent?.trim() === name), l.column);
        return page.locator(`tbody tr td:nth-child(${index + 1})`).allTextContents();
      };
      // A click changes the sort in the address (react-admin keeps list parameters there); the
      // rows are read once that list has been fetched and drawn, never from the list before it
      // (reading right after the click raced with the refetch and saw the old order).
      const sortByColumn = async () => {
        const before = await page.evaluate(() => location.hash);
        await header.click();
        await page.waitForFunction((b) => location.hash !== b, before);
        await page.waitForLoadState('networkidle');
        await page.locator('thead th .MuiTableSortLabel-root.Mui-active').filter({ hasText: l.column }).waitFor();
        return column();
      };
      const first = await sortByColumn();
      const second = await sortByColumn();
      expect(second).toEqual([...first].reverse());
      expect(first.length).toBeGreaterThan(1);
      const lines = await downloadCsv(/export|CSV/i);
      expect(lines[0]).toBe(l.header);
      expect(lines.length).toBe(first.length + 1);
    }
    await page.goto(`${s.base}/#/experiments`);
    await page.getByRole('cell', { name: '01-07-2025' }).first().waitFor(); // wekelijkse-coaching starts 2025-07-01
    await checkAxe('experimenten');
  });
});
