/**
 * Spreadsheet formula neutralisation (CSV/formula injection, OWASP "CSV Injection"): every CSV
 * and XLSX the platform writes passes its text cells through `spreadsheetText`, so that a value a
 * user typed (a username at a failed login, a participant reference, a title) never opens as a
 * formula in Excel, LibreOffice or Google Sheets. Quoting a CSV cell does not stop that.
 *
 * A cell is neutralised by a leading single quote when it starts with `=`, `+`, `-`, `@`, a tab or
 * a carriage return, also after leading whitespace (and the fullwidth forms of those signs, which
 * some spreadsheets fold). Text that is a plain number (`-12`, `+3,5`, `1.5e3`) stays as it is:
 * it evaluates to itself, and a negative count must stay a number.
 */

/** A trigger (= + - @ and fullwidth forms, tab, CR), optionally after whitespace. */
const FORMULA_START = /^[\s\u00a0\u2000-\u200b\u3000\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20\u2212\t\r]/;
/** A plain number, with an optional sign, decimal point or comma, and exponent; nothing else. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;

/** Would a spreadsheet read this text as a formula (or a command)? */
export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

/** The text safe to put in a spreadsheet cell: a leading `'` when it would start a formula. */
export function spreadsheetText(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}

/**
 * One CSV field: null/undefined as empty, objects as JSON, numbers and booleans as they are,
 * text neutralised; quoted when it holds the separator, a quote, a newline or a neutralised
 * formula (`always` quotes every field).
 */
export function csvField(value: unknown, separator: ',' | ';', always = false): string {
  if (value === null || value === undefined) return always ? '""' : '';
  const s =
    typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean'
      ? String(value)
      : spreadsheetText(
          typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value),
        );
  return always || s.includes(separator) || /["\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
