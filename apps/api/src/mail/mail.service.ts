import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { quarterName } from '@living-lab/domain';
import { APP_CONFIG, type AppConfig } from '../config';
import { MailRepository } from './mail.repository';

/** A message as the platform sends it: plain text, Dutch, no participant data. */
export interface Mail {
  to: string[];
  subject: string;
  text: string;
}

/** How long to wait before the second and third try (ms). */
const RETRY_DELAYS = [2_000, 15_000];

/**
 * Mail about quarterly reports over SMTP (SMTP_URL). Off without SMTP_URL. Sending never blocks or
 * fails the work that asks for it: `send` returns at once, each message is tried three times in
 * the background, and a message that still fails is logged (with its subject, never its
 * recipients' addresses) and dropped.
 */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly log = new Logger('Mail');
  private readonly transport?: Transporter;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pending = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly repo: MailRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    if (config.smtpUrl) this.transport = createTransport(config.smtpUrl, { from: config.mailFrom });
  }

  get enabled(): boolean {
    return this.transport !== undefined;
  }

  /** Sends in the background; resolves at once. */
  send(mail: Mail): void {
    if (!this.transport || this.closed || mail.to.length === 0) return;
    this.attempt(mail, 0);
  }

  /** Waits until every message started so far was delivered or given up (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size || this.timers.size) await Promise.race([...this.pending, wait(50)]);
  }

  private attempt(mail: Mail, n: number): void {
    const p = this.transport!.sendMail({ to: mail.to, subject: mail.subject, text: mail.text }).then(
      () => undefined,
      (e: Error) => {
        if (this.closed) return;
        if (n < RETRY_DELAYS.length) {
          this.log.warn(`Mail "${mail.subject}" not sent (try ${n + 1}): ${e.message}; trying again.`);
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            if (!this.closed) this.attempt(mail, n + 1);
          }, RETRY_DELAYS[n]);
          timer.unref();
          this.timers.add(timer);
        } else this.log.error(`Mail "${mail.subject}" not sent after ${n + 1} tries: ${e.message}.`);
      },
    );
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  onModuleDestroy(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.transport?.close();
  }

  /** Where a reader finds the reports: the web app's address, when it is known. */
  private reportsLink(): string {
    return this.config.publicUrl
      ? `Open het rapport: ${this.config.publicUrl}/#/rapporten`
      : 'Open het platform en kies Kwartaalrapporten.';
  }

  /** Runs the preparation of a message in the background, so that `idle` waits for it too. */
  private background(work: () => Promise<void>): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    const p = work();
    this.pending.add(p);
    void p.then(
      () => this.pending.delete(p),
      () => this.pending.delete(p),
    );
    return p;
  }

  /** To the projectleiders: the quarter's draft is ready to read, reflect on and publish. */
  reportDrafted(quarter: string): Promise<void> {
    return this.background(async () => {
      const to = await this.repo.addressesOf(['projectleider']);
      this.send({
        to,
        subject: `Het concept van de kwartaalreflectie over ${quarterName(quarter)} staat klaar`,
        text: [
          'Beste projectleider,',
          '',
          `Het concept van de kwartaalreflectie over ${quarterName(quarter)} staat klaar.`,
          'Lees het concept en schrijf de reflectie: wat u concludeert, wat u besluit en wat beter kan. Schrijf ook wat er kwam van de afspraken van het vorige kwartaal. Publiceer het rapport als het klaar is.',
          '',
          this.reportsLink(),
          '',
          FOOTER,
        ].join('\n'),
      });
    });
  }

  /** To gemeente users and reviewers: a version of the quarter's report is published. */
  reportPublished(quarter: string, version: number): Promise<void> {
    return this.background(async () => {
      const to = await this.repo.addressesOf(['gemeente', 'reviewer']);
      this.send({
        to,
        subject: `De kwartaalreflectie over ${quarterName(quarter)} is gepubliceerd`,
        text: [
          'Beste lezer,',
          '',
          `De kwartaalreflectie over ${quarterName(quarter)} is gepubliceerd (versie ${version}).`,
          'In het rapport staat wat de experimenten van het living lab laten zien, wat we besloten en wat we vorig kwartaal afspraken. Gemeenten staan er met een code in, behalve als ze toestemming gaven voor hun naam. Een medewerker van een gemeente ziet de eigen gemeente met de naam.',
          '',
          this.reportsLink(),
          '',
          FOOTER,
        ].join('\n'),
      });
    });
  }
}

const FOOTER =
  'Dit bericht is automatisch verstuurd door het Living Lab Stabilisatie. Er staan geen gegevens van deelnemers in. U krijgt dit bericht omdat bij uw account dit e-mailadres staat; de beheerder kan het weghalen.';

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
