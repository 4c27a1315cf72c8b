import { describe, expect, it } from 'vitest';
import { exportFileName, failedRowsFileName } from '../../src/services/imports/file-names.js';

const at = new Date('2026-12-01T03:10:59.999Z');

describe('the names of the files handed out', () => {
  it('carry the minute in UTC, without a colon', () => {
    expect(exportFileName('all', at)).toBe('users-all-2026-12-01-0310-UTC.csv');
    expect(failedRowsFileName('people.csv', at)).toBe('people-failed-2026-12-01-0310-UTC.csv');
    expect(failedRowsFileName('People.CSV', at)).toBe('People-failed-2026-12-01-0310-UTC.csv');
  });

  it('a file of failed rows imported again is stamped anew, not stamped twice', () => {
    const later = new Date('2026-12-01T04:00:00Z');
    expect(failedRowsFileName('people-failed-2026-12-01-0310-UTC.csv', later)).toBe(
      'people-failed-2026-12-01-0400-UTC.csv',
    );
    expect(failedRowsFileName('people-failed.csv', later)).toBe('people-failed-2026-12-01-0400-UTC.csv');
  });

  it('fits a download (200 characters) even for the longest upload name', () => {
    const name = failedRowsFileName(`${'x'.repeat(251)}.csv`, at);
    expect(name.length).toBeLessThanOrEqual(200);
    expect(name).toMatch(/^x+-failed-2026-12-01-0310-UTC\.csv$/);
  });
});
