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
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SlacklineError } from '../errors.js';
import { importSebsArtifact } from '../import/sebs-artifact.js';
import { importSizeless } from '../import/sizeless.js';
import { importSebsFlow, SEBS_PROVIDERS } from '../import/sebs-flow/import-sebs-flow.js';
import type { ImportWarning } from '../import/import-warning.js';
import type { RecordedRun } from '../dataset/types.js';
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
  },
  {
    id: 'sizeless',
    folder: 'sizeless-submission-artefacts',
    load: (dir) => {
      const { dataset, warnings } = importSizeless(dir);
      return { description: dataset.description, runs: dataset.runs, warnings };
    },
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
          warnings.push(...imported.warnings);
          for (const run of imported.dataset.runs) {
            const prefix = `${provider}/${benchmark}/`;
            runs.push({ ...run, metrics: { ...run.metrics, tasks: run.metrics.tasks.map((t) => ({ ...t, func: prefix + t.func })) } });
          }
        }
      }
      return { description: `SeBS-Flow workflows ${SEBS_FLOW_BENCHMARKS.join(', ')} on ${SEBS_PROVIDERS.join(' and ')}`, runs, warnings };
    },
  },
];

export function evalSource(id: string): EvalSource {
  const source = EVAL_SOURCES.find((s) => s.id === id);
  if (!source) throw new SlacklineError('predict/eval-sources', `unknown source "${id}": expected one of ${EVAL_SOURCES.map((s) => s.id).join(', ')}`);
  return source;
}

/** `../shared/datasets` beside the repository (the team's shared folder), absolute. */
export const SHARED_DATASETS_DIR = packagePath('..', 'shared', 'datasets');

/** The folder of a source under the shared datasets, or undefined when absent. */
export function sharedSourceDir(source: EvalSource): string | undefined {
  const dir = join(SHARED_DATASETS_DIR, source.folder);
  return existsSync(dir) ? dir : undefined;
}
