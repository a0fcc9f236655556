/**
 * The fast structural check never says yes where the zod schema says no: on every shipped
 * dataset (where both say yes) and on random mutations of a small valid dataset (a key
 * removed, added or retyped anywhere, a number made negative, zero, NaN or infinite, a
 * string emptied, an array holed). Validation messages therefore stay the schema's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJsonFile } from '../src/dataset/load-dataset.js';
import { shippedDatasets } from '../src/dataset/registry.js';
import { datasetSchema } from '../src/dataset/schema.js';
import { hasSoundStructure } from '../src/dataset/sound-structure.js';
import { syntheticDataset } from '../src/generate/synthetic-dataset.js';

/** Every [container, key] of a JSON value, in a fixed order. */
function slots(value: unknown): [Record<string, unknown> | unknown[], string | number][] {
  const out: [Record<string, unknown> | unknown[], string | number][] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) v.forEach((x, i) => (out.push([v, i]), stack.push(x)));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.push([v as Record<string, unknown>, k]), stack.push(x));
  }
  return out;
}

const REPLACEMENTS: unknown[] = [-1, 0, 0.5, 1e308, 2e15, 3e9, 2e6, Number.NaN, Infinity, '', 'x', null, true, [], {}, { extra: 1 }, 'upload', 'cold', 'synthetic', 1.5, 'ffffffffffffffff', 'FFFFFFFFFFFFFFFF'];

describe('hasSoundStructure', () => {
  it('accepts every shipped dataset, as the schema does', () => {
    for (const d of shippedDatasets()) {
      const value = readJsonFile(d.file);
      expect(datasetSchema.safeParse(value).success, d.name).toBe(true);
      expect(hasSoundStructure(value), d.name).toBe(true);
    }
  });

  it('never accepts what the schema rejects, on random mutations', () => {
    const base = JSON.stringify(syntheticDataset({ shape: 'fan-out-fan-in', size: 3, seed: 1, runs: 2, unequal: false }));
    const count = slots(JSON.parse(base)).length;
    let rejected = 0;
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.integer({ min: 0, max: count - 1 }), how: fc.integer({ min: 0, max: REPLACEMENTS.length + 2 }) }), { minLength: 1, maxLength: 3 }), (mutations) => {
        const value = JSON.parse(base) as unknown;
        for (const { at, how } of mutations) {
          const all = slots(value);
          const [container, key] = all[at % all.length]!;
          if (how === REPLACEMENTS.length) {
            if (Array.isArray(container)) delete container[key as number]; // a hole
            else delete container[key as string];
          } else if (how === REPLACEMENTS.length + 1) {
            if (!Array.isArray(container)) container[`${String(key)}Extra`] = 1;
          } else if (how === REPLACEMENTS.length + 2) {
            if (Array.isArray(container)) container.length = 0;
          } else (container as Record<string, unknown>)[key as string] = REPLACEMENTS[how];
        }
        const schemaAccepts = datasetSchema.safeParse(value).success;
        if (!schemaAccepts) rejected++;
        if (hasSoundStructure(value)) expect(schemaAccepts).toBe(true);
      }),
      { numRuns: 1500, seed: 5 },
    );
    expect(rejected).toBeGreaterThan(500);
  });
});
