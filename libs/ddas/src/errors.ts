import { DomainError, type ErrorParams } from '@living-lab/domain';

export type DdasErrorCode = 'ddas.key_invalid' | 'ddas.gemeentecode_invalid' | 'ddas.bsn_invalid';

/** Bad input to the DDAS package (a key file, a BSN, a gemeentecode): a coded error, Dutch message. */
export class DdasInputError extends DomainError {
  constructor(code: DdasErrorCode, params?: ErrorParams) {
    super(code, { params });
    this.name = 'DdasInputError';
  }
}
