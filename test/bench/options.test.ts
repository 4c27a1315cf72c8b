import { expect, it } from 'vitest';
import { parseOptions } from '../../scripts/bench/options.js';

it('the fake Bot Connector answers at once unless --connector-ms says how long it takes', () => {
  expect(parseOptions([]).connectorMs).toBe(0);
  expect(parseOptions(['--connector-ms', '150']).connectorMs).toBe(150);
  expect(parseOptions(['--connector-ms', '0', '--only', 'teams']).only).toEqual(['teams']);
});

it('refuses a --connector-ms that is not a non-negative whole number, naming it', () => {
  for (const bad of ['-1', '1.5', 'soon'])
    expect(() => parseOptions(['--connector-ms', bad])).toThrow(/--connector-ms needs a non-negative whole number/);
  expect(() => parseOptions(['--seconds', '0'])).toThrow(/--seconds needs a positive whole number/);
  expect(() => parseOptions(['--connectorms', '5'])).toThrow(/unknown option --connectorms/);
});
