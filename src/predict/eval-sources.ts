/**
 * The third-party measurement sources `slackline predict-eval --source <id>` converts on
 * the fly (through the project's own converters; nothing is written or shipped: none of
 * them states a license). Each yields recorded runs for the evaluation.
 *
 *   sebs-artifact   SeBS single-function benchmarks, AWS + GCP, 128-3008 MB
 *   sizeless        22 functions x 8 memory sizes (platform unknown)
 *   sebs-flow       SeBS-Flow workflows at several memory sizes: 650.vid, 660.map-reduce,
 *                   670.auth, 680.excamera, 690.ml on AWS and GCP, all modes; funcs are
 *                   renamed `<provider>/<benchmark>/<func>` so that equal names in different
 *                   workflows are not pooled
 *
 * Each source says which platform a func ran on (`cpuProvider`, for the Amdahl models' CPU
 * share): SeBS and SeBS-Flow funcs carry it as their name's first part (`aws/...`,
 * `gcp/...`); Sizeless states no platform (SOURCE.md), so AWS Lambda's share is assumed.
 *
 * The shared folder is `SLACKLINE_SHARED_DATASETS` when set, else `../shared/datasets`
 * beside the repository (the test helper `test/support/shared-datasets.ts` reads the same).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SlacklineError } from '../errors.js';
import { importSebsArtifact } from '../import/sebs-artifact.js';
import { importSizeless } from '../import/sizeless.js';
import { importSebsFlow, SEBS_PROVIDERS } from '../import/sebs-flow/import-sebs-flow.js';
import type { ImportWarning } from '../import/import-warning.js';
import type { RecordedRun } from '../dataset/types.js';
import { isCpuProvider, type CpuProvider } from './cpu-share.js';
import { appendAll } from '../util/append-all.js';
import { packagePath } from '../util/package-root.js';

export type EvalSourceId = 'sebs-artifact' | 'sizeless' | 'sebs-flow';

export interface EvalSourceData {
  readonly description: string;
  readonly runs: readonly RecordedRun[];
  readonly warnings: readonly ImportWarning[];
}

export interface EvalSource {
  readonly id: EvalSourceId;
  /** Folder name under `../shared/datasets`. */
  readonly folder: string;
  load(dir: string): EvalSourceData;
  /** The platform a func of this source ran on. */
  cpuProvider(func: string): CpuProvider;
}

/** `aws/...` -> aws, `gcp/...` -> gcp, `azure/...` -> azure; anything else aws. */
export function providerFromFuncPrefix(func: string): CpuProvider {
  const prefix = func.slice(0, func.indexOf('/'));
  return isCpuProvider(prefix) ? prefix : 'aws';
}

/** Workflows of SeBS-Flow recorded at two or more memory sizes. */
export const SEBS_FLOW_BENCHMARKS = ['650.vid', '660.map-reduce', '670.auth', '680.excamera', '690.ml'] as const;

export const EVAL_SOURCES: readonly EvalSource[] = [
  {
    id: 'sebs-artifact',
    folder: 'sebs-artifact',
    load: (dir) => {
      const { dataset, warnings } = importSebsArtifact(dir);
      return { description: dataset.description, runs: dataset.runs, warnings };
    },
    cpuProvider: providerFromFuncPrefix,
  },
  {
    id: 'sizeless',
    folder: 'sizeless-submission-artefacts',
    load: (dir) => {
      const { dataset, warnings } = importSizeless(dir);
      return { description: dataset.description, runs: dataset.runs, warnings };
    },
    cpuProvider: () => 'aws',
  },
  {
    id: 'sebs-flow',
    folder: 'sebs-flow-artifact',
    load: (dir) => {
      const runs: RecordedRun[] = [];
      const warnings: ImportWarning[] = [];
      for (const benchmark of SEBS_FLOW_BENCHMARKS) {
        for (const provider of SEBS_PROVIDERS) {
          const imported = importSebsFlow(dir, { benchmark, provider });
          appendAll(warnings, imported.warnings);
          for (const run of imported.dataset.runs) {
            const prefix = `${provider}/${benchmark}/`;
            runs.push({ ...run, metrics: { ...run.metrics, tasks: run.metrics.tasks.map((t) => ({ ...t, func: prefix + t.func })) } });
          }
        }
      }
      return { description: `SeBS-Flow workflows ${SEBS_FLOW_BENCHMARKS.join(', ')} on ${SEBS_PROVIDERS.join(' and ')}`, runs, warnings };
    },
    cpuProvider: providerFromFuncPrefix,
  },
];

export function evalSource(id: string): EvalSource {
  const source = EVAL_SOURCES.find((s) => s.id === id);
  if (!source) throw new SlacklineError('predict/eval-sources', `unknown source "${id}": expected one of ${EVAL_SOURCES.map((s) => s.id).join(', ')}`);
  return source;
}

/** `SLACKLINE_SHARED_DATASETS`, else `../shared/datasets` beside the repository (the team's shared folder), absolute. */
export const SHARED_DATASETS_DIR = process.env['SLACKLINE_SHARED_DATASETS'] ? resolve(process.env['SLACKLINE_SHARED_DATASETS']) : packagePath('..', 'shared', 'datasets');

/** The folder of a source under the shared datasets, or undefined when absent. */
export function sharedSourceDir(source: EvalSource): string | undefined {
  const dir = join(SHARED_DATASETS_DIR, source.folder);
  return existsSync(dir) ? dir : undefined;
}
