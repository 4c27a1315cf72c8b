import { DIRECTIONALS, STATES, STREET_SUFFIXES } from './usps.js';

/**
 * The E911 dispatchable address of DESIGN.md, and the format rules every address
 * validator starts from: house number (up to 10), directionals (up to 2 letters), street
 * name and USPS suffix, city (up to 64), US state or territory code, ZIP or ZIP+4,
 * country US, and floor, suite or room.
 */

export const HOUSE_NUMBER_MAX = 10;
export const STREET_NAME_MAX = 60;
export const CITY_MAX = 64;
export const LOCATION_PART_MAX = 20;

/** An address as typed: every part optional, any case, long forms allowed. */
export interface E911AddressInput {
  houseNumber?: string | null;
  preDirectional?: string | null;
  streetName?: string | null;
  streetSuffix?: string | null;
  postDirectional?: string | null;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  country?: string | null;
  floor?: string | null;
  suite?: string | null;
  room?: string | null;
}

export type E911Field = keyof E911AddressInput;

/** An address in the normalised format: upper case, USPS abbreviations, ZIP or ZIP+4. */
export interface E911Address {
  houseNumber: string;
  preDirectional: string | null;
  streetName: string;
  streetSuffix: string | null;
  postDirectional: string | null;
  city: string;
  state: string;
  zip: string;
  country: 'US';
  floor: string | null;
  suite: string | null;
  room: string | null;
}

export const E911_FIELDS: readonly (keyof E911Address)[] = [
  'houseNumber',
  'preDirectional',
  'streetName',
  'streetSuffix',
  'postDirectional',
  'city',
  'state',
  'zip',
  'country',
  'floor',
  'suite',
  'room',
];

export type E911RuleCode =
  | 'E911.HOUSE_NUMBER_MISSING'
  | 'E911.HOUSE_NUMBER_INVALID'
  | 'E911.STREET_MISSING'
  | 'E911.STREET_INVALID'
  | 'E911.SUFFIX_INVALID'
  | 'E911.DIRECTIONAL_INVALID'
  | 'E911.CITY_MISSING'
  | 'E911.CITY_TOO_LONG'
  | 'E911.CITY_INVALID'
  | 'E911.STATE_INVALID'
  | 'E911.ZIP_INVALID'
  | 'E911.COUNTRY_UNSUPPORTED'
  | 'E911.LOCATION_INVALID';

export interface AddressProblem {
  /** One of `E911RuleCode`, or another `E911.*` code of a real address-validation service. */
  code: E911RuleCode | `E911.${string}`;
  field: E911Field;
  message: string;
}

export type AddressCheck = { ok: true; address: E911Address } | { ok: false; problems: AddressProblem[] };

/** Upper case, single spaces, no periods: "Corporate  Park Dr." -> "CORPORATE PARK DR". */
function clean(text: string | null | undefined): string {
  return (text ?? '').normalize('NFKC').toUpperCase().replace(/\./g, '').replace(/\s+/g, ' ').trim();
}

const DIRECTIONAL_HINT = 'use N, S, E, W, NE, NW, SE or SW (or the word, e.g. North), or leave it empty';

function directional(text: string): string | null | undefined {
  if (text === '') return null;
  return DIRECTIONALS.get(text.replace(/ /g, ''));
}

/** "FLOOR 3", "FL 3", "STE #200", "#200" -> "3", "200": the designator is the field itself. */
function locationPart(text: string, designators: string[]): string {
  let value = text;
  for (const word of designators) {
    if (value.startsWith(`${word} `)) {
      value = value.slice(word.length + 1);
      break;
    }
  }
  return value.replace(/^#\s*/, '').trim();
}

/**
 * Checks an address and returns it normalised, or every problem found (each with its
 * field and a message saying what to enter). A missing street suffix is taken from the
 * street name when the name ends with one ("Corporate Park Drive" -> CORPORATE PARK + DR,
 * "Main Street NW" -> MAIN + ST + NW).
 */
export function checkAddressFormat(input: E911AddressInput): AddressCheck {
  const problems: AddressProblem[] = [];
  const problem = (code: E911RuleCode, field: E911Field, message: string) => problems.push({ code, field, message });

  const houseNumber = clean(input.houseNumber);
  if (houseNumber === '') {
    problem(
      'E911.HOUSE_NUMBER_MISSING',
      'houseNumber',
      "The E911 address needs a house number (the building's number on the street), so that responders find the building.",
    );
  } else if (houseNumber.length > HOUSE_NUMBER_MAX) {
    problem(
      'E911.HOUSE_NUMBER_INVALID',
      'houseNumber',
      `House number ${houseNumber} is longer than ${HOUSE_NUMBER_MAX} characters; enter only the building number (put a suite or floor in its own field).`,
    );
  } else if (!/^[0-9A-Z][0-9A-Z /-]*$/.test(houseNumber) || !/[0-9]/.test(houseNumber)) {
    problem(
      'E911.HOUSE_NUMBER_INVALID',
      'houseNumber',
      `House number ${houseNumber} is not a building number; use digits, optionally with a letter, hyphen or fraction (e.g. 2300, 12A, 10 1/2).`,
    );
  }

  let streetWords = clean(input.streetName).split(' ').filter(Boolean);
  let suffixText = clean(input.streetSuffix);
  const preText = clean(input.preDirectional);
  let postText = clean(input.postDirectional);
  // "Main Street NW" typed as the street name: a trailing suffix (and a directional after
  // it) move to their fields. A leading word such as NORTH stays: it may be part of the name.
  if (
    suffixText === '' &&
    postText === '' &&
    streetWords.length > 2 &&
    DIRECTIONALS.has(streetWords.at(-1)!) &&
    STREET_SUFFIXES.has(streetWords.at(-2)!)
  ) {
    postText = streetWords.pop()!;
  }
  if (suffixText === '' && streetWords.length > 1 && STREET_SUFFIXES.has(streetWords.at(-1)!))
    suffixText = streetWords.pop()!;
  const streetName = streetWords.join(' ');

  if (streetName === '') {
    problem('E911.STREET_MISSING', 'streetName', 'The E911 address needs a street name (e.g. CORPORATE PARK).');
  } else if (streetName.length > STREET_NAME_MAX) {
    problem(
      'E911.STREET_INVALID',
      'streetName',
      `The street name is longer than ${STREET_NAME_MAX} characters; enter the name only, with the suffix (ST, DR...) in its own field.`,
    );
  } else if (!/^[0-9A-Z][0-9A-Z '&/-]*$/.test(streetName)) {
    problem(
      'E911.STREET_INVALID',
      'streetName',
      `Street name ${streetName} has characters a street name cannot have; use letters, digits, spaces, hyphens, slashes, apostrophes and &.`,
    );
  }

  const streetSuffix = suffixText === '' ? null : STREET_SUFFIXES.get(suffixText);
  if (streetSuffix === undefined) {
    problem(
      'E911.SUFFIX_INVALID',
      'streetSuffix',
      `Street suffix ${suffixText} is not a USPS street suffix; use one such as ST, AVE, DR, RD, LN, CT, BLVD or PKWY (or the word, e.g. Drive), or leave it empty.`,
    );
  }
  const preDirectional = directional(preText);
  if (preDirectional === undefined)
    problem(
      'E911.DIRECTIONAL_INVALID',
      'preDirectional',
      `Directional ${preText} before the street name is not a direction; ${DIRECTIONAL_HINT}.`,
    );
  const postDirectional = directional(postText);
  if (postDirectional === undefined)
    problem(
      'E911.DIRECTIONAL_INVALID',
      'postDirectional',
      `Directional ${postText} after the street name is not a direction; ${DIRECTIONAL_HINT}.`,
    );

  const city = clean(input.city);
  if (city === '') {
    problem('E911.CITY_MISSING', 'city', 'The E911 address needs a city.');
  } else if ([...city].length > CITY_MAX) {
    problem(
      'E911.CITY_TOO_LONG',
      'city',
      `The city has ${[...city].length} characters; the E911 record holds at most ${CITY_MAX}. Use the postal city name.`,
    );
  } else if (!/^[A-Z][A-Z '-]*$/.test(city)) {
    problem(
      'E911.CITY_INVALID',
      'city',
      `City ${city} has characters a city name cannot have; use letters, spaces, hyphens and apostrophes.`,
    );
  }

  const stateText = clean(input.state);
  const state = STATES.get(stateText);
  if (state === undefined) {
    const shown =
      stateText === '' ? 'The E911 address needs a state' : `State ${stateText} is not a US state or territory`;
    problem('E911.STATE_INVALID', 'state', `${shown}; use its two-letter code, such as VA, SC, DC or PR.`);
  }

  const zipText = clean(input.zip).replace(/ /g, '');
  const zipMatch = /^(\d{5})(?:-?(\d{4}))?$/.exec(zipText);
  let zip = '';
  if (!zipMatch || zipMatch[1] === '00000') {
    const shown = zipText === '' ? 'The E911 address needs a ZIP code' : `ZIP ${zipText} is not a ZIP code`;
    problem('E911.ZIP_INVALID', 'zip', `${shown}; use 5 digits or ZIP+4, e.g. 20171 or 20171-4845.`);
  } else {
    zip = zipMatch[2] ? `${zipMatch[1]}-${zipMatch[2]}` : zipMatch[1]!;
  }

  const countryText = clean(input.country);
  if (!['', 'US', 'USA', 'UNITED STATES', 'UNITED STATES OF AMERICA'].includes(countryText)) {
    problem(
      'E911.COUNTRY_UNSUPPORTED',
      'country',
      `Country ${countryText} is not supported: E911 service here covers US addresses only (country US).`,
    );
  }

  const location: Record<'floor' | 'suite' | 'room', string | null> = { floor: null, suite: null, room: null };
  const designators = { floor: ['FLOOR', 'FLR', 'FL'], suite: ['SUITE', 'STE'], room: ['ROOM', 'RM'] };
  for (const field of ['floor', 'suite', 'room'] as const) {
    const value = locationPart(clean(input[field]), designators[field]);
    if (value === '') continue;
    if (value.length > LOCATION_PART_MAX || !/^[0-9A-Z][0-9A-Z -]*$/.test(value)) {
      problem(
        'E911.LOCATION_INVALID',
        field,
        `The ${field} must be up to ${LOCATION_PART_MAX} letters, digits, spaces or hyphens (e.g. 3, 200, B-12).`,
      );
    } else {
      location[field] = value;
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    address: {
      houseNumber,
      preDirectional: preDirectional ?? null,
      streetName,
      streetSuffix: streetSuffix ?? null,
      postDirectional: postDirectional ?? null,
      city,
      state: state!,
      zip,
      country: 'US',
      ...location,
    },
  };
}

/** The address as the portal shows it: street line, dispatchable location, then city,state,country,zip. */
export function formatAddressLines(address: E911Address): string[] {
  const street = [
    address.houseNumber,
    address.preDirectional,
    address.streetName,
    address.streetSuffix,
    address.postDirectional,
  ]
    .filter(Boolean)
    .join(' ');
  const location = [
    address.floor ? `FL ${address.floor}` : null,
    address.suite ? `STE ${address.suite}` : null,
    address.room ? `RM ${address.room}` : null,
  ]
    .filter(Boolean)
    .join(' ');
  return [
    street,
    ...(location ? [location] : []),
    `${address.city},${address.state},${address.country},${address.zip}`,
  ];
}
