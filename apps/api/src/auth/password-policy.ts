/**
 * Password rules: at least 12 characters, not one of the passwords people pick most (a short
 * list, as NIST SP 800-63B §5.1.1.2 advises: check against known-bad values, no composition
 * rules), and not the username. Returns the Dutch reason, or null when the password is fine.
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

export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < 12) return 'Een wachtwoord heeft minstens 12 tekens.';
  if (COMMON.has(password) || COMMON.has(password.toLowerCase()))
    return 'Dit wachtwoord wordt veel gebruikt en is makkelijk te raden. Kies een ander.';
  if (/^(.)\1+$/.test(password)) return 'Gebruik niet steeds hetzelfde teken.';
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    return 'Het wachtwoord mag uw gebruikersnaam niet bevatten.';
  return null;
}
