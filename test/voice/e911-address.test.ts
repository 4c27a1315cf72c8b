import { describe, expect, it } from 'vitest';
import { formatAddressValidator } from '../../src/domain/voice/address-validator.js';
import { checkAddressFormat, formatAddressLines, type E911AddressInput } from '../../src/domain/voice/e911-address.js';
import { STREET_SUFFIXES } from '../../src/domain/voice/usps.js';

const herndon: E911AddressInput = {
  houseNumber: '2300',
  streetName: 'Corporate Park',
  streetSuffix: 'Drive',
  city: 'Herndon',
  state: 'va',
  zip: '20171-4845',
};

function problems(input: E911AddressInput) {
  const check = checkAddressFormat(input);
  if (check.ok) throw new Error('expected problems');
  return check.problems;
}

describe('E911 address format', () => {
  it('normalises to upper case with USPS abbreviations, as the portal prints it', () => {
    const check = checkAddressFormat({ ...herndon, suite: 'Suite 200' });
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.address).toEqual({
      houseNumber: '2300',
      preDirectional: null,
      streetName: 'CORPORATE PARK',
      streetSuffix: 'DR',
      postDirectional: null,
      city: 'HERNDON',
      state: 'VA',
      zip: '20171-4845',
      country: 'US',
      floor: null,
      suite: '200',
      room: null,
    });
    expect(formatAddressLines(check.address)).toEqual([
      '2300 CORPORATE PARK DR',
      'STE 200',
      'HERNDON,VA,US,20171-4845',
    ]);
  });

  it('abbreviates directionals and suffixes, takes state names, joins ZIP+4, and splits a suffix typed into the street name', () => {
    const check = checkAddressFormat({
      houseNumber: ' 12a ',
      preDirectional: 'north',
      streetName: 'main  street',
      postDirectional: 'S.W.',
      city: 'little  river',
      state: 'South Carolina',
      zip: '29566 1234',
      country: 'United States',
      floor: 'Floor 3',
      room: '#12',
    });
    expect(check).toMatchObject({
      ok: true,
      address: {
        houseNumber: '12A',
        preDirectional: 'N',
        streetName: 'MAIN',
        streetSuffix: 'ST',
        postDirectional: 'SW',
        city: 'LITTLE RIVER',
        state: 'SC',
        zip: '29566-1234',
        country: 'US',
        floor: '3',
        room: '12',
      },
    });
    expect(checkAddressFormat({ ...herndon, streetName: 'Main Street NW', streetSuffix: '' })).toMatchObject({
      ok: true,
      address: { streetName: 'MAIN', streetSuffix: 'ST', postDirectional: 'NW' },
    });
    expect(checkAddressFormat({ ...herndon, streetName: 'Broadway', streetSuffix: null })).toMatchObject({
      ok: true,
      address: { streetName: 'BROADWAY', streetSuffix: null },
    });
    expect(checkAddressFormat({ ...herndon, state: 'PR', zip: '00901' })).toMatchObject({
      ok: true,
      address: { state: 'PR', zip: '00901' },
    });
  });

  it('refuses an address without a house number', () => {
    expect(problems({ ...herndon, houseNumber: '' })).toEqual([
      expect.objectContaining({ code: 'E911.HOUSE_NUMBER_MISSING', field: 'houseNumber' }),
    ]);
    expect(problems({ ...herndon, houseNumber: undefined })[0]!.code).toBe('E911.HOUSE_NUMBER_MISSING');
    expect(problems({ ...herndon, houseNumber: '12345678901' })[0]!.code).toBe('E911.HOUSE_NUMBER_INVALID');
    expect(problems({ ...herndon, houseNumber: 'Rear' })[0]!.code).toBe('E911.HOUSE_NUMBER_INVALID');
  });

  it('refuses a bad state', () => {
    for (const state of ['XX', 'Virginny', '', 'V', 'AA']) {
      expect(problems({ ...herndon, state })).toEqual([
        expect.objectContaining({ code: 'E911.STATE_INVALID', field: 'state' }),
      ]);
    }
  });

  it('refuses a bad ZIP', () => {
    for (const zip of ['2017', '201711', '20171-48', 'ABCDE', '00000', '', '20171-48451']) {
      expect(problems({ ...herndon, zip }), zip).toEqual([
        expect.objectContaining({ code: 'E911.ZIP_INVALID', field: 'zip' }),
      ]);
    }
  });

  it('refuses a city over 64 characters, and accepts one of exactly 64', () => {
    expect(problems({ ...herndon, city: 'A'.repeat(65) })).toEqual([
      expect.objectContaining({ code: 'E911.CITY_TOO_LONG', field: 'city' }),
    ]);
    expect(checkAddressFormat({ ...herndon, city: 'A'.repeat(64) }).ok).toBe(true);
    expect(problems({ ...herndon, city: '' })[0]!.code).toBe('E911.CITY_MISSING');
    expect(problems({ ...herndon, city: 'Herndon 2' })[0]!.code).toBe('E911.CITY_INVALID');
  });

  it('refuses unknown suffixes and directionals, non-US countries and odd locations, naming each field', () => {
    const found = problems({
      ...herndon,
      streetSuffix: 'Drv.x',
      preDirectional: 'Up',
      postDirectional: 'NNE',
      country: 'Canada',
      suite: 'Suite #200!',
    });
    expect(found.map((p) => [p.code, p.field])).toEqual([
      ['E911.SUFFIX_INVALID', 'streetSuffix'],
      ['E911.DIRECTIONAL_INVALID', 'preDirectional'],
      ['E911.DIRECTIONAL_INVALID', 'postDirectional'],
      ['E911.COUNTRY_UNSUPPORTED', 'country'],
      ['E911.LOCATION_INVALID', 'suite'],
    ]);
    expect(problems({ ...herndon, streetName: '' })[0]!.code).toBe('E911.STREET_MISSING');
  });

  it('reports every problem at once, each with a message that says what to enter', () => {
    const found = problems({ houseNumber: '', streetName: 'Main', city: 'B'.repeat(70), state: 'ZZ', zip: '123' });
    expect(found.map((p) => p.code)).toEqual([
      'E911.HOUSE_NUMBER_MISSING',
      'E911.CITY_TOO_LONG',
      'E911.STATE_INVALID',
      'E911.ZIP_INVALID',
    ]);
    for (const problem of found) expect(problem.message).toMatch(/use|needs|enter|holds at most/i);
  });

  it('has a consistent USPS suffix table (every spelling maps to a standard abbreviation)', () => {
    expect(STREET_SUFFIXES.get('PARKWAY')).toBe('PKWY');
    expect(STREET_SUFFIXES.get('AVENUE')).toBe('AVE');
    expect(STREET_SUFFIXES.get('CROSSING')).toBe('XING');
    const standards = new Set(STREET_SUFFIXES.values());
    for (const standard of standards) expect(STREET_SUFFIXES.get(standard)).toBe(standard);
    expect(standards.size).toBeGreaterThan(190);
  });

  it('the default validator normalises but does not claim that the address exists', async () => {
    const result = await formatAddressValidator.validate(herndon);
    expect(result).toMatchObject({ ok: true, validatedBy: 'format', verified: false });
    expect(await formatAddressValidator.validate({ ...herndon, zip: 'x' })).toMatchObject({
      ok: false,
      validatedBy: 'format',
    });
  });
});
