/**
 * What one BullMQ job carries (a reference, not data: the run spec, its key, and the
 * content hash of its dataset, which the worker fetches from Redis once and caches) and
 * what it returns (the finished row and a done run's plan, exactly what a local sweep
 * would write, and which worker made them).
 *
 * The job id is the run's key (its file-safe form, which holds the key's hash): enqueueing
 * a run twice gives one job, and a finished job is found again by its key after a
 * coordinator restart.
 */
import { SlacklineError } from '../../errors.js';
import { runKey, type RunInputs, type RunKey, type RunSpec } from '../run-key.js';
import type { PlanFile } from '../../report/plan-file.js';
import { RUN_ROW_VERSION, type RunRow } from '../run-row.js';

export const QUEUE_JOB_VERSION = 1;

export interface QueueJobData {
  readonly version: typeof QUEUE_JOB_VERSION;
  readonly spec: RunSpec;
  readonly key: RunKey;
  /** SHA-256 (hex) of the dataset file's bytes: where the worker finds it (`dataset-blobs.ts`). */
  readonly datasetHash: string;
  /** Per-run time limit, ms (as `--timeout` of a local sweep). */
  readonly timeoutMs: number;
  readonly tryBudget: number;
  /** Monte Carlo scenarios of the distribution metrics (as `--mc-samples`); absent: 0. */
  readonly mcSamples?: number;
  /** Training share of `--evaluate holdout` (the spec says whether the run holds out). */
  readonly trainShare?: number;
}

export interface QueueJobResult {
  readonly row: RunRow;
  /** A done run's plan, in the plan file format (written beside the row, as a local sweep does). */
  readonly plan?: PlanFile;
  /** `<host>/<pid>` of the worker process that ran it. */
  readonly worker: string;
}

/**
 * The BullMQ job id of a run: its key, identity and inputs fingerprint (a job of the same
 * run computed from other data or code is another job). Never all digits and never a ':'
 * (BullMQ refuses both).
 */
export function jobIdOf(key: RunKey): string {
  return `${key.fileName}.${key.fingerprint}`;
}

/**
 * Checks a job a worker took: the right shape, and a key this worker computes the same way
 * (a worker of another Slackline version would otherwise return rows under wrong keys).
 * The inputs (data hash, planner and project versions) are checked once the worker has the
 * dataset: `checkJobInputs`.
 */
export function checkJobData(value: unknown, jobId: string): QueueJobData {
  const data = value as Partial<QueueJobData> | null;
  if (typeof data !== 'object' || data === null || data.version !== QUEUE_JOB_VERSION || typeof data.spec !== 'object' || typeof data.key !== 'object' || typeof data.datasetHash !== 'string' || typeof data.timeoutMs !== 'number' || typeof data.tryBudget !== 'number') {
    throw new SlacklineError('queue', `job ${jobId}: not a version ${QUEUE_JOB_VERSION} sweep job (fields version, spec, key, datasetHash, timeoutMs, tryBudget); is the coordinator another Slackline version?`);
  }
  const mine = runKey(data.spec!, data.key!.inputs);
  if (mine.key !== data.key!.key || jobIdOf(mine) !== jobId) {
    throw new SlacklineError('queue', `job ${jobId}: this worker computes the run key "${mine.key}" for it, the coordinator "${data.key!.key}"; run the same Slackline version on both`);
  }
  return data as QueueJobData;
}

/** The worker's own inputs of the run must be the coordinator's: same dataset, same planner code, same project version. */
export function checkJobInputs(jobId: string, mine: RunInputs, theirs: RunInputs): void {
  const differ = (['data', 'planner', 'project'] as const).filter((part) => mine[part] !== theirs[part]);
  if (differ.length === 0) return;
  const what = { data: 'dataset content', planner: 'planner code', project: 'Slackline version' };
  throw new SlacklineError('queue', `job ${jobId}: this worker's ${differ.map((d) => `${what[d]} (${d} ${mine[d]})`).join(', ')} differ${differ.length === 1 ? 's' : ''} from the coordinator's (${differ.map((d) => theirs[d]).join(', ')}); run the same Slackline checkout on both`);
}

/** Checks what a worker returned before it is written as a row. */
export function checkJobResult(value: unknown, key: RunKey): QueueJobResult {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  const result = parsed as Partial<QueueJobResult> | null;
  const row = result?.row;
  if (typeof row !== 'object' || row === null || row.version !== RUN_ROW_VERSION || row.key !== key.key || row.fingerprint !== key.fingerprint || typeof row.state !== 'string') {
    throw new SlacklineError('queue', `job ${jobIdOf(key)}: the worker returned no version ${RUN_ROW_VERSION} row for key "${key.key}" with inputs ${key.fingerprint}`);
  }
  const plan = result?.plan;
  if (row.state === 'done' && (typeof plan !== 'object' || plan === null)) throw new SlacklineError('queue', `job ${jobIdOf(key)}: the worker returned a done row without its plan`);
  return { row, ...(plan ? { plan } : {}), worker: typeof result?.worker === 'string' ? result.worker : 'unknown' };
}
