import { TextField, type TextFieldProps } from '@mui/material';
import { useEffect, useState } from 'react';
import { TextInput, required as requiredValidator, type TextInputProps, type Validator } from 'react-admin';
import { isValidIsoDate, parseDate, toDutchDate } from '@living-lab/dates';

/**
 * A date as the Dutch write it, dd-mm-jjjj, whatever the browser's language. react-admin's
 * DateInput is the browser's native date input, which shows mm/dd/yyyy in an English browser and
 * cannot be told otherwise; a date-picker library would be one more dependency for what is a short
 * text. So this is a text input: it shows the stored ISO date as dd-mm-jjjj, accepts dd-mm-jjjj
 * (also d-m-jjjj) and jjjj-mm-dd, parses with libs/domain's parseDate (the very rule the API and
 * the imports apply) and says in Dutch when the text is no real date. The form keeps YYYY-MM-DD.
 */
export const DATE_HINT = 'dd-mm-jjjj';
export const DATE_INVALID = 'Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 01-03-2027.';

export const validDate: Validator = (v: unknown) =>
  typeof v === 'string' && v !== '' && !isValidIsoDate(v) ? DATE_INVALID : undefined;

/** Shown: the stored ISO date as dd-mm-jjjj; anything else (text being typed) as it is. */
export const formatDutchDate = (v: unknown) => (typeof v === 'string' ? toDutchDate(v) : '');
/** Stored: the ISO date once the text is a real date; until then the text (so validation can say so). */
export const parseDutchDate = (text: string) => (text.trim() === '' ? null : (parseDate(text) ?? text));

export function DutchDateInput({
  required,
  validate,
  helperText,
  ...props
}: Omit<TextInputProps, 'format' | 'parse' | 'type'> & { required?: boolean }) {
  const extra = Array.isArray(validate) ? validate : validate ? [validate] : [];
  return (
    <TextInput
      {...props}
      format={formatDutchDate}
      parse={parseDutchDate}
      validate={[...(required ? [requiredValidator()] : []), validDate, ...extra]}
      helperText={helperText ?? DATE_HINT}
      placeholder={DATE_HINT}
      slotProps={{ htmlInput: { inputMode: 'numeric', autoComplete: 'off' } }}
    />
  );
}

/**
 * The same dd-mm-jjjj date for a plain MUI form (the timeline's forms keep their own state): the
 * value is the ISO date once the text is a real date, else the text as typed.
 */
export function DutchDateField({
  value,
  onChange,
  error,
  helperText,
  ...props
}: Omit<TextFieldProps, 'value' | 'onChange' | 'type'> & { value: string; onChange: (v: string) => void }) {
  const [text, setText] = useState(() => toDutchDate(value));
  // A value set from outside (a reset after saving) replaces the text.
  useEffect(() => {
    if ((parseDate(text) ?? text) !== value) setText(toDutchDate(value));
  }, [value]);
  const invalid = text.trim() !== '' && !parseDate(text);
  return (
    <TextField
      {...props}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseDutchDate(e.target.value) ?? '');
      }}
      onBlur={() => {
        const iso = parseDate(text);
        if (iso) setText(toDutchDate(iso));
      }}
      placeholder={DATE_HINT}
      error={error || invalid}
      helperText={invalid ? DATE_INVALID : (helperText ?? DATE_HINT)}
      slotProps={{ htmlInput: { inputMode: 'numeric', autoComplete: 'off' } }}
    />
  );
}
