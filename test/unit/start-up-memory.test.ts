import { describe, expect, it } from 'vitest';
import { releaseStartUpMemory } from '../../src/lib/start-up-memory.js';

describe('releaseStartUpMemory', () => {
  it('collects the garbage start-up left behind, and leaves no gc on the global object', () => {
    let startUp: { row: number; text: string }[] | null = Array.from({ length: 200_000 }, (_, row) => ({
      row,
      text: `row ${row}`,
    }));
    const before = process.memoryUsage().heapUsed;
    expect(startUp.length).toBe(200_000);
    startUp = null;
    const ms = releaseStartUpMemory();
    expect(process.memoryUsage().heapUsed).toBeLessThan(before - 10_000_000);
    expect(ms).toBeGreaterThan(0);
    expect('gc' in globalThis).toBe(false);
  });
});
