/**
 * A queue worker: takes sweep jobs from BullMQ and runs each through the local sweep's own
 * code path (`executeRun` of `sweep.ts` with a worker-thread pool from `worker-pool.ts`), so
 * a row made here is the row a local sweep makes for the same run and seed: same instance
 * preparation, same planner call in a thread, same time limit (the thread is terminated and
 * the row says `timed-out`), same error and refusal rows.
 *
 * Jobs in flight never exceed the pool's threads, so a job's time limit counts its own run
 * only, as locally. Planning runs in threads, so this process keeps renewing the job locks;
 * when the process dies, its locks expire and BullMQ's stalled-job check (run by every
 * worker) hands the job to another worker, at most `maxStalledCount` times before it fails.
 */
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { isSlacklineError, SlacklineError } from '../../errors.js';
import { closeRedis, connectRedis } from '../../metrics/redis/connect.js';
import { sourceOfDataset, type BenchInstance, type DatasetSource } from '../bench-instance.js';
import { MAX_WORKER_THREADS } from '../config.js';
import { plannerVersion, type PlannerRegistry } from '../planner-registry.js';
import { projectVersion } from '../project-version.js';
import { executeRun, fittedDataHash, type PlannedRun } from '../sweep.js';
import { createPlanPool, errorMessage, type JobRunner } from '../worker-pool.js';
import { fetchDataset, LruCache } from './dataset-blobs.js';
import { bullConnection, checkReachable, resolveQueueLocation, type QueueLocation } from './queue-connection.js';
import { checkJobData, checkJobInputs, type QueueJobData, type QueueJobResult } from './queue-job.js';

/** Datasets and prepared instances a worker keeps between jobs. */
const CACHED_DATASETS = 4;
const CACHED_INSTANCES = 16;

export const WORKER_DEFAULTS = Object.freeze({
  threads: 2,
  /** BullMQ's defaults: a dead worker's job is taken over 30 to 60 s later. */
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  /** A job whose worker died this many times fails (then the coordinator writes an `errored` row). */
  maxStalledCount: 2,
});

export interface QueueWorkerOptions {
  readonly location: QueueLocation;
  readonly registry: PlannerRegistry;
  /** Worker threads of the planning pool. @default 2 */
  readonly threads?: number;
  /** Jobs at once, at most `threads`. @default threads */
  readonly concurrency?: number;
  /** @default 30000 */
  readonly lockDurationMs?: number;
  /** @default 30000 */
  readonly stalledIntervalMs?: number;
  /** @default 2 */
  readonly maxStalledCount?: number;
  /** One line per job started and finished. @default nothing */
  readonly log?: (line: string) => void;
}

export interface QueueWorkerHandle {
  /** `<host>/<pid>`, also the BullMQ worker name and the `worker` of every result. */
  readonly id: string;
  readonly threads: number;
  readonly concurrency: number;
  /** Stops taking jobs, waits for the running ones, closes the pool and the connections. */
  close(): Promise<void>;
}

function positiveInteger(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new SlacklineError('queue', `${name} must be an integer from 1 to ${max}, got ${value}`);
  return value;
}

export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorkerHandle> {
  const location = resolveQueueLocation(options.location);
  const threads = positiveInteger('--threads', options.threads ?? WORKER_DEFAULTS.threads, MAX_WORKER_THREADS);
  // More jobs than threads would queue inside the pool, and their time limits would count the wait.
  const concurrency = positiveInteger('--concurrency', options.concurrency ?? threads, threads);
  const log = options.log ?? (() => undefined);
  await checkReachable(location.url);
  const client = await connectRedis(location.url, { reconnectAttempts: 20 });
  const runner = createPlanPool({ threads });
  const id = `${hostname()}/${process.pid}`;
  const process_ = jobProcessor(id, client, location, options.registry, runner);
  const worker = new Worker<QueueJobData, QueueJobResult>(location.name, process_, {
    connection: bullConnection(location.url),
    prefix: location.prefix,
    name: id,
    concurrency,
    lockDuration: options.lockDurationMs ?? WORKER_DEFAULTS.lockDurationMs,
    stalledInterval: options.stalledIntervalMs ?? WORKER_DEFAULTS.stalledIntervalMs,
    maxStalledCount: options.maxStalledCount ?? WORKER_DEFAULTS.maxStalledCount,
  });
  worker.on('active', (job) => log(`start ${job.id} ${job.data.key.key}`));
  worker.on('completed', (job, result) => log(`done ${job.id} ${result.row.state} in ${result.row.wallMs.toFixed(0)} ms`));
  worker.on('failed', (job, error) => log(`failed ${job?.id ?? '?'}: ${error.message}`));
  worker.on('error', (error) => log(`error: ${error.message}`));
  await worker.waitUntilReady();
  let closing: Promise<void> | undefined;
  return {
    id,
    threads,
    concurrency,
    close: () =>
      (closing ??= (async () => {
        await worker.close();
        await runner.close();
        await closeRedis(client);
      })()),
  };
}

/** The BullMQ processor: job -> row, through the local sweep's `executeRun`. */
function jobProcessor(id: string, client: Redis, location: ReturnType<typeof resolveQueueLocation>, registry: PlannerRegistry, runner: JobRunner) {
  const sources = new LruCache<Promise<DatasetSource>>(CACHED_DATASETS);
  const instances = new LruCache<BenchInstance>(CACHED_INSTANCES);
  return async (job: Job<QueueJobData, QueueJobResult>): Promise<QueueJobResult> => {
    try {
      const data = checkJobData(job.data, job.id ?? '?');
      const { spec } = data;
      const planner = registry.planners.find((p) => p.id === spec.planner);
      if (planner === undefined) throw new SlacklineError('queue', `job ${job.id}: worker ${id} has no planner "${spec.planner}"; known: ${registry.planners.map((p) => p.id).join(', ')}`);
      const sourceId = `${data.datasetHash}\u0000${spec.dataset}`;
      const source = await sources.get(sourceId, () => fetchDataset(client, location, data.datasetHash).then((dataset) => sourceOfDataset(spec.dataset, dataset)));
      const workflow = source.workflows.find((w) => w.name === spec.workflow);
      if (workflow === undefined) throw new SlacklineError('queue', `job ${job.id}: dataset ${data.datasetHash} has no workflow "${spec.workflow}"`);
      const prepareOptions = { evaluate: spec.evaluate ?? ('in-sample' as const), trainShare: data.trainShare ?? 0.7 };
      checkJobInputs(job.id ?? '?', { data: fittedDataHash(workflow.dataHash, prepareOptions), planner: plannerVersion(registry, planner.id), project: projectVersion() }, data.key.inputs);
      const run: PlannedRun = { spec, key: data.key, source, planner };
      // The training share is part of a held-out instance: jobs of sweeps with other shares do not share it.
      const held = spec.evaluate === 'holdout' ? `\u0000${prepareOptions.trainShare}` : '';
      const instanceOf = (r: PlannedRun) => instances.get(`${sourceId}\u0000${r.spec.workflow}\u0000${r.spec.sla}\u0000${r.spec.evaluate ?? ''}${held}`, () => r.source.prepare(r.spec.workflow, r.spec.sla, prepareOptions));
      const outcome = await executeRun(run, instanceOf, registry.ref, runner, { timeoutMs: data.timeoutMs, tryBudget: data.tryBudget, mcSamples: data.mcSamples ?? 0 }, undefined);
      if (outcome === undefined) throw new Error(`job ${job.id} was cancelled`);
      return { row: outcome.row, ...(outcome.plan ? { plan: outcome.plan } : {}), worker: id };
    } catch (error) {
      // Bad jobs and datasets fail the same way on every attempt: no retries for them.
      if (isSlacklineError(error)) throw new UnrecoverableError(error.message);
      throw error instanceof Error ? error : new Error(errorMessage(error));
    }
  };
}
