import { padEnd, PLAIN, truncate, visibleLength, wrap, type Style } from './text.js';

const GAP = '  ';
/** A column is not squeezed below this many characters (or its natural width if smaller). */
const MIN_COLUMN = 6;
/** Cells are cut with an ellipsis only in columns at least this wide. */
const MIN_CUT = 10;
/** A table of this many rows or fewer is shown whole, as records, rather than cut. */
const FEW_ROWS = 3;
/** A row taller than this after wrapping is hard to read: cells are cut instead. */
const MAX_ROW_LINES = 3;

/**
 * A table as aligned text lines within `width` columns. When the natural widths do not fit,
 * columns are narrowed (first those long only because of a few values) and their cells
 * wrapped; when that makes rows taller than a few lines, cells are cut with an ellipsis
 * instead, one line a row (`user show` has the rest). When even that cannot fit, or the
 * table has only a few rows, each row is shown as a record of "Column: value" lines.
 * With `cut: false` (help) cells are always wrapped whole.
 */
export function tableLines(
  columns: string[],
  rows: string[][],
  width: number,
  style: Style = PLAIN,
  options = { cut: true },
): string[] {
  if (rows.length === 0) return [];
  const count = columns.length;
  const cell = (row: string[], i: number) => (row[i] ?? '').replace(/\s+/g, ' ').trim();
  const lengths = columns.map((title, i) => [visibleLength(title), ...rows.map((row) => visibleLength(cell(row, i)))]);
  const natural = lengths.map((column) => Math.max(...column));
  const room = width - GAP.length * (count - 1);
  // A header is never broken inside a word.
  const floors = columns.map((title, i) =>
    Math.min(natural[i]!, Math.max(MIN_COLUMN, ...title.split(' ').map(visibleLength))),
  );
  // Wrapped whole (help), a cell is broken inside a word only when the words cannot all fit.
  const longestWord = (i: number) => Math.max(...rows.flatMap((row) => cell(row, i).split(' ').map(visibleLength)));
  const wordFloors = floors.map((floor, i) => Math.min(natural[i]!, Math.max(floor, longestWord(i))));
  const widths =
    (!options.cut && fitWidths(natural, wordFloors, lengths, room)) || fitWidths(natural, floors, lengths, room);
  if (!widths) return recordLines(columns, rows, width, style);

  let body = rows.map((row) => columns.map((_, i) => wrap(cell(row, i), widths[i]!)));
  const height = (cells: string[][]) => Math.max(...cells.map((c) => c.length));
  if (options.cut && body.some((cells) => height(cells) > MAX_ROW_LINES)) {
    // Cut values only in a list long enough to be scanned, and where enough of each value stays to recognise it.
    if (rows.length <= FEW_ROWS || widths.some((w, i) => w < Math.min(natural[i]!, MIN_CUT)))
      return recordLines(columns, rows, width, style);
    body = rows.map((row) => columns.map((_, i) => [truncate(cell(row, i), widths[i]!)]));
  }
  const tall = body.filter((cells) => height(cells) > 1);
  // Blank lines between rows when a wrapped row could be mistaken for two.
  const separate = tall.some((cells) => cells[0]!.length > 1) || tall.length * 3 > body.length;

  const join = (parts: string[]) =>
    parts
      .map((part, i) => (i === count - 1 ? part : padEnd(part, widths[i]!)))
      .join(GAP)
      .trimEnd();
  const headers = columns.map((title, i) => wrap(title, widths[i]!));
  const lines: string[] = [];
  for (let l = 0; l < height(headers); l++) lines.push(style.bold(join(headers.map((h) => h[l] ?? ''))));
  lines.push(style.dim(widths.map((w) => '─'.repeat(w)).join(GAP)));
  body.forEach((cells, r) => {
    if (separate && r > 0) lines.push('');
    for (let l = 0; l < height(cells); l++) lines.push(join(cells.map((c) => c[l] ?? '')));
  });
  return lines;
}

/**
 * Narrows columns one character at a time until the total fits, each time the column where
 * that wraps the fewest cells (a column long only because of its header or of one value goes
 * first), the widest on a tie; null if it cannot fit. `cells` holds each column's header
 * length, then its values' lengths.
 */
function fitWidths(natural: number[], floor: number[], cells: number[][], room: number): number[] | null {
  const widths = [...natural];
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > room) {
    let best = -1;
    let bestCost = Infinity;
    widths.forEach((w, i) => {
      if (w <= floor[i]!) return;
      // Each value that would wrap counts 1; a header on two lines only half as much.
      const [header = 0, ...body] = cells[i]!;
      const cost = body.filter((length) => length > w - 1).length + (header > w - 1 ? 0.5 : 0);
      if (cost < bestCost || (cost === bestCost && w > widths[best]!)) {
        best = i;
        bestCost = cost;
      }
    });
    if (best < 0) return null;
    widths[best]!--;
    total--;
  }
  return widths;
}

/** Every row as aligned "Column: value" lines, rows separated by a blank line. */
export function recordLines(columns: string[], rows: string[][], width: number, style: Style = PLAIN): string[] {
  const lines: string[] = [];
  rows.forEach((row, r) => {
    if (r > 0) lines.push('');
    lines.push(
      ...fieldLines(
        columns.map((label, i) => ({ label, value: row[i] ?? '' })).filter((f) => f.value !== ''),
        width,
        style,
      ),
    );
  });
  return lines;
}

/** "Label: value" lines with the values aligned; long values wrap under themselves. */
export function fieldLines(fields: { label: string; value: string }[], width: number, style: Style = PLAIN): string[] {
  const labelWidth = Math.min(
    Math.max(0, ...fields.map((f) => visibleLength(f.label) + 1)),
    Math.max(12, Math.floor(width / 3)),
  );
  const lines: string[] = [];
  for (const field of fields) {
    const label = `${field.label}:`;
    const labelRows = visibleLength(label) > labelWidth ? wrap(label, labelWidth) : [label];
    const values = wrap(field.value === '' ? '-' : field.value, Math.max(10, width - labelWidth - 1));
    const height = Math.max(labelRows.length, values.length);
    for (let l = 0; l < height; l++) {
      lines.push(`${style.dim(padEnd(labelRows[l] ?? '', labelWidth))} ${values[l] ?? ''}`.trimEnd());
    }
  }
  return lines;
}
