/**
 * The streamed JSON writer against `JSON.stringify`: the same text, byte for byte, for
 * random values (nested arrays and objects large enough to be walked, toJSON, undefined,
 * non-finite numbers, odd keys and strings with newlines), indented and compact; and the
 * file writer's switch to one line above `compactOver`, as `datasetJsonText` does.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetJsonText, syntheticDataset, writeDatasetFile } from '../src/generate/synthetic-dataset.js';
import { TEMP_FILE_PATTERN, writeJsonFileAtomic } from '../src/util/atomic-write.js';
import { streamJson } from '../src/util/json-stream.js';

const dir = mkdtempSync(join(tmpdir(), 'slackline-json-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function streamed(value: unknown, indent: number): string {
  const pieces: string[] = [];
  streamJson(value, indent, (t) => void pieces.push(t));
  return pieces.join('');
}

const leaf = fc.oneof(fc.string(), fc.constantFrom('a\nb', '"q"', '\u2028'), fc.double(), fc.constantFrom(Number.NaN, Infinity, -0), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant({ toJSON: () => 'from toJSON' }));
const { value: valueArb } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string(), tie('value'), { maxKeys: 3 }), fc.array(fc.integer(), { minLength: 257, maxLength: 300 })),
}));

describe('streamJson', () => {
  it('writes what JSON.stringify writes, indented and compact', () => {
    fc.assert(
      fc.property(fc.array(valueArb, { minLength: 1, maxLength: 4 }), fc.constantFrom(0, 2, 4), (values, indent) => {
        const value = { list: values, wide: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, values[i % values.length]])) };
        expect(streamed(value, indent)).toBe(JSON.stringify(value, null, indent));
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it('writes a dataset file byte for byte as datasetJsonText, indented when small and one line when large', () => {
    for (const [shape, size] of [['chain', 10], ['random-layered', 3000]] as const) {
      const dataset = syntheticDataset({ shape, size, seed: 2, runs: 2, unequal: false });
      const file = join(dir, `${shape}.json`);
      writeDatasetFile(file, dataset);
      const text = datasetJsonText(dataset);
      expect(readFileSync(file, 'utf8')).toBe(text);
      expect(text.split('\n').length > 3).toBe(size === 10);
    }
  });

  it('streams a file too large to build in memory, byte for byte, indented or compact', () => {
    const dataset = syntheticDataset({ shape: 'random-layered', size: 400, seed: 3, runs: 1, unequal: false });
    for (const [indent, compactOver] of [[2, undefined], [0, undefined], [2, 1000]] as const) {
      const file = join(dir, `streamed-${indent}-${compactOver}.json`);
      writeJsonFileAtomic(file, dataset, { indent, ...(compactOver !== undefined ? { compactOver } : {}), inMemoryChars: 100 });
      expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(dataset, null, compactOver !== undefined ? 0 : indent)}\n`);
    }
  });

  it('names the file when it cannot write, and leaves no temporary file', () => {
    expect(() => writeJsonFileAtomic(dir, { a: 1 })).toThrow(/is a folder/);
    expect(() => writeJsonFileAtomic(join(dir, 'x.json'), { bad: 1n })).toThrow(/x\.json.*cannot write the file/);
    expect(readdirSync(dir).filter((f) => TEMP_FILE_PATTERN.test(f))).toEqual([]);
  });
});
