import { DataSource, type DataSourceOptions } from 'typeorm';
import { InitialSchema1764100000000 } from './migrations/1764100000000-initial-schema';
import { AllocationAndPlans1764200000000 } from './migrations/1764200000000-allocation-and-plans';
import { ImportsQualityFunnel1764300000000 } from './migrations/1764300000000-imports-quality-funnel';
import { EnrolmentOutcomes1764400000000 } from './migrations/1764400000000-enrolment-outcomes';
import { ClientFormLinks1764500000000 } from './migrations/1764500000000-client-form-links';
import { ReportVersions1764600000000 } from './migrations/1764600000000-report-versions';
import { AuthAndAuditChain1764700000000 } from './migrations/1764700000000-auth-and-audit-chain';
import { RowLevelSecurity1764800000000 } from './migrations/1764800000000-row-level-security';
import { PrivacyErasureRetention1764810000000 } from './migrations/1764810000000-privacy-erasure-retention';
import { AuditChainAfterCommit1764900000000 } from './migrations/1764900000000-audit-chain-after-commit';
import { SummaryRefreshSmallBatches1764910000000 } from './migrations/1764910000000-summary-refresh-small-batches';
import { FactDateIndexes1764920000000 } from './migrations/1764920000000-fact-date-indexes';
import { RlsSettingsOnce1764930000000 } from './migrations/1764930000000-rls-settings-once';
import { GemeenteOnFacts1764940000000 } from './migrations/1764940000000-gemeente-on-facts';
import { RecordedByPerStatement1764950000000 } from './migrations/1764950000000-recorded-by-per-statement';
import { SessionVersion1764961000000 } from './migrations/1764961000000-session-version';
import { FunnelAndereOplossing1764962000000 } from './migrations/1764962000000-funnel-andere-oplossing';
import { AndereUitstroomLangdurigePath1764970000000 } from './migrations/1764970000000-andere-uitstroom-langdurige-path';
import { FunnelAndereUitstroom1764970100000 } from './migrations/1764970100000-funnel-andere-uitstroom';
import { DdasFacts1764971000000 } from './migrations/1764971000000-ddas-facts';
import { CurrentEventSource1764971000001 } from './migrations/1764971000001-current-event-source';
import { QuarterlyReflections1764972000000 } from './migrations/1764972000000-quarterly-reflections';
import { UserEmail1764972100000 } from './migrations/1764972100000-user-email';
import { ExpectedPace1764973000000 } from './migrations/1764973000000-expected-pace';
import { Proposals1764974000000 } from './migrations/1764974000000-proposals';
import { Totp1764976000000 } from './migrations/1764976000000-totp';
import { AuditParticipantKeys1764977000000 } from './migrations/1764977000000-audit-participant-keys';
import { OidcAccounts1764978000000 } from './migrations/1764978000000-oidc-accounts';
import { InterventionDelivery1764982000000 } from './migrations/1764982000000-intervention-delivery';
import { GemeenteContext1764983000000 } from './migrations/1764983000000-gemeente-context';
import { KlantprofielHistory1764984000000 } from './migrations/1764984000000-klantprofiel-history';
import { KlantprofielInlined1764984000001 } from './migrations/1764984000001-klantprofiel-inlined';
import { TotpSecretEncrypted1764987000000 } from './migrations/1764987000000-totp-secret-encrypted';

export const MIGRATIONS = [
  InitialSchema1764100000000,
  AllocationAndPlans1764200000000,
  ImportsQualityFunnel1764300000000,
  EnrolmentOutcomes1764400000000,
  ClientFormLinks1764500000000,
  ReportVersions1764600000000,
  AuthAndAuditChain1764700000000,
  RowLevelSecurity1764800000000,
  PrivacyErasureRetention1764810000000,
  AuditChainAfterCommit1764900000000,
  SummaryRefreshSmallBatches1764910000000,
  FactDateIndexes1764920000000,
  RlsSettingsOnce1764930000000,
  GemeenteOnFacts1764940000000,
  RecordedByPerStatement1764950000000,
  SessionVersion1764961000000,
  FunnelAndereOplossing1764962000000,
  AndereUitstroomLangdurigePath1764970000000,
  FunnelAndereUitstroom1764970100000,
  DdasFacts1764971000000,
  CurrentEventSource1764971000001,
  QuarterlyReflections1764972000000,
  UserEmail1764972100000,
  ExpectedPace1764973000000,
  Proposals1764974000000,
  Totp1764976000000,
  AuditParticipantKeys1764977000000,
  OidcAccounts1764978000000,
  InterventionDelivery1764982000000,
  GemeenteContext1764983000000,
  KlantprofielHistory1764984000000,
  KlantprofielInlined1764984000001,
  TotpSecretEncrypted1764987000000,
];

/**
 * TypeORM options for a PostgreSQL URL. The schema comes from migrations only, never `synchronize`;
 * there are no entity classes: repositories (`*.repository.ts`) speak SQL through the EntityManager.
 */
export function dataSourceOptions(
  url: string,
  opts: { connectTimeoutMs?: number; queryTimeoutMs?: number } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [],
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    // Query logging would print parameters (participant references) to the log: off.
    logging: false,
    // connectionTimeoutMillis: a request waits at most 10 s (LAB_DB_CONNECT_TIMEOUT_MS) for a connection (a database that is
    // down or a full pool answers 503, never hangs); keepAlive notices dead connections.
    // onConnect: a connection that the server ends (restart, admin shutdown) while it is checked
    // out but between queries emits 'error'; without a listener that stops the process. The next
    // query on it fails instead (answered 503), and the pool discards it on release.
    // queryTimeoutMs (LAB_DB_QUERY_TIMEOUT_MS): the server cancels a longer statement
    // (statement_timeout); a server that does not answer at all (stalled, SIGSTOP) is given up 1 s
    // later by the driver (query_timeout, 'Query read timeout'), and then the connection is
    // destroyed (dropOnReadTimeout): the query is still outstanding on it, so every later query on
    // it would wait too. With that connection gone, the transaction's ROLLBACK fails at once.
    extra: {
      max: 20,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
      keepAlive: true,
      ...(opts.queryTimeoutMs
        ? { statement_timeout: opts.queryTimeoutMs, query_timeout: opts.queryTimeoutMs + 1_000 }
        : {}),
      onConnect: (client: PgClient) => {
        client.on('error', () => undefined);
        if (opts.queryTimeoutMs) dropOnReadTimeout(client);
      },
    },
  };
}

interface PgClient {
  on(event: 'error', fn: (e: Error) => void): void;
  query: (...args: unknown[]) => unknown;
  connection?: { stream?: { destroy(): void } };
}

/**
 * Gives one checked-out connection a longer query budget than requests get (LAB_DB_QUERY_TIMEOUT_MS),
 * for a background job such as an import, whose COPY of a large file is one long statement. The
 * driver's read timeout is per connection (pg reads `connectionParameters.query_timeout` for every
 * query, COPY streams included); the server's statement_timeout is set by the caller with SET LOCAL
 * in the job's transaction. Returns the function that gives the connection its request budget back
 * (call it before the connection returns to the pool).
 */
export function lengthenQueryBudget(client: unknown, ms: number): () => void {
  const params = (client as { connectionParameters?: { query_timeout?: number } }).connectionParameters;
  if (!params?.query_timeout) return () => undefined;
  const before = params.query_timeout;
  params.query_timeout = ms + 1_000;
  return () => {
    params.query_timeout = before;
  };
}

/** Destroys the client's connection when one of its queries ends with the driver's read timeout. */
function dropOnReadTimeout(client: PgClient): void {
  const query = client.query;
  client.query = (...args: unknown[]) => {
    const result = query.apply(client, args);
    if (result && typeof (result as Promise<unknown>).then === 'function')
      (result as Promise<unknown>).then(undefined, (e: Error) => {
        if (e?.message === 'Query read timeout') client.connection?.stream?.destroy();
      });
    return result;
  };
}

/** Applies pending migrations (each in its own transaction) and closes the connection. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource({ ...dataSourceOptions(url), migrationsTransactionMode: 'each' });
  await ds.initialize();
  try {
    const done = await ds.runMigrations();
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
