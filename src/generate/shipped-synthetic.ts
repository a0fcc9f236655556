/**
 * The synthetic datasets shipped in `datasets/`, and how they were made. Running this file
 * (`npm run datasets:synthetic`) regenerates them; the output is the same byte for byte,
 * since every generator and the recorder are seeded.
 */
import { pathToFileURL } from 'node:url';
import { join, sep } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { datasetJsonText, syntheticDataset } from './synthetic-dataset.js';
import type { SyntheticDatasetOptions } from './synthetic-dataset.js';
import { packagePath } from '../util/package-root.js';

export const SHIPPED_SYNTHETIC: readonly SyntheticDatasetOptions[] = [
  { shape: 'chain', size: 10, seed: 1, runs: 8 },
  { shape: 'fan-out-fan-in', size: 32, seed: 2, runs: 8 },
  { shape: 'tree-reduction', size: 64, unequal: true, seed: 3, runs: 8 },
  { shape: 'map-reduce', size: 100, seed: 4, runs: 5 },
  { shape: 'gemm', size: 4, seed: 5, runs: 6 },
  { shape: 'montage-like', size: 120, seed: 6, runs: 6 },
  { shape: 'random-layered', size: 1000, seed: 7, runs: 4 },
  { shape: 'random-layered', size: 5000, seed: 8, runs: 2 },
];

export const DATASETS_DIR = packagePath('datasets') + sep;

export function writeShippedSynthetic(dir = DATASETS_DIR): string[] {
  return SHIPPED_SYNTHETIC.map((options) => {
    const dataset = syntheticDataset(options);
    const file = join(dir, `${dataset.name}.json`);
    writeFileAtomic(file, datasetJsonText(dataset));
    return file;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const file of writeShippedSynthetic()) console.log(`wrote ${file}`);
}
