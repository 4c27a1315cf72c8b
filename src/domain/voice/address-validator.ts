import { checkAddressFormat, type AddressProblem, type E911Address, type E911AddressInput } from './e911-address.js';

/** The outcome of validating an E911 address. */
export type AddressValidation =
  | {
      ok: true;
      /** The address to store, as the validator normalised it. */
      address: E911Address;
      /** Which validator decided: stored with the address and named in the audit event. */
      validatedBy: string;
      /** True only when a service matched the address against a postal or 911 (MSAG) database. */
      verified: boolean;
      notes: string[];
    }
  | { ok: false; validatedBy: string; problems: AddressProblem[] };

/**
 * Checks an E911 address before it is saved. The default checks and normalises the
 * format; a real address-validation service (USPS, or a 911 provider's MSAG check)
 * implements the same interface, normally after `checkAddressFormat`, and says
 * `verified: true` only for an address it found.
 */
export interface AddressValidator {
  readonly name: string;
  validate(input: E911AddressInput): Promise<AddressValidation>;
}

/** The default: format checks and USPS-style normalisation; it does not claim that the address exists. */
export const formatAddressValidator: AddressValidator = {
  name: 'format',
  async validate(input) {
    const check = checkAddressFormat(input);
    if (!check.ok) return { ok: false, validatedBy: 'format', problems: check.problems };
    return {
      ok: true,
      address: check.address,
      validatedBy: 'format',
      verified: false,
      notes: ['Format checked and normalised; the address was not matched against a postal or 911 address database.'],
    };
  },
};
