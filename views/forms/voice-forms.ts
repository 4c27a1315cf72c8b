import { z } from 'zod/v4';
import {
  changeE911Input,
  editVoiceUserInput,
  setVoicePasswordInput,
  setVoicePinInput,
} from '../../src/domain/inputs/voice-inputs.js';
import { checkAddressFormat, type E911AddressInput } from '../../src/domain/voice/e911-address.js';
import { VISIBLE_SECRET_HINT, type Choice, type FieldDefinition, type FormDefinition } from '../form.js';

const text = (id: string, label: string, extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  id,
  label,
  kind: 'text',
  required: false,
  maxLength: 100,
  ...extra,
});
const flag = (id: string, label: string): FieldDefinition => ({ id, label, kind: 'checkbox', required: false });
const phone = (id: string, label: string): FieldDefinition => ({
  id,
  label,
  kind: 'phone',
  required: false,
  maxLength: 32,
  hint: 'With the country code, e.g. +1 703 935 1814; empty to clear',
});

const raw = (value: unknown) => value as Record<string, unknown>;
const isOn = (value: unknown) => value === true || value === 'true';
const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

/** The time zones of US voice sites, as the portal's picker offers them. */
export const US_TIME_ZONES: Choice[] = [
  ['US/Eastern', 'Eastern'],
  ['US/Central', 'Central'],
  ['US/Mountain', 'Mountain'],
  ['US/Arizona', 'Arizona'],
  ['US/Pacific', 'Pacific'],
  ['US/Alaska', 'Alaska'],
  ['US/Hawaii', 'Hawaii'],
  ['America/Puerto_Rico', 'Atlantic (Puerto Rico)'],
].map(([value, label]) => ({ value: value!, label: `${label} (${value})` }));

export const voiceDetailsForm: FormDefinition = {
  id: 'voice-edit',
  title: 'Voice user details',
  submitLabel: 'Save',
  fields: [
    text('name', 'User', { required: true }),
    text('directoryFirstName', 'Directory First Name', { required: true }),
    text('directoryLastName', 'Directory Last Name', { required: true }),
    text('extension', 'Extension', { maxLength: 6, hint: '2 to 6 digits' }),
    phone('phoneNumber', 'Phone Number'),
    phone('callerIdNumber', 'Caller ID Phone Number'),
    { id: 'email', label: 'Email', kind: 'email', required: false, maxLength: 254 },
    { id: 'timeZone', label: 'Time Zone', kind: 'select', required: false, choices: US_TIME_ZONES },
    flag('zeroOutEnabled', "'0' Out"),
    phone('zeroOutNumber', "'0' Out Phone Number"),
    flag('callRecording', 'Call Recording'),
    flag('fax', 'Fax'),
    flag('transcription', 'Voicemail Transcription'),
    flag('audioConferencing', 'Audio Conferencing'),
    flag('emailCopiesEnabled', 'Email Message Copies'),
    {
      id: 'emailCopyAddresses',
      label: 'Copies To',
      kind: 'textarea',
      required: false,
      maxLength: 2600,
      hint: 'One email address per line',
    },
  ],
  schema: z.preprocess((input) => {
    const v = raw(input);
    const addresses =
      typeof v.emailCopyAddresses === 'string' ? v.emailCopyAddresses.split(/[\s,;]+/).filter(Boolean) : [];
    return {
      user: v.user,
      expectedVersion: v.expectedVersion,
      name: v.name,
      directoryFirstName: v.directoryFirstName,
      directoryLastName: v.directoryLastName,
      extension: v.extension ?? '',
      phoneNumber: v.phoneNumber ?? '',
      callerIdNumber: v.callerIdNumber ?? '',
      email: v.email ?? '',
      timeZone: blank(v.timeZone) ? undefined : v.timeZone,
      services: {
        zeroOut: { enabled: isOn(v.zeroOutEnabled), phoneNumber: v.zeroOutNumber ?? '' },
        callRecording: isOn(v.callRecording),
        fax: isOn(v.fax),
        transcription: isOn(v.transcription),
        audioConferencing: { enabled: isOn(v.audioConferencing) },
        emailCopies: { enabled: isOn(v.emailCopiesEnabled), addresses },
      },
    };
  }, editVoiceUserInput),
};

export const voicePinForm: FormDefinition = {
  id: 'voice-pin',
  title: 'Voicemail PIN',
  submitLabel: 'Set PIN',
  intro:
    'A new initial PIN: 4 to 8 digits, not all the same, not in a run (1234), not a repeated pattern (1212), not containing the extension or the last 4 digits of the number, not the previous PIN. The user must change it at first use.',
  fields: [
    { id: 'pin', label: 'New PIN', kind: 'secret', required: false, maxLength: 8, hint: VISIBLE_SECRET_HINT },
    { id: 'confirmPin', label: 'Confirm PIN', kind: 'secret', required: false, maxLength: 8 },
  ],
  schema: z.preprocess((input) => {
    const v = raw(input);
    return blank(v.pin)
      ? { user: v.user, generate: true }
      : { user: v.user, pin: v.pin, confirmPin: blank(v.confirmPin) ? '' : v.confirmPin, generate: false };
  }, setVoicePinInput),
};

export const voicePasswordForm: FormDefinition = {
  id: 'voice-password',
  title: 'Voice Manager password',
  submitLabel: 'Set password',
  intro: 'The Voice Manager/WebEx password: 8 to 64 characters with at least one digit.',
  fields: [
    {
      id: 'password',
      label: 'New password',
      kind: 'secret',
      required: false,
      maxLength: 64,
      hint: VISIBLE_SECRET_HINT,
    },
    { id: 'confirmPassword', label: 'Confirm password', kind: 'secret', required: false, maxLength: 64 },
  ],
  schema: z.preprocess((input) => {
    const v = raw(input);
    return blank(v.password)
      ? { user: v.user, generate: true }
      : {
          user: v.user,
          password: v.password,
          confirmPassword: blank(v.confirmPassword) ? '' : v.confirmPassword,
          generate: false,
        };
  }, setVoicePasswordInput),
};

/**
 * The address's format rules (ZIP, state, directionals, suffix...), each on its own field: the
 * console checks a field by them as it is answered, Slack and Teams on submit.
 */
function e911FormatRules(address: E911AddressInput, ctx: z.RefinementCtx): void {
  const check = checkAddressFormat(address);
  if (check.ok) return;
  for (const problem of check.problems)
    ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
}

export const voiceE911Form: FormDefinition = {
  id: 'voice-e911',
  title: 'E911 address',
  submitLabel: 'Save address',
  intro:
    'The dispatchable location emergency services are sent to. Include the floor, suite or room where there is one.',
  fields: [
    text('houseNumber', 'House number', { required: true, maxLength: 10 }),
    text('preDirectional', 'Directional (before street)', { maxLength: 10, hint: 'N, S, E, W, NE, NW, SE or SW' }),
    text('streetName', 'Street name', { required: true, maxLength: 60 }),
    text('streetSuffix', 'Street suffix', { maxLength: 20, hint: 'e.g. ST, AVE, RD, BLVD' }),
    text('postDirectional', 'Directional (after street)', { maxLength: 10 }),
    text('city', 'City', { required: true, maxLength: 64 }),
    text('state', 'State', { required: true, maxLength: 20, hint: 'Two-letter code, e.g. VA' }),
    text('zip', 'ZIP code', { required: true, maxLength: 10, hint: '5 digits or ZIP+4, e.g. 20171 or 20171-1234' }),
    text('floor', 'Floor', { maxLength: 20 }),
    text('suite', 'Suite', { maxLength: 20 }),
    text('room', 'Room', { maxLength: 20 }),
  ],
  schema: z.preprocess((input) => {
    const v = raw(input);
    const part = (key: string) => (blank(v[key]) ? null : v[key]);
    const fields = [
      'houseNumber',
      'preDirectional',
      'streetName',
      'streetSuffix',
      'postDirectional',
      'city',
      'state',
      'zip',
      'floor',
      'suite',
      'room',
    ];
    return { user: v.user, country: 'US', ...Object.fromEntries(fields.map((key) => [key, part(key)])) };
  }, changeE911Input.superRefine(e911FormatRules)),
};

export const VOICE_FORMS = [voiceDetailsForm, voicePinForm, voicePasswordForm, voiceE911Form];
