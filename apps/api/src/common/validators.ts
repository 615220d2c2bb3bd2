import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isBsn, isValidIsoDate, PRIVACY_MESSAGES, todayIso } from '@living-lab/domain';

/** A real calendar date written as YYYY-MM-DD, not after today. */
export function IsPastOrTodayDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isPastOrTodayDate',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (v: unknown) => typeof v === 'string' && isValidIsoDate(v) && v <= todayIso(),
        defaultMessage: (args) =>
          typeof args?.value === 'string' && isValidIsoDate(args.value)
            ? 'Deze datum ligt in de toekomst.'
            : 'Schrijf de datum als JJJJ-MM-DD (bijvoorbeeld 2026-03-31).',
      },
    });
}

/** A real calendar date written as YYYY-MM-DD (whether it may lie in the future is the service's rule). */
export function IsIsoDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIsoDate',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (v: unknown) => typeof v === 'string' && isValidIsoDate(v),
        defaultMessage: () => 'Schrijf de datum als JJJJ-MM-DD (bijvoorbeeld 2026-03-31).',
      },
    });
}

/** A participant reference: pseudonymous code only (letters, digits, - _ . /), never a BSN. */
export function IsParticipantRef(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isParticipantRef',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (v: unknown) => typeof v === 'string' && PARTICIPANT_REF.test(v) && !looksLikeBsn(v),
        defaultMessage: (args) =>
          typeof args?.value === 'string' && looksLikeBsn(args.value)
            ? PRIVACY_MESSAGES.bsn
            : 'Gebruik een code van 1 tot 64 tekens: letters, cijfers, - _ . of /.',
      },
    });
}

export const PARTICIPANT_REF = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

/** A BSN however written (libs/domain privacy-guard `isBsn`): refused everywhere as a reference. */
export const looksLikeBsn = isBsn;
