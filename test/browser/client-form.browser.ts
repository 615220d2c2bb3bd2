import type { Page } from 'playwright-core';
import { axe, shot, type Served, useBrowser } from './browser';

/** The client's own form on a phone-sized screen: no login, one question per screen, large targets. */
describe('the client klantbeleving form on a phone', () => {
  const lab = useBrowser({ viewport: { width: 390, height: 844 }, watch: false });
  let s: Served;
  let page: Page;

  beforeAll(async () => {
    ({ s, page } = lab);
    const h = await s.t.auth('medewerker-lindewaard');
    await s.t.http
      .post('/api/v1/participants/lindewaard/KLANT-1/events')
      .set(h)
      .send({ milestone: 'aanmelding', occurredOn: '2026-01-05' })
      .expect(201);
  });

  it('answers every question, stores a client score once, then shows a friendly page', async () => {
    const res = await s.t.http
      .post('/api/v1/client-forms')
      .set(await s.t.auth('medewerker-lindewaard'))
      .send({ gemeente: 'lindewaard', participantRef: 'KLANT-1', phase: 'intake' });
    expect(res.status).toBe(201);
    await page.goto(`${s.base}${res.body.path}`);
    await page.getByRole('heading', { name: 'Wat vindt u van de hulp?' }).waitFor();
    expect(await page.textContent('body')).not.toContain('KLANT-1');
    expect(await axe(page)).toEqual([]);
    await shot(page, '20-client-welkom');
    await page.getByRole('button', { name: 'Beginnen' }).click();
    await page.getByText('Vraag 1 van 7').waitFor();
    const eight = page.getByRole('radio', { name: '8', exact: true });
    const box = (await eight.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44); // WCAG 2.5.5 target size
    expect(await axe(page)).toEqual([]);
    await shot(page, '21-client-vraag-cijfer');
    await eight.click();
    for (let i = 0; i < 5; i++) {
      await page.getByText(`Vraag ${i + 2} van 7`).waitFor();
      if (i === 2) await page.getByRole('button', { name: 'Overslaan' }).click();
      else await page.getByRole('radio', { name: 'Waar', exact: true }).click();
    }
    await page.getByText('Vraag 7 van 7').waitFor();
    await shot(page, '22-client-vraag-emotie');
    await page.getByRole('radio', { name: 'Hoopvol' }).click();
    await page.getByText('U heeft 6 van de 7 vragen beantwoord.').waitFor();
    await page.getByRole('button', { name: 'Versturen' }).click();
    await page.getByRole('heading', { name: 'Dank u wel!' }).waitFor();
    await shot(page, '23-client-bedankt');
    const rows = await s.t.admin.query(
      "SELECT b.rapportcijfer, b.waardigheid, b.tempo, b.emotie, b.source, b.phase FROM beleving_score b JOIN participant p ON p.id = b.participant_id WHERE p.participant_ref = 'KLANT-1'",
    );
    expect(rows).toEqual([
      { rapportcijfer: 8, waardigheid: 4, tempo: null, emotie: 'hoopvol', source: 'client', phase: 'intake' },
    ]);
    await page.reload();
    await page.getByRole('heading', { name: 'Deze link werkt niet (meer)' }).waitFor();
    await page.getByText('U heeft deze vragen al beantwoord').waitFor();
    expect(await axe(page)).toEqual([]);
    await shot(page, '24-client-al-gebruikt');
  });

  it('shows a friendly page for a wrong link', async () => {
    await page.goto(`${s.base}/k/${'a'.repeat(43)}`);
    await page.getByRole('heading', { name: 'Deze link werkt niet (meer)' }).waitFor();
    await page.getByText('Vraag uw contactpersoon bij de gemeente om een nieuwe link.').waitFor();
  });
});
