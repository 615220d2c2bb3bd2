import type { ErrorCode } from '@living-lab/domain';

/**
 * Password rules: at least 12 characters, not one of the passwords people pick most (a short
 * list, as NIST SP 800-63B §5.1.1.2 advises: check against known-bad values, no composition
 * rules), and not the username. Returns the error code of the reason (its Dutch text is in the
 * catalogue), or null when the password is fine.
 */
const COMMON = new Set([
  '123456789012',
  '1234567890123',
  'qwertyuiopas',
  'password1234',
  'wachtwoord12',
  'wachtwoord123',
  'welkom123456',
  'welkomwelkom',
  'passwordpassword',
  'qwerty123456',
  'abcdefghijkl',
  'aaaaaaaaaaaa',
  '111111111111',
  '000000000000',
  'iloveyou1234',
  'administrator',
  'admin1234567',
  'letmein12345',
  'changeme1234',
  'zomer2026zomer',
  'voorjaar2026',
  'winter2026!!',
  'gemeente1234',
  'gemeente12345',
  'schuldhulp123',
  'livinglab123',
  'living-lab-2026',
  'stabilisatie1',
  'wachtwoord!!',
  'Wachtwoord12',
  'Wachtwoord123',
  'Welkom123456',
  'Password1234',
  'Qwerty123456',
]);

export function passwordProblem(password: string, username?: string): ErrorCode | null {
  if (password.length < 12) return 'user.password_too_short';
  if (COMMON.has(password) || COMMON.has(password.toLowerCase())) return 'user.password_common';
  if (/^(.)\1+$/.test(password)) return 'user.password_repeated';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'user.password_contains_username';
  return null;
}
