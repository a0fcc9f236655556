import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedDataset } from '../src/dataset/registry.js';
import { DATASETS_DIR, SHIPPED_SYNTHETIC } from '../src/generate/shipped-synthetic.js';
import { datasetJsonText, syntheticDataset } from '../src/generate/synthetic-dataset.js';

describe('shipped synthetic datasets', () => {
  it.each(SHIPPED_SYNTHETIC.map((o) => [`${o.shape} ${o.size}`, o] as const))('%s is exactly what `npm run datasets:synthetic` makes, and is registered', (_label, options) => {
    const dataset = syntheticDataset(options);
    const file = join(DATASETS_DIR, `${dataset.name}.json`);
    expect(readFileSync(file, 'utf8') === datasetJsonText(dataset), `${file} differs from a fresh generation: run npm run datasets:synthetic`).toBe(true);
    const entry = shippedDataset(dataset.name);
    expect(entry?.kind).toBe('synthetic');
    expect(entry?.tasks).toBe(dataset.workflows[0]!.tasks.length);
    expect(dataset.source.origin).toContain(`--seed ${options.seed}`);
    expect(Buffer.byteLength(datasetJsonText(dataset))).toBeLessThan(8_000_000);
  });

  it('spans 10 to 5,000 tasks and includes a tree reduction with unequal branches', () => {
    const sizes = SHIPPED_SYNTHETIC.map((o) => shippedDataset(syntheticDataset({ ...o, runs: 0 }).name)!.tasks);
    expect(Math.min(...sizes)).toBe(10);
    expect(Math.max(...sizes)).toBe(5000);
    expect(SHIPPED_SYNTHETIC.some((o) => o.shape === 'tree-reduction' && o.unequal)).toBe(true);
  });
});
