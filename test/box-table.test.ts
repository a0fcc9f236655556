/**
 * The linear box table draws what cli-table3 (plain style) draws, character for character:
 * random heads and rows of ASCII, numbers, empty and missing cells, newlines and wide
 * characters; and an empty table.
 */
import Table from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxTable, type Cell } from '../src/cli/box-table.js';

function reference(head: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const table = new Table({ head: [...head], style: { head: [], border: [] } });
  for (const row of rows) table.push(row.map((c) => (c === undefined ? '' : c)) as never);
  return table.toString();
}

const cell = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'b', 'Z', '1', ' ', '-', 'é', '中', '\n') }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null));

describe('boxTable', () => {
  it('matches cli-table3 on random tables', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((columns) => fc.tuple(fc.array(fc.string({ unit: fc.constantFrom('a', 'x', 'é') , minLength: 1, maxLength: 6 }), { minLength: columns, maxLength: columns }), fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 6 }))), ([head, rows]) => {
        expect(boxTable(head, rows)).toBe(reference(head, rows));
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('draws a head-only table', () => {
    expect(boxTable(['a', 'bb'], [])).toBe(reference(['a', 'bb'], []));
  });
});
