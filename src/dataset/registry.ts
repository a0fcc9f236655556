/**
 * The shipped datasets: a typed static list of the files in `datasets/` (ann-benchmarks'
 * habit of names that carry their properties, without its registry rot: a test checks this
 * list matches the files). Add one entry per new file.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { SlacklineError } from '../errors.js';
import { packagePath } from '../util/package-root.js';

export interface ShippedDataset {
  readonly name: string;
  /** Absolute path of the file. */
  readonly file: string;
  readonly kind: 'synthetic' | 'recorded';
  /** Tasks over all workflows of the dataset. */
  readonly tasks: number;
}

export const SHIPPED_DATASETS_DIR = packagePath('datasets') + sep;

/** name, file inside `datasets/`, kind, task count. */
const ENTRIES: readonly (readonly [name: string, file: string, kind: ShippedDataset['kind'], tasks: number])[] = [
  // Synthetic (src/generate/shipped-synthetic.ts; `npm run datasets:synthetic` remakes them).
  ['chain-10', 'chain-10.json', 'synthetic', 10],
  ['fan-out-fan-in-32', 'fan-out-fan-in-32.json', 'synthetic', 34],
  ['tree-reduction-unequal-64', 'tree-reduction-unequal-64.json', 'synthetic', 127],
  ['map-reduce-100x25', 'map-reduce-100x25.json', 'synthetic', 126],
  ['gemm-4', 'gemm-4.json', 'synthetic', 113],
  ['montage-like-120', 'montage-like-120.json', 'synthetic', 464],
  ['random-layered-1000', 'random-layered-1000.json', 'synthetic', 1000],
  ['random-layered-5000', 'random-layered-5000.json', 'synthetic', 5000],
  // Recorded (converted from real traces): see "Real datasets and credits" in datasets/README.md.
  // WfCommons WfInstances, LGPL-3.0-only (src/import/shipped-real.ts; `npm run datasets:real` remakes them).
  ['wfcommons-montage-103', 'wfcommons-montage-103.json', 'recorded', 103],
  ['wfcommons-montage-1312', 'wfcommons-montage-1312.json', 'recorded', 1312],
  ['wfcommons-epigenomics-1695', 'wfcommons-epigenomics-1695.json', 'recorded', 1695],
  ['wfcommons-1000genome-52', 'wfcommons-1000genome-52.json', 'recorded', 52],
  ['wfcommons-cycles-67', 'wfcommons-cycles-67.json', 'recorded', 67],
  ['wfcommons-soykb-96', 'wfcommons-soykb-96.json', 'recorded', 96],
  ['wfcommons-srasearch-22-5runs', 'wfcommons-srasearch-22-5runs.json', 'recorded', 22],
  ['wfcommons-blast-43', 'wfcommons-blast-43.json', 'recorded', 43],
  ['wfcommons-bwa-104', 'wfcommons-bwa-104.json', 'recorded', 104],
];

const SHIPPED: readonly ShippedDataset[] = ENTRIES.map(([name, file, kind, tasks]) => ({ name, file: resolve(SHIPPED_DATASETS_DIR, file), kind, tasks }));

export function shippedDatasets(): readonly ShippedDataset[] {
  return SHIPPED;
}

export function shippedDataset(name: string): ShippedDataset | undefined {
  return SHIPPED.find((d) => d.name === name);
}

/** A shipped dataset's name, or a path to a dataset file, to the file's absolute path. */
export function resolveDataset(nameOrPath: string): string {
  const shipped = shippedDataset(nameOrPath);
  if (shipped) return shipped.file;
  if (existsSync(nameOrPath) && statSync(nameOrPath).isFile()) return resolve(nameOrPath);
  if (existsSync(nameOrPath)) throw new SlacklineError('dataset', 'is a folder; expected a dataset file or a shipped dataset name', { file: nameOrPath });
  throw new SlacklineError('dataset', `"${nameOrPath}" is neither a shipped dataset nor a file; shipped: ${SHIPPED.map((d) => d.name).join(', ')}`);
}
