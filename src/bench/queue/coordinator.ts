/**
 * The coordinator of a queue sweep (`slackline bench --queue redis://...`): the local
 * sweep's grid, run keys and resume rule, with BullMQ workers (on any machine) in place of
 * the local thread pool.
 *
 * 1. Expand the grid (`expandSweep`: the run keys with their inputs fingerprints) and keep
 *    the current rows of the results folder by the local sweep's rule (`store.decide`:
 *    stale rows, errored ones unless `keepErrored`, everything with `force` are redone).
 *    The caller holds the results-folder lock, as for a local sweep (`cli/commands/bench.ts`).
 * 2. Store each dataset a pending run needs once in Redis, by content hash (`dataset-blobs.ts`).
 * 3. Enqueue one job per pending run, job id = run key (`queue-job.ts`): enqueueing a run
 *    that is already queued, running or finished does nothing.
 * 4. Collect: a finished job's row and plan (from `QueueEvents`, and from the queue's
 *    finished sets for jobs that finished while no coordinator listened) are written to
 *    the results folder as a local sweep writes them, then the job is removed. A job that failed on the
 *    workers (its worker died `maxStalledCount` times, say) becomes an `errored` row, as a
 *    crashed thread does locally.
 * 5. Return when every pending run has its row. Aborting (Ctrl-C) stops enqueueing and
 *    waiting; every job stays whole in the queue (workers keep running them) and a rerun
 *    collects what finished meanwhile and enqueues the rest.
 */
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { closeRedis, connectRedis, redisFault } from '../../metrics/redis/connect.js';
import type { PlanFile } from '../../report/plan-file.js';
import { silentProgress } from '../progress.js';
import type { ResumeDecision } from '../results-store.js';
import type { RunRow, RunState } from '../run-row.js';
import { expandSweep, pendingRuns, progressLabel, rowHead, type PlannedRun, type SweepOptions, type SweepOutcome } from '../sweep.js';
import { storeDataset, type FileDatasetSource } from './dataset-blobs.js';
import { bullConnection, checkReachable, resolveQueueLocation, type QueueLocation, type ResolvedQueueLocation } from './queue-connection.js';
import { checkJobResult, jobIdOf, QUEUE_JOB_VERSION, type QueueJobData, type QueueJobResult } from './queue-job.js';

/** Jobs per `addBulk` call: Ctrl-C is honoured between two batches. */
const ENQUEUE_BATCH = 200;
/** Attempts of a job whose processor threw (a Redis hiccup while fetching its dataset, say). */
const JOB_ATTEMPTS = 3;
/** How long Redis may stay unreachable mid-sweep before the coordinator gives up (a rerun resumes). */
const REDIS_PATIENCE_MS = 30_000;
/** How often pending runs are checked for a job that vanished from the queue. */
const LOST_JOB_CHECK_MS = 10_000;
/** The `worker` of rows the coordinator wrote itself for jobs that failed on the workers. */
const FAILED_ON_WORKERS = 'failed on the workers';

export interface QueueSweepOptions extends Omit<SweepOptions, 'runner' | 'sources' | 'throws'> {
  readonly sources: readonly FileDatasetSource[];
  readonly location: QueueLocation;
  /** How often the queue's finished sets are read besides the events. @default 2000 */
  readonly reconcileMs?: number;
  /** Where a status line goes when nothing finished for a while (plain-line progress only). */
  readonly status?: (line: string) => void;
  /** @default 15000 */
  readonly statusEveryMs?: number;
}

export interface QueueSweepOutcome extends SweepOutcome {
  /** Rows collected, per worker (`<host>/<pid>`). */
  readonly workers: Readonly<Record<string, number>>;
  /** Jobs this coordinator added (the other pending runs were queued, running or finished already). */
  readonly enqueued: number;
}

export async function runQueueSweep(options: QueueSweepOptions): Promise<QueueSweepOutcome> {
  const started = Date.now();
  const { config, store, signal } = options;
  const location = resolveQueueLocation(options.location);
  const progress = options.progress ?? silentProgress;
  const planned = expandSweep(config, options.registry, options.sources);
  const { todo, reasons } = pendingRuns(planned, store, options);
  const skipped = planned.length - todo.length;
  const states: Partial<Record<RunState, number>> = {};
  const workers: Record<string, number> = {};
  store.ensureDir();
  const outcome = (ran: number, enqueued: number): QueueSweepOutcome => ({ planned, skipped, reasons, ran, states, interrupted: signal?.aborted === true, elapsedMs: Date.now() - started, workers, enqueued });
  if (todo.length === 0) return outcome(0, 0);

  await checkReachable(location.url);
  const client = await connectRedis(location.url, { reconnectAttempts: 20 });
  const connection = bullConnection(location.url);
  const queue = new Queue<QueueJobData, QueueJobResult>(location.name, { connection, prefix: location.prefix });
  const events = new QueueEvents(location.name, { connection, prefix: location.prefix });
  const pending = new Map<string, PlannedRun>(todo.map((run) => [jobIdOf(run.key), run]));
  let ran = 0;
  let lastTick = Date.now();
  let wake: (() => void) | undefined;
  const collecting = new Set<string>();

  const record = (run: PlannedRun, row: RunRow, worker: string, plan?: PlanFile) => {
    const id = jobIdOf(run.key);
    if (!pending.has(id)) return;
    // The plan first, as the local sweep does: a stored done row always has its plan.
    if (plan !== undefined) store.writePlan(run.key, plan);
    store.write(run.key, row);
    pending.delete(id);
    ran++;
    states[row.state] = (states[row.state] ?? 0) + 1;
    if (worker !== FAILED_ON_WORKERS) workers[worker] = (workers[worker] ?? 0) + 1;
    lastTick = Date.now();
    progress.tick(`${progressLabel(run, row)} (${worker})`);
    if (pending.size === 0) wake?.();
  };

  /** Writes the row of a finished job of ours (once), then removes the job. */
  const collect = async (id: string, returnvalue?: unknown): Promise<void> => {
    const run = pending.get(id);
    if (run === undefined || collecting.has(id)) return;
    collecting.add(id);
    try {
      let value = returnvalue;
      if (value === undefined) {
        const job = (await queue.getJob(id)) as Job<QueueJobData, QueueJobResult> | undefined;
        const state = job ? await job.getState() : 'unknown';
        if (job === undefined || (state !== 'completed' && state !== 'failed')) return;
        if (state === 'failed') {
          record(run, failedRow(run, `the queue job failed after ${job.attemptsMade} attempt(s), ${job.stalledCounter} stall(s): ${job.failedReason || 'no reason given'}`), FAILED_ON_WORKERS);
          await queue.remove(id);
          return;
        }
        value = job.returnvalue;
      }
      let result: QueueJobResult;
      try {
        result = checkJobResult(value, run.key);
      } catch (error) {
        result = { row: failedRow(run, (error as Error).message), worker: FAILED_ON_WORKERS };
      }
      record(run, result.row, result.worker, result.plan);
      await queue.remove(id);
    } catch (error) {
      options.status?.(`queue: cannot collect job ${id}: ${(error as Error).message}`);
    } finally {
      collecting.delete(id);
    }
  };

  const jobData = (run: PlannedRun): QueueJobData => ({ version: QUEUE_JOB_VERSION, spec: run.spec, key: run.key, datasetHash: hashes.get(run.source.name)!, timeoutMs: config.timeoutMs, tryBudget: config.tryBudget, mcSamples: config.mcSamples, trainShare: config.trainShare });

  /** Runs of the grid whose row is on disk already, by job id. */
  const stored = new Set(planned.filter((run) => !pending.has(jobIdOf(run.key))).map((run) => jobIdOf(run.key)));
  /**
   * Jobs of ours that finished while nobody listened (or whose event was missed) are
   * collected; a finished job whose row is already on disk (a coordinator killed between
   * writing the row and removing the job) is removed.
   */
  const reconcile = async (): Promise<void> => {
    for (const type of ['completed', 'failed'] as const) {
      const count = (await queue.getJobCounts(type))[type] ?? 0;
      const ids: string[] = [];
      for (let start = 0; start < count; start += 500) {
        for (const job of await queue.getJobs([type], start, start + 499)) if (job.id !== undefined) ids.push(job.id);
      }
      for (const id of ids) {
        if (pending.has(id)) await collect(id);
        else if (stored.delete(id)) await queue.remove(id);
      }
    }
  };

  const hashes = new Map<string, string>();
  let enqueued = 0;
  /** Adds the jobs of these runs that are not in the queue (a job id given twice is one job anyway). */
  const enqueue = async (runs: readonly PlannedRun[]): Promise<void> => {
    for (let i = 0; i < runs.length && !signal?.aborted; i += ENQUEUE_BATCH) {
      const batch = runs.slice(i, i + ENQUEUE_BATCH);
      const exists = await client.pipeline(batch.map((run) => ['exists', `${location.prefix}:${location.name}:${jobIdOf(run.key)}`])).exec();
      const missing = batch.filter((run, j) => exists?.[j]?.[1] === 0 && pending.has(jobIdOf(run.key)));
      if (missing.length === 0) continue;
      await queue.addBulk(
        missing.map((run) => ({
          name: run.spec.planner,
          data: jobData(run),
          opts: { jobId: jobIdOf(run.key), attempts: JOB_ATTEMPTS, backoff: { type: 'fixed', delay: 1000 } },
        })),
      );
      enqueued += missing.length;
    }
  };
  progress.start(todo.length);
  try {
    events.on('completed', ({ jobId, returnvalue }) => void collect(jobId, returnvalue));
    events.on('failed', ({ jobId }) => void collect(jobId));
    await events.waitUntilReady();
    for (const source of options.sources) {
      if (todo.some((run) => run.source === source)) hashes.set(source.name, await storeDataset(client, location, source.file));
    }
    if (options.force) await dropFinished(queue, pending);
    else await reconcile();
    await enqueue(todo);
    await reconcile();
    const reconcileMs = options.reconcileMs ?? 2000;
    const statusEveryMs = options.statusEveryMs ?? 15_000;
    let failingSince: number | undefined;
    let lastLostCheck = Date.now();
    while (pending.size > 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, reconcileMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
        signal?.addEventListener('abort', wake, { once: true });
      });
      wake = undefined;
      if (pending.size === 0 || signal?.aborted) break;
      try {
        await reconcile();
        // A pending run whose job vanished (removed by another coordinator of the same queue, an obliterated
        // queue) would be waited for forever: enqueue it again.
        if (Date.now() - lastLostCheck >= LOST_JOB_CHECK_MS) {
          lastLostCheck = Date.now();
          await enqueue([...pending.entries()].filter(([id]) => !collecting.has(id)).map(([, run]) => run));
        }
        if (options.status && Date.now() - lastTick >= statusEveryMs) {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
          options.status(`queue: ${pending.size} run(s) to collect; ${counts['waiting'] ?? 0} waiting, ${counts['active'] ?? 0} running, ${counts['delayed'] ?? 0} to retry in queue "${location.name}" (workers: slackline worker --queue <url> --queue-name ${location.name})`);
          lastTick = Date.now();
        }
        failingSince = undefined;
      } catch (error) {
        // Redis away: BullMQ reconnects; give up only after a while (every collected row is on disk).
        failingSince ??= Date.now();
        if (Date.now() - failingSince > REDIS_PATIENCE_MS) throw error;
      }
    }
    // Rows whose collection is under way when the last one arrives are written before returning.
    while (collecting.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  } catch (error) {
    // One clear line (what failed, the URL, what is kept), never ioredis' error objects.
    throw redisFault(location.url, error, `${ran} of ${todo.length} row(s) collected and written; the queued jobs are kept: rerun the same command to resume`);
  } finally {
    progress.stop();
    await events.close();
    await queue.close();
    await closeRedis(client);
  }
  return outcome(ran, enqueued);
}

/** `--force`: a finished job of a pending run holds an old row; remove it so the run is redone. */
async function dropFinished(queue: Queue<QueueJobData, QueueJobResult>, pending: ReadonlyMap<string, PlannedRun>): Promise<void> {
  for (const type of ['completed', 'failed'] as const) {
    const ids = (await queue.getJobs([type], 0, -1)).map((job) => job.id).filter((id): id is string => id !== undefined && pending.has(id));
    for (const id of ids) await queue.remove(id);
  }
}

/** The row of a run whose job failed on the workers: an `errored` row, as a crashed thread gives locally. */
function failedRow(run: PlannedRun, error: string): RunRow {
  const workflow = run.source.workflows.find((w) => w.name === run.spec.workflow)!;
  return {
    ...rowHead(run, workflow, null, null, 0),
    state: 'errored',
    error,
    wallMs: 0,
    finishedAt: new Date().toISOString(),
  };
}

export type { ResolvedQueueLocation };
