import { z } from 'zod/v4';
import { emailSchema } from '../user-fields.js';
import {
  directoryNameSchema,
  extensionSchema,
  optionalVoiceNumberSchema,
  timeZoneSchema,
} from '../voice/voice-fields.js';

/**
 * The inputs of the voice operations (`voice.edit`, `voice.pin`, `voice.password`, `voice.e911`),
 * and what their forms (views/forms/voice-forms.ts) validate a submission with.
 */

const clearable = <T extends z.ZodType>(schema: T) => z.union([z.literal('').transform(() => null), z.null(), schema]);

export const MAX_EMAIL_COPIES = 10;

export const editVoiceUserInput = z.object({
  user: z
    .string({ error: 'Give the voice user: a phone number, extension, name or email' })
    .trim()
    .min(1, 'Give the voice user: a phone number, extension, name or email'),
  expectedVersion: z.number().int().positive().optional(),
  name: directoryNameSchema('User').optional(),
  directoryFirstName: directoryNameSchema('Directory First Name').optional(),
  directoryLastName: directoryNameSchema('Directory Last Name').optional(),
  timeZone: clearable(timeZoneSchema).optional(),
  phoneNumber: optionalVoiceNumberSchema('Phone Number').optional(),
  extension: clearable(extensionSchema).optional(),
  callerIdNumber: optionalVoiceNumberSchema('Caller ID Phone Number').optional(),
  email: clearable(emailSchema).optional(),
  services: z
    .object({
      zeroOut: z
        .object({
          enabled: z.boolean().optional(),
          phoneNumber: optionalVoiceNumberSchema("'0' Out Phone Number").optional(),
        })
        .optional(),
      callRecording: z.boolean().optional(),
      fax: z.boolean().optional(),
      transcription: z.boolean().optional(),
      audioConferencing: z
        .object({
          enabled: z.boolean().optional(),
          conferenceId: clearable(
            z
              .string()
              .trim()
              .regex(/^[0-9]{4,12}$/, 'Conference ID must be 4 to 12 digits'),
          ).optional(),
          bridgeName: clearable(directoryNameSchema('Bridge Name')).optional(),
          bridgeNumber: optionalVoiceNumberSchema('Bridge Number').optional(),
        })
        .optional(),
      emailCopies: z
        .object({
          enabled: z.boolean().optional(),
          addresses: z
            .array(emailSchema)
            .max(MAX_EMAIL_COPIES, `At most ${MAX_EMAIL_COPIES} addresses can get message copies`)
            .optional(),
        })
        .optional(),
    })
    .optional(),
});

export const setVoicePinInput = z.object({
  user: z
    .string({ error: 'Give the voice user: a phone number, extension, name or email' })
    .trim()
    .min(1, 'Give the voice user: a phone number, extension, name or email'),
  /** A typed PIN; leave it out and set `generate` for a generated one. */
  pin: z
    .string({ error: 'The PIN must be given as text of digits' })
    .max(100, 'The PIN must be 4 to 8 digits')
    .optional(),
  /** The PIN typed again, as the portal's Confirm PIN field; checked when given. */
  confirmPin: z
    .string({ error: 'The confirmation must be given as text of digits' })
    .max(100, 'The PIN must be 4 to 8 digits')
    .optional(),
  generate: z.boolean().default(false),
});

export const setVoicePasswordInput = z.object({
  user: z
    .string({ error: 'Give the voice user: a phone number, extension, name or email' })
    .trim()
    .min(1, 'Give the voice user: a phone number, extension, name or email'),
  password: z
    .string({ error: 'The password must be given as text' })
    .max(1000, 'The password can have at most 64 characters')
    .optional(),
  confirmPassword: z
    .string({ error: 'The confirmation must be given as text' })
    .max(1000, 'The password can have at most 64 characters')
    .optional(),
  generate: z.boolean().default(false),
});

const part = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .max(200, `${label} is too long`)
    .nullable()
    .optional();

/** The dispatchable address as typed; every rule is the address validator's, with its own code. */
export const changeE911Input = z.object({
  user: z
    .string({ error: 'Give the voice user: a phone number, extension, name or email' })
    .trim()
    .min(1, 'Give the voice user: a phone number, extension, name or email'),
  houseNumber: part('House number'),
  preDirectional: part('Directional'),
  streetName: part('Street name'),
  streetSuffix: part('Street suffix'),
  postDirectional: part('Directional'),
  city: part('City'),
  state: part('State'),
  zip: part('ZIP'),
  country: part('Country'),
  floor: part('Floor'),
  suite: part('Suite'),
  room: part('Room'),
});
