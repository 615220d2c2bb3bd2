import { randomInt } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import * as argon2 from 'argon2';
import { Secret, TOTP } from 'otpauth';
import { DataSource } from 'typeorm';
import { DomainError, fieldError } from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { APP_CONFIG, type AppConfig } from '../config';
import { decryptSecret, encryptSecret, isEncryptedSecret, MfaKeyMismatchError } from './mfa-secret';
import { MfaRepository, type TotpRow } from './mfa.repository';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30 seconds. */
const PERIOD = 30;
const DIGITS = 6;
/** Codes of one step before and after now are accepted too (clock drift, typing time). */
const WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
/** Letters and digits that cannot be mistaken for one another (no 0/o, 1/l/i). */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const ISSUER = 'Living Lab schuldhulp';
/** argon2id (default parameters, as the stored codes) of a value no code has: verified when no code has the given first group. */
const DUMMY_RECOVERY_HASH =
  '$argon2id$v=19$m=65536,p=4,t=3$a1Kc5ATEL85r0MgfvMegtg$Ic2Z/Di4+CnzrpoSCFUon5HYenzN3YtPqJiLBxXINps';

const totpFor = (secret: string, username: string) =>
  new TOTP({
    issuer: ISSUER,
    label: username,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });

/**
 * `abcd-efgh-jkmn-pqrs`: the first group finds the code's row (not secret), the other twelve
 * characters of 31 (about 59 bits) are verified against their argon2id hash.
 */
function newRecoveryCode(): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return s.match(/.{4}/g)!.join('-');
}
/** Lower case without spaces and dashes: `{lookup, rest}`, or null when it cannot be a recovery code. */
function splitRecovery(code: string): { lookup: string; rest: string } | null {
  const s = code.toLowerCase().replace(/[\s-]/g, '');
  return s.length === 16 ? { lookup: s.slice(0, 4), rest: s.slice(4) } : null;
}
const normalizeTotp = (code: string) => code.replace(/\s/g, '');

/**
 * Two factors for local accounts (issue 17): TOTP (RFC 6238, computed by the `otpauth` library)
 * and ten one-time recovery codes stored as argon2id hashes. The secret leaves the server once,
 * in the otpauth URI of `setup`; after `confirm` it is never returned again, and it is never
 * written to an audit entry or a log line. In the database it is encrypted (AES-256-GCM under the
 * MFA key, mfa-secret.ts); a legacy plain secret is encrypted when it is first read.
 */
@Injectable()
export class MfaService {
  private readonly logger = new Logger('Mfa');

  constructor(
    private readonly ds: DataSource,
    private readonly repo: MfaRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The MFA key; without one (a misconfigured entry point) 503 auth.mfa_unavailable, never a plain secret. */
  private key(): Buffer {
    if (this.config.mfaKey) return this.config.mfaKey;
    this.logger.error('No MFA key (LAB_MFA_KEY) configured: TOTP secrets can be neither stored nor read.');
    throw new DomainError('auth.mfa_unavailable');
  }

  /**
   * The plain secret of a stored row. A legacy plain secret is encrypted in place now (`stored` is
   * then the new text). A secret this key cannot open (another key, altered) answers 503
   * auth.mfa_unavailable; what went wrong goes to the log, never to the client.
   */
  private async open(userId: string, row: TotpRow): Promise<{ plain: string; stored: string }> {
    const key = this.key();
    if (!isEncryptedSecret(row.secret)) {
      const stored = encryptSecret(row.secret, key, userId);
      return (await this.repo.encryptPlainSecret(userId, row.secret, stored))
        ? { plain: row.secret, stored }
        : { plain: row.secret, stored: row.secret }; // changed meanwhile: confirm then refuses
    }
    try {
      return { plain: decryptSecret(row.secret, key, userId), stored: row.secret };
    } catch (e) {
      if (!(e instanceof MfaKeyMismatchError)) throw e;
      this.logger.error(e.message);
      throw new DomainError('auth.mfa_unavailable');
    }
  }

  /**
   * Encrypts every secret still stored plain (from before encryption at rest); `npm start` calls
   * this once at start. Returns how many it encrypted.
   */
  async encryptPlainSecrets(): Promise<number> {
    const rows = await this.repo.plainSecrets();
    if (!rows.length) return 0;
    const key = this.key();
    let n = 0;
    for (const r of rows)
      if (await this.repo.encryptPlainSecret(r.userId, r.secret, encryptSecret(r.secret, key, r.userId))) n++;
    return n;
  }

  /** Whether the key opens the stored secrets (checked on one; true when none is stored). */
  async keyOpensStoredSecrets(): Promise<boolean> {
    const row = await this.repo.oneEncryptedSecret();
    if (!row) return true;
    try {
      decryptSecret(row.secret, this.key(), row.userId);
      return true;
    } catch (e) {
      if (e instanceof MfaKeyMismatchError) return false;
      throw e;
    }
  }

  /** Whether the account has confirmed TOTP; the secret stays inside this service. */
  async enabled(userId: string): Promise<boolean> {
    return (await this.repo.find(userId))?.confirmed === true;
  }

  /** A new secret (unconfirmed until `confirm`), as an otpauth URI for the QR code. */
  async setup(user: AuthUser): Promise<{ otpauthUri: string }> {
    const secret = new Secret({ size: 20 }).base32;
    if (!(await this.repo.startSetup(user.id, encryptSecret(secret, this.key(), user.id))))
      throw new DomainError('auth.mfa_already_enabled');
    await this.audit.record(null, { actor: user.username, action: 'mfa_setup', entity: 'app_user', entityId: user.id });
    return { otpauthUri: totpFor(secret, user.username).toString() };
  }

  /**
   * Confirms the secret with a current code: from now on login asks for a code. Returns the ten
   * recovery codes (shown once; only their hashes are kept). The code's time step counts as used.
   */
  async confirm(user: AuthUser, code: string): Promise<{ recoveryCodes: string[] }> {
    const row = await this.repo.find(user.id);
    if (row?.confirmed) throw new DomainError('auth.mfa_already_enabled');
    if (!row) throw new DomainError('auth.mfa_not_started');
    const { plain, stored: pending } = await this.open(user.id, row);
    const step = this.step(plain, user.username, code);
    if (step === null) throw fieldError('auth.mfa_confirm_wrong', 'code');
    const recoveryCodes: string[] = [];
    while (recoveryCodes.length < RECOVERY_CODE_COUNT) {
      const c = newRecoveryCode();
      if (!recoveryCodes.some((o) => o.slice(0, 4) === c.slice(0, 4))) recoveryCodes.push(c);
    }
    const stored = await Promise.all(
      recoveryCodes.map(async (c) => {
        const { lookup, rest } = splitRecovery(c)!;
        return { lookup, hash: await argon2.hash(rest, { type: argon2.argon2id }) };
      }),
    );
    await this.ds.transaction(async (m) => {
      // The secret the code was checked against must still be the pending one (no setup in between).
      if ((await this.repo.lockPending(m, user.id)) !== pending) throw new DomainError('auth.mfa_not_started');
      await this.repo.confirm(m, user.id, step, stored);
      await this.audit.record(m, {
        actor: user.username,
        action: 'mfa_enabled',
        entity: 'app_user',
        entityId: user.id,
      });
    });
    return { recoveryCodes };
  }

  /**
   * The second factor at login: a TOTP code of the current window not used before, or an unused
   * recovery code (used up by this call). 'totp' | 'recovery' when accepted, null when not.
   */
  async verify(userId: string, username: string, input: string): Promise<'totp' | 'recovery' | null> {
    const row = await this.repo.find(userId);
    if (!row?.confirmed) return null;
    const totp = normalizeTotp(input);
    if (/^\d{6}$/.test(totp)) {
      const step = this.step((await this.open(userId, row)).plain, username, totp);
      return step !== null && (await this.repo.acceptStep(userId, step)) ? 'totp' : null;
    }
    const recovery = splitRecovery(input);
    if (!recovery) return null;
    const c = await this.repo.unusedRecoveryCode(userId, recovery.lookup);
    // Without a row, verify a dummy hash anyway, so the time does not tell which groups exist.
    const ok = await argon2.verify(c?.hash ?? DUMMY_RECOVERY_HASH, recovery.rest).catch(() => false);
    return c && ok && (await this.repo.useRecoveryCode(c.id)) ? 'recovery' : null;
  }

  /** The time step of a valid code (now ± WINDOW), or null. */
  private step(secret: string, username: string, code: string): number | null {
    const token = normalizeTotp(code);
    if (!/^\d{6}$/.test(token)) return null;
    const now = Date.now();
    const delta = totpFor(secret, username).validate({ token, timestamp: now, window: WINDOW });
    return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
  }
}
