/**
 * Makes a synthetic dataset (format v1): a generated workflow plus runs recorded from the
 * ground-truth model. `source.kind` is `synthetic` and `source.origin` names the generator,
 * its size and the seed, so the file can be regenerated exactly.
 */
import { dagSignature } from '../dag/dag-signature.js';
import { SlacklineError } from '../errors.js';
import { DATASET_FORMAT, DATASET_VERSION } from '../dataset/types.js';
import type { Dataset } from '../dataset/types.js';
import { DEFAULT_LADDER_MB, recordRuns, runPlanKinds } from './recorder.js';
import { DAG_SHAPES, dagShape } from './shapes.js';
import { requireGeneratable } from './generate-budget.js';
import { writeJsonFileAtomic, writeJsonFileAtomicAsync } from '../util/atomic-write.js';

export interface SyntheticDatasetOptions {
  readonly shape: string;
  /** @default the shape's default size */
  readonly size?: number;
  readonly seed: number;
  /** @default 6 */
  readonly runs?: number;
  readonly unequal?: boolean;
  /** @default the generated workflow's name */
  readonly name?: string;
}

export function syntheticDataset(options: SyntheticDatasetOptions): Dataset {
  const shape = dagShape(options.shape);
  if (!shape) throw new SlacklineError('generate', `unknown shape "${options.shape}"; known: ${DAG_SHAPES.map((s) => s.name).join(', ')}`);
  const size = options.size ?? shape.defaultSize;
  const unequal = options.unequal ?? false;
  if (unequal && shape.name !== 'tree-reduction') throw new SlacklineError('generate', `--unequal applies to tree-reduction only, not ${shape.name}`);
  if (options.name !== undefined && options.name.trim() === '') throw new SlacklineError('generate', '--name must not be empty');
  const runs = options.runs ?? 6;
  if (!Number.isSafeInteger(runs) || runs < 0) throw new SlacklineError('generate', `runs must be an integer >= 0, got ${String(runs)}`);
  // Refuse up front what would not fit: generating it first would end in a heap-limit crash.
  requireGeneratable(shape, size, runs);
  const workflow = shape.make({ size, seed: options.seed, unequal });
  const recorded = recordRuns(workflow, { seed: options.seed, runs, ladderMb: DEFAULT_LADDER_MB });
  return {
    format: DATASET_FORMAT,
    version: DATASET_VERSION,
    name: options.name ?? workflow.name,
    description: `Synthetic ${shape.name} workflow (${shape.size}: ${size}${unequal ? ', leaf inputs spread over 100x' : ''}) with ${runs} runs recorded from the ground-truth model: ${describePlans(runs)}.`,
    source: {
      kind: 'synthetic',
      origin: `slackline generate ${shape.name} --size ${size}${unequal ? ' --unequal' : ''} --runs ${runs} --seed ${options.seed} (src/generate/${shape.name}.ts, src/generate/recorder.ts, ground truth src/generate/ground-truth-model.ts)`,
      license: 'CC0-1.0',
    },
    memoryLadderMb: DEFAULT_LADDER_MB,
    workflows: [{ ...workflow, signature: dagSignature(workflow) }],
    runs: recorded,
  };
}

function describePlans(runs: number): string {
  const kinds = runPlanKinds(runs, DEFAULT_LADDER_MB);
  const uniform = kinds.flatMap((k) => (k.kind === 'uniform' ? [k.memoryMb] : []));
  const mixed = kinds.length - uniform.length;
  const parts = [uniform.length > 0 ? `every task at ${uniform.join(', ')} MB (one run each)` : '', mixed > 0 ? `${mixed} mixed run${mixed === 1 ? '' : 's'} (a random ladder size per worker)` : ''];
  return parts.filter(Boolean).join(', then ') || 'no runs';
}

/** Indented JSON up to this many characters, one line beyond (keeps shipped files small). */
const PRETTY_UP_TO = 1_000_000;

/** Pretty JSON up to 1 MB, one line beyond (keeps shipped files small). */
export function datasetJsonText(dataset: Dataset): string {
  const pretty = JSON.stringify(dataset, null, 2);
  return `${pretty.length <= PRETTY_UP_TO ? pretty : JSON.stringify(dataset)}\n`;
}

/** Writes `datasetJsonText(dataset)` atomically, streamed: no string of the whole file is ever built. */
export function writeDatasetFile(path: string, dataset: Dataset): void {
  writeJsonFileAtomic(path, dataset, { indent: 2, compactOver: PRETTY_UP_TO });
}

/** `writeDatasetFile` awaiting between chunks: a Ctrl-C mid-write leaves the previous file and no temporary file (the CLI's writer). */
export async function writeDatasetFileAsync(path: string, dataset: Dataset): Promise<void> {
  await writeJsonFileAtomicAsync(path, dataset, { indent: 2, compactOver: PRETTY_UP_TO });
}
