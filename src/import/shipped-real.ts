/**
 * The real (recorded) datasets shipped in `datasets/`: WfCommons WfInstances converted by
 * the WfCommons importer (LGPL-3.0-only; credits in datasets/README.md, "Real datasets and
 * credits"). Running this file (`npm run datasets:real`) regenerates them from
 * `../shared/datasets/wfcommons-wfinstances` (or SLACKLINE_WFINSTANCES_DIR); the output is
 * identical byte for byte (uuids are seeded from the files' bytes, no clock is read).
 * SeBS-Flow and other sources without a license are never shipped.
 */
import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SlacklineError } from '../errors.js';
import { datasetJsonText } from '../generate/synthetic-dataset.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { formatWarnings } from './import-warning.js';
import { importWfCommons } from './wfcommons/import-wfcommons.js';
import { packagePath } from '../util/package-root.js';

export const WFINSTANCES_REPOSITORY = 'https://github.com/wfcommons/WfInstances';
export const WFINSTANCES_COMMIT = 'f085867f2f9d0b266835295605a6db2c434fe69b';
export const WFINSTANCES_LICENSE = 'LGPL-3.0-only';

export interface ShippedRealDataset {
  /** Dataset name = file name without `.json`; carries app, task count and runs. */
  readonly name: string;
  /** Paths inside the WfInstances repository (= under the shared copy). */
  readonly files: readonly string[];
  readonly tasks: number;
}

export const SHIPPED_REAL: readonly ShippedRealDataset[] = [
  { name: 'wfcommons-montage-103', files: ['pegasus/montage/montage-chameleon-2mass-01d-001.json'], tasks: 103 },
  { name: 'wfcommons-montage-1312', files: ['pegasus/montage/montage-chameleon-2mass-04d-001.json'], tasks: 1312 },
  { name: 'wfcommons-epigenomics-1695', files: ['pegasus/epigenomics/epigenomics-chameleon-ilmn-6seq-50k-001.json'], tasks: 1695 },
  { name: 'wfcommons-1000genome-52', files: ['pegasus/1000genome/1000genome-chameleon-2ch-100k-001.json'], tasks: 52 },
  { name: 'wfcommons-cycles-67', files: ['pegasus/cycles/cycles-chameleon-1l-1c-9p-001.json'], tasks: 67 },
  { name: 'wfcommons-soykb-96', files: ['pegasus/soykb/soykb-chameleon-10fastq-10ch-001.json'], tasks: 96 },
  {
    name: 'wfcommons-srasearch-22-5runs',
    files: [1, 2, 3, 4, 5].map((k) => `pegasus/srasearch/srasearch-chameleon-10a-00${k}.json`),
    tasks: 22,
  },
  { name: 'wfcommons-blast-43', files: ['makeflow/blast/blast-chameleon-small-001.json'], tasks: 43 },
  { name: 'wfcommons-bwa-104', files: ['makeflow/bwa/bwa-chameleon-small-001.json'], tasks: 104 },
];

export const DATASETS_DIR = packagePath('datasets') + sep;

/** The shared WfInstances copy: SLACKLINE_WFINSTANCES_DIR or ../shared/datasets/wfcommons-wfinstances. */
export function wfInstancesDir(): string {
  return process.env.SLACKLINE_WFINSTANCES_DIR ?? resolve(DATASETS_DIR, '../../shared/datasets/wfcommons-wfinstances');
}

/** Converts one shipped dataset from the shared copy (no file written). */
export function convertShippedReal(entry: ShippedRealDataset, sourceDir = wfInstancesDir()) {
  const paths = entry.files.map((f) => join(sourceDir, f));
  for (const p of paths) if (!existsSync(p)) throw new SlacklineError('import/shipped-real', 'WfInstances file not found (set SLACKLINE_WFINSTANCES_DIR)', { file: p });
  return importWfCommons(paths, {
    name: entry.name,
    displayName: (p) => entry.files[paths.indexOf(p)]!,
    source: {
      origin: `${WFINSTANCES_REPOSITORY} (commit ${WFINSTANCES_COMMIT}), converted by slackline import wfcommons`,
      license: WFINSTANCES_LICENSE,
      url: WFINSTANCES_REPOSITORY,
      files: entry.files,
    },
  });
}

export function writeShippedReal(dir = DATASETS_DIR, sourceDir = wfInstancesDir()): { file: string; warnings: number; lines: string[] }[] {
  return SHIPPED_REAL.map((entry) => {
    const { dataset, warnings } = convertShippedReal(entry, sourceDir);
    const file = join(dir, `${entry.name}.json`);
    writeFileAtomic(file, datasetJsonText(dataset));
    return { file, warnings: warnings.length, lines: formatWarnings(warnings, 3) };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const { file, warnings, lines } of writeShippedReal()) {
    console.log(`wrote ${file} (${warnings} warning(s))`);
    for (const line of lines) console.log(`  ${line}`);
  }
}
