import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as client from 'openid-client';
import { DataSource } from 'typeorm';
import { DomainError, ROLES, type Role } from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig, type OidcConfig } from '../config';
import { UsersRepository } from '../users/users.repository';
import { AuthService, type IssuedTokens } from './auth.service';
import { OidcRepository } from './oidc.repository';

/** The cookie that carries state and PKCE verifier from login to callback (signed, httpOnly, 10 minutes). */
export const OIDC_COOKIE = 'lab_oidc';
export const OIDC_COOKIE_SECONDS = 600;
/** How long the web app has to exchange the one-time code of a sign-in (seconds). */
const HANDOFF_SECONDS = 60;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Why a sign-in at the provider is refused; each is shown as a plain Dutch page. */
export type OidcRefusal = 'failed' | 'unknown_role' | 'unknown_gemeente' | 'disabled';

export class OidcRefused extends Error {
  constructor(readonly reason: OidcRefusal) {
    super(reason);
  }
}

interface Flow {
  purpose: 'oidc';
  state: string;
  verifier: string;
  nonce: string;
}

/**
 * Sign-in with the organisation's own account (issue 17): OpenID Connect authorisation code flow
 * with PKCE, state and nonce, through `openid-client` (which checks the ID token: issuer, audience,
 * expiry, nonce, and — non-repudiation checks on — its signature against the provider's JWKS).
 * Role and gemeente come from the ID token's claims; the account is created at the first sign-in
 * and follows the provider's claims at every later one. The web app gets its session as after a
 * local login, through a one-time code it exchanges (no token in a URL).
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private discovered?: Promise<client.Configuration>;

  constructor(
    private readonly ds: DataSource,
    private readonly repo: OidcRepository,
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return !!this.config.oidc;
  }

  private settings(): OidcConfig {
    if (!this.config.oidc) throw new DomainError('auth.oidc_off');
    return this.config.oidc;
  }

  private redirectUri(): string {
    return `${this.config.publicUrl}/api/v1/auth/oidc/callback`;
  }

  /** The provider's metadata, discovered once (again after a failure). */
  private configuration(): Promise<client.Configuration> {
    const o = this.settings();
    this.discovered ??= client
      .discovery(
        new URL(o.issuer),
        o.clientId,
        { redirect_uris: [this.redirectUri()] },
        o.clientSecret ? client.ClientSecretBasic(o.clientSecret) : client.None(),
        {
          // http:// only outside production (config.ts refuses it there): a local or test provider.
          execute: [
            client.enableNonRepudiationChecks,
            ...(new URL(o.issuer).protocol === 'http:' ? [client.allowInsecureRequests] : []),
          ],
        },
      )
      .catch((e) => {
        this.discovered = undefined;
        throw e;
      });
    return this.discovered;
  }

  /** Where to send the browser, and the signed cookie value that remembers state and verifier. */
  async start(): Promise<{ url: string; cookie: string }> {
    const config = await this.configuration();
    const flow: Flow = {
      purpose: 'oidc',
      state: client.randomState(),
      verifier: client.randomPKCECodeVerifier(),
      nonce: client.randomNonce(),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri(),
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    const cookie = await this.jwt.signAsync(flow, { expiresIn: OIDC_COOKIE_SECONDS });
    return { url: url.href, cookie };
  }

  /**
   * The provider's answer (`originalUrl`: the callback's path and query) with the flow's cookie:
   * the account signed in and a one-time code for the web app. Throws OidcRefused otherwise.
   */
  async callback(originalUrl: string, cookie: string | undefined): Promise<{ code: string }> {
    const o = this.settings();
    let flow: Flow;
    try {
      flow = await this.jwt.verifyAsync<Flow>(cookie ?? '');
      if (flow.purpose !== 'oidc') throw new Error('not an OIDC flow');
    } catch {
      throw new OidcRefused('failed');
    }
    let claims: Record<string, unknown>;
    try {
      const config = await this.configuration();
      const tokens = await client.authorizationCodeGrant(config, new URL(originalUrl, this.config.publicUrl), {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      claims = { ...tokens.claims() };
    } catch (e) {
      this.logger.warn(`OIDC sign-in refused: ${(e as Error).message}`);
      await this.audit.record(null, { actor: 'oidc', action: 'oidc_login_failed', entity: 'app_user', entityId: null });
      throw new OidcRefused('failed');
    }
    const issuer = String(claims.iss);
    const subject = String(claims.sub);
    const role = claims[o.roleClaim];
    const gemeenteClaim = claims[o.gemeenteClaim];
    const refuse = async (reason: OidcRefusal) => {
      await this.audit.record(null, {
        actor: 'oidc',
        action: `oidc_login_refused_${reason}`,
        entity: 'app_user',
        entityId: null,
      });
      return new OidcRefused(reason);
    };
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw await refuse('unknown_role');
    let gemeente: string | null = null;
    if (role === 'gemeente') {
      if (typeof gemeenteClaim !== 'string' || !(await this.repo.gemeenteExists(gemeenteClaim)))
        throw await refuse('unknown_gemeente');
      gemeente = gemeenteClaim;
    }
    const code = randomBytes(32).toString('base64url');
    const outcome = await this.ds.transaction(async (m) => {
      const found = await this.repo.lockByOidc(m, issuer, subject);
      let id: string;
      if (!found) {
        const preferred = typeof claims.preferred_username === 'string' ? claims.preferred_username : subject;
        id = await this.repo.insert(m, {
          username: preferred.slice(0, 80),
          issuer,
          subject,
          role: role as Role,
          gemeente,
          suffix: sha256(`${issuer} ${subject}`).slice(0, 8),
        });
        await this.audit.record(m, { actor: 'oidc', action: 'oidc_account_created', entity: 'app_user', entityId: id });
      } else {
        if (found.disabled) return 'disabled' as const;
        id = found.id;
        if (found.role !== role || found.gemeente !== gemeente)
          await this.repo.updateRights(m, id, role as Role, gemeente);
      }
      await this.repo.insertHandoff(m, sha256(code), id, HANDOFF_SECONDS);
      await this.audit.record(m, { actor: 'oidc', action: 'login', entity: 'app_user', entityId: id });
      return 'ok' as const;
    });
    if (outcome === 'disabled') throw await refuse('disabled');
    return { code };
  }

  /**
   * Where the browser goes to end its session at the provider too (RP-initiated logout), coming
   * back to the web app; the web app's own address when the provider offers no such endpoint.
   */
  async logoutUrl(): Promise<string> {
    const home = `${this.config.publicUrl}/`;
    try {
      const config = await this.configuration();
      if (!config.serverMetadata().end_session_endpoint) return home;
      return client.buildEndSessionUrl(config, { client_id: this.settings().clientId, post_logout_redirect_uri: home })
        .href;
    } catch (e) {
      if (e instanceof DomainError) throw e;
      return home;
    }
  }

  /** The session for a one-time code (once, within a minute): the same tokens as a local login gives. */
  async exchange(code: string): Promise<IssuedTokens & { username: string }> {
    this.settings();
    const result = await this.ds.transaction(async (m) => {
      const userId = await this.repo.takeHandoff(m, sha256(code));
      const user = userId ? await this.users.findSession(userId, m) : undefined;
      if (!user || user.disabled) return undefined;
      return { ...(await this.auth.issue(user, m)), username: user.username };
    });
    if (!result) throw new DomainError('auth.oidc_code_invalid');
    return result;
  }
}
