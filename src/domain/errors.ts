/** Every refusal the service layer can give, as a stable code a front end can switch on. */
export const ERROR_CODES = [
  'VALIDATION.INVALID',
  'AUTH.FORBIDDEN',
  'AUTH.NOT_PORTAL_USER',
  'AUTH.AMBIGUOUS_IDENTITY',
  'ACCOUNT.NOT_FOUND',
  'SITE.NOT_FOUND',
  'USER.NOT_FOUND',
  'USER.DUPLICATE_ID',
  'USER.DUPLICATE_EMAIL',
  'USER.INVALID_STATE',
  'USER.LAST_ADMIN',
  'USER.SELF_ACTION',
  'USER.CONFLICT',
  'INVITE.NOT_PENDING',
  'TOKEN.INVALID',
  'PASSWORD.TOO_SHORT',
  'PASSWORD.TOO_LONG',
  'PASSWORD.CONTAINS_IDENTITY',
  'PASSWORD.COMMON',
  'PASSWORD.PREDICTABLE',
  'IDENTITY.INVALID',
  'VOICE.NOT_FOUND',
  'VOICE.AMBIGUOUS',
  'VOICE.CONFLICT',
  'VOICE.DUPLICATE_NUMBER',
  'VOICE.DUPLICATE_EXTENSION',
  'VOICE.PROVISIONING_FAILED',
  'PIN.MISSING',
  'PIN.NOT_DIGITS',
  'PIN.TOO_SHORT',
  'PIN.TOO_LONG',
  'PIN.ALL_SAME',
  'PIN.SEQUENTIAL',
  'PIN.REPEATING',
  'PIN.CONTAINS_EXTENSION',
  'PIN.CONTAINS_NUMBER',
  'PIN.SAME_AS_PREVIOUS',
  'PIN.MISMATCH',
  'VOICE_PASSWORD.MISSING',
  'VOICE_PASSWORD.TOO_SHORT',
  'VOICE_PASSWORD.TOO_LONG',
  'VOICE_PASSWORD.NO_DIGIT',
  'VOICE_PASSWORD.INVALID_CHARACTERS',
  'VOICE_PASSWORD.MISMATCH',
  'E911.HOUSE_NUMBER_MISSING',
  'E911.HOUSE_NUMBER_INVALID',
  'E911.STREET_MISSING',
  'E911.STREET_INVALID',
  'E911.SUFFIX_INVALID',
  'E911.DIRECTIONAL_INVALID',
  'E911.CITY_MISSING',
  'E911.CITY_TOO_LONG',
  'E911.CITY_INVALID',
  'E911.STATE_INVALID',
  'E911.ZIP_INVALID',
  'E911.COUNTRY_UNSUPPORTED',
  'E911.LOCATION_INVALID',
  'E911.NOT_VERIFIED',
  'E911.VALIDATION_UNAVAILABLE',
  'GRANT.UNKNOWN_PERMISSION',
  'GRANT.ALREADY_HELD',
  'GRANT.ALREADY_ACTIVE',
  'GRANT.TOO_LONG',
  'GRANT.TOO_SHORT',
  'GRANT.NEEDS_APPROVAL',
  'GRANT.NOT_FOUND',
  'GRANT.NOT_ACTIVE',
  'REVIEW.UNKNOWN_PERMISSION',
  'REVIEW.NO_HOLDERS',
  'REVIEW.ALREADY_OPEN',
  'REVIEW.DUE_TOO_LONG',
  'REVIEW.NOT_FOUND',
  'REVIEW.CLOSED',
  'REVIEW.OWN_ACCESS',
  'REVIEW.ALREADY_DECIDED',
  'IMPORT.NOT_FOUND',
  'IMPORT.NOT_IN_PREVIEW',
  'IMPORT.EXPIRED',
  'IMPORT.NOTHING_TO_IMPORT',
  'IMPORT.ROWS_MISMATCH',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number] | (string & { readonly brand?: 'ErrorCode' });

export interface FieldIssue {
  /** The input field (form field) the problem is in. */
  field: string;
  message: string;
}

/**
 * A refusal: a stable code, a message an admin can act on, and, for bad input,
 * the fields at fault. Messages never contain secrets.
 */
export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldIssue[] = [],
  ) {
    super(message);
  }

  static validation(fields: FieldIssue[]): ServiceError {
    const message = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    return new ServiceError('VALIDATION.INVALID', message, fields);
  }

  static field(code: ErrorCode, field: string, message: string): ServiceError {
    return new ServiceError(code, message, [{ field, message }]);
  }
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError;
}
