import type { Role } from '@living-lab/domain';
import type { AppConfig } from '../config';

/**
 * Who must sign in with two factors (BIO: everyone who sees personal data): with
 * LAB_REQUIRE_MFA=true every role but reviewer, who sees aggregates only.
 */
export const mfaRequiredFor = (config: Pick<AppConfig, 'requireMfa'>, role: Role): boolean =>
  config.requireMfa && role !== 'reviewer';

/** How long the limited token for setting up two factors lasts (seconds). */
export const MFA_SETUP_TOKEN_SECONDS = 600;
