import fc from 'fast-check';
import type { z } from 'zod/v4';
import { describe, expect, it } from 'vitest';
import {
  firstNameSchema,
  labelSchema,
  lastNameSchema,
  optionalFirstNameSchema,
  optionalLastNameSchema,
} from '../../src/domain/user-fields.js';

const FIELDS: [string, z.ZodType][] = [
  ['First Name', firstNameSchema],
  ['Last Name', lastNameSchema],
  ['User Label', labelSchema],
  ['First Name', optionalFirstNameSchema],
  ['Last Name', optionalLastNameSchema],
];

/** C0 controls, DEL, C1 controls, and the line and paragraph separators. */
const CONTROLS = [
  ...Array.from({ length: 32 }, (_, i) => i),
  0x7f,
  ...Array.from({ length: 32 }, (_, i) => 0x80 + i),
  0x2028,
  0x2029,
].map((code) => String.fromCodePoint(code));
/** Embeddings, overrides, pop, isolates, and the LRM, RLM and ALM marks. */
const BIDI_CONTROLS = [
  0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c,
].map((code) => String.fromCodePoint(code));

/** Name parts written in many scripts, combining marks and ZWNJ included. */
const PARTS = [
  'Anne',
  'José',
  'Zoë',
  'Łukasz',
  'Ærøskøbing',
  'Nguyễn',
  'Þórunn',
  "O'Brien",
  'Smith-Jones',
  'Mc Donald',
  'Δημήτρης',
  'Александра',
  'Ґалина',
  'محمد',
  'فاطمة',
  'مهرنوش\u200cخانم',
  'דוד',
  'שׂרה',
  'अनन्या',
  'প্রিয়া',
  'ਗੁਰਪ੍ਰੀਤ',
  'தமிழ்செல்வி',
  'สมชาย',
  'ນາງ',
  'ဇော်',
  'ქეთევან',
  'Արամ',
  'ሰላም',
  '李',
  '王小明',
  '佐藤',
  'さくら',
  'カタカナ',
  '김민준',
  'ᠪᠠᠲᠤ',
  'Ṭhākur',
];
const ordinaryName = fc
  .array(fc.constantFrom(...PARTS), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join(' '));
/** Some text with one of `chars` put at any place, ends included. */
const withOne = (chars: string[]) =>
  fc
    .tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...chars), fc.string({ maxLength: 20 }))
    .map(([a, c, b]) => `${a}${c}${b}`);

function messageOf(schema: z.ZodType, value: string): string | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : parsed.error.issues[0]!.message;
}

describe('person names: one rule for First Name, Last Name and User Label', () => {
  it('property: any name with a control character anywhere is refused, naming the field', () => {
    fc.assert(
      fc.property(withOne(CONTROLS), (value) => {
        for (const [label, schema] of FIELDS) {
          expect(messageOf(schema, value)).toBe(
            `${label} must not contain control characters such as tabs or line breaks; type the name on one line`,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: any name with a bidi override, isolate, embedding or mark is refused, naming the field', () => {
    fc.assert(
      fc.property(withOne(BIDI_CONTROLS), (value) => {
        fc.pre(!CONTROLS.some((c) => value.includes(c)));
        for (const [label, schema] of FIELDS) {
          expect(messageOf(schema, value)).toMatch(
            new RegExp(`^${label} must not contain text-direction control characters`),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: ordinary names in many scripts are accepted as typed, trimmed', () => {
    fc.assert(
      fc.property(ordinaryName, fc.constantFrom('', ' ', '  '), (name, pad) => {
        for (const [, schema] of FIELDS) expect(schema.parse(`${pad}${name}${pad}`)).toBe(name);
      }),
    );
  });

  it('refuses a lone surrogate, an empty required name and one over 100 characters', () => {
    expect(messageOf(firstNameSchema, 'Ann\uD800')).toMatch(/^First Name contains a broken character/);
    expect(messageOf(lastNameSchema, '   ')).toBe('Last Name is required');
    expect(messageOf(labelSchema, 'x'.repeat(101))).toBe('User Label must be at most 100 characters');
    expect(optionalFirstNameSchema.parse(undefined)).toBe('');
  });
});
