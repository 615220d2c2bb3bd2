import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { personalDataInText } from '@living-lab/domain';
import { MailService } from '../../apps/api/src/mail/mail.service';
import { ReportsService } from '../../apps/api/src/reports/reports.service';
import { SeedService } from '../../apps/api/src/seed/seed.service';
import { startTestApp, type TestApp } from '../helpers/app';
import { demoData } from '../helpers/builders';

/** A message as the test's SMTP server received it: the envelope's recipients and the decoded text. */
interface Received {
  from: string;
  rcpt: string[];
  subject: string;
  body: string;
  raw: string;
}

/** Decodes what nodemailer writes: RFC 2047 encoded words in headers, quoted-printable or base64 bodies. */
function decode(raw: string): { subject: string; body: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  const words = (s: string) =>
    s.replace(/=\?utf-8\?([qb])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : qp(text.replace(/_/g, ' ')),
    );
  const qp = (s: string) =>
    Buffer.from(
      s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  const subject = words(/^Subject: (.*)$/im.exec(headers)?.[1] ?? '').trim();
  const encoding = /^Content-Transfer-Encoding: (.*)$/im.exec(headers)?.[1]?.trim().toLowerCase();
  const bodyRaw = rest.join('\n\n');
  const body =
    encoding === 'quoted-printable'
      ? qp(bodyRaw)
      : encoding === 'base64'
        ? Buffer.from(bodyRaw, 'base64').toString('utf8')
        : bodyRaw;
  return { subject, body };
}

/**
 * Mail about quarterly reports (issue 15) through a real SMTP server that the test starts
 * (smtp-server): who gets which message, in Dutch, without participant data; and a mail server
 * that fails never stops a publication.
 */
describe('mail about quarterly reports', () => {
  const received: Received[] = [];
  let server: SMTPServer;
  let port: number;
  let t: TestApp;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            rcpt: session.envelope.rcptTo.map((r) => r.address).sort(),
            raw,
            ...decode(raw),
          });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
    t = await startTestApp({
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, LAB_MAIL_FROM: 'Living Lab <lab@example.nl>' },
      config: { publicUrl: 'https://lab.example.nl' },
    });
    await t.admin.transaction((m) => t.app.get(SeedService).insertCohort(m, demoData()));
    // staff with an address; a disabled account and one without an address get nothing
    await t.admin.query(`UPDATE app_user SET email = username || '@example.nl'
                         WHERE username IN ('projectleider', 'reviewer', 'medewerker-lindewaard', 'medewerker-veenhoven', 'medewerker-hoogdijk')`);
    await t.admin.query(`UPDATE app_user SET disabled = true WHERE username = 'medewerker-hoogdijk'`);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  const mail = () => t.app.get(MailService);

  it('tells the projectleiders in Dutch when a draft is ready', async () => {
    received.length = 0;
    await t.app.get(ReportsService).draft('2026-Q3');
    await mail().idle();
    expect(received).toHaveLength(1);
    const [m] = received;
    expect(m.from).toBe('lab@example.nl');
    expect(m.rcpt).toEqual(['projectleider@example.nl']);
    expect(m.subject).toBe('Het concept van de kwartaalreflectie over het derde kwartaal van 2026 staat klaar');
    expect(m.body).toContain('Beste projectleider,');
    expect(m.body).toContain('Schrijf ook wat er kwam van de afspraken van het vorige kwartaal.');
    expect(m.body).toContain('https://lab.example.nl/#/rapporten');
  });

  it('tells gemeente users and reviewers when a report is published, not the projectleider or a disabled account', async () => {
    received.length = 0;
    const res = await t.http.post('/api/v1/reports/quarterly/2026-Q3/publish').set(await t.auth('projectleider'));
    expect(res.status).toBe(201);
    await mail().idle();
    expect(received).toHaveLength(1);
    const [m] = received;
    expect(m.rcpt).toEqual([
      'medewerker-lindewaard@example.nl',
      'medewerker-veenhoven@example.nl',
      'reviewer@example.nl',
    ]);
    expect(m.subject).toBe('De kwartaalreflectie over het derde kwartaal van 2026 is gepubliceerd');
    expect(m.body).toContain('is gepubliceerd (versie 1).');
  });

  it('puts no participant data in any mail', async () => {
    const refs: { participant_ref: string }[] = await t.admin.query('SELECT participant_ref FROM participant');
    expect(refs.length).toBeGreaterThan(100);
    const all = await (async () => {
      received.length = 0;
      await t.app.get(ReportsService).draft('2026-Q2');
      await t.http.post('/api/v1/reports/quarterly/2026-Q2/publish').set(await t.auth('projectleider'));
      await mail().idle();
      return [...received];
    })();
    expect(all).toHaveLength(2);
    for (const m of all) {
      const text = `${m.subject}\n${m.body}`;
      for (const r of refs) expect(text).not.toContain(r.participant_ref);
      expect(personalDataInText(m.body.replace(/\S+@example\.nl/g, ''))).toBeNull();
      expect(text).not.toMatch(/\d+ deelnemers|\d+%/); // no counts or rates of people either
    }
  });
});

describe('mail that cannot be sent', () => {
  it('never stops a draft or a publication, and is off without SMTP_URL', async () => {
    // a port where nothing listens: every try fails at once
    const closed = await new Promise<number>((resolve) => {
      const s = new SMTPServer({ logger: false });
      s.listen(0, '127.0.0.1', () => {
        const p = (s.server.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const t = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${closed}` } });
    try {
      await t.admin.query(`UPDATE app_user SET email = 'reviewer@example.nl' WHERE username = 'reviewer'`);
      expect(t.app.get(MailService).enabled).toBe(true);
      const res = await t.http.post('/api/v1/reports/quarterly/2026-Q3/publish').set(await t.auth('projectleider'));
      expect(res.status).toBe(201);
      expect((await t.app.get(ReportsService).draft('2026-Q3')).quarter).toBe('2026-Q3');
    } finally {
      await t.close();
    }
    const off = await startTestApp();
    try {
      expect(off.app.get(MailService).enabled).toBe(false);
      expect(
        (await off.http.post('/api/v1/reports/quarterly/2026-Q3/publish').set(await off.auth('projectleider'))).status,
      ).toBe(201);
    } finally {
      await off.close();
    }
  });
});
