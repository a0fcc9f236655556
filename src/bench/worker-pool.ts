/**
 * The worker-thread pool that runs planning jobs (piscina). Every job gets a time limit:
 * when it runs out, piscina aborts the job and terminates the thread running it (the only
 * way to stop a planner stuck in a synchronous loop) and starts a fresh one. A planner that
 * throws, a thread that exits or runs out of memory: each becomes an attempt with
 * `state: 'errored'` (a `PlannerRefusal`: `state: 'refused'`), and the pool keeps serving
 * the next jobs.
 *
 * Threads load the compiled `plan-worker.js` (from sources, under vitest, the `.ts` with a
 * tsx preload: `util/worker-module.ts`).
 *
 * `createInlineRunner` runs the same `executeJob` on the main thread (for `--workers 0`,
 * `--throws` debugging, and as the reference the pool is tested against). It cannot stop
 * a hung planner.
 */
import { Piscina } from 'piscina';
import { isPlannerRefusal } from '../planning/planner-refusal.js';
import type { PlannerModule } from '../planning/types.js';
import { distributionMetrics, executeJob } from './execute-job.js';
import type { DistributionMetrics, JobAttempt, MeasureAttempt, MeasureJob, PlanJob, PlanJobResult, PlannerRegistryRef } from './job.js';
import { workerModule } from '../util/worker-module.js';

export interface JobRunOptions {
  /** Per-job time limit, ms. */
  readonly timeoutMs: number;
  /** Aborts the job (Ctrl-C): it ends as `cancelled`. */
  readonly signal?: AbortSignal;
}

export interface JobRunner {
  /** Number of threads (0 for the inline runner). */
  readonly threads: number;
  run(job: PlanJob, options: JobRunOptions): Promise<JobAttempt>;
  /** Measures a plan's distribution metrics as a job of its own (the sweep measures each distinct plan once); without it, plan jobs measure their own. */
  measure?(job: MeasureJob, options: JobRunOptions): Promise<MeasureAttempt>;
  close(): Promise<void>;
}

export interface PlanPoolOptions {
  readonly threads: number;
  /** Heap limit per thread, MB: a planner that exhausts it kills its thread, not the sweep. @default 2048 */
  readonly maxHeapMb?: number;
  /**
   * Start the threads now, each loading this planner registry, instead of with the first
   * job: a cold sweep's threads then load their code while the main thread loads the
   * datasets. @default undefined (threads start with the first job)
   */
  readonly startNow?: PlannerRegistryRef;
}

const WORKER = workerModule(import.meta.url, './plan-worker.js');

export function createPlanPool(options: PlanPoolOptions): JobRunner {
  if (!Number.isInteger(options.threads) || options.threads < 1) throw new RangeError(`slackline/bench: threads must be a positive integer, got ${options.threads}`);
  // Threads start with the first job (unless `startNow`), so a sweep with nothing left to do starts none.
  let created: Piscina<PlanJob | MeasureJob, PlanJobResult | DistributionMetrics> | undefined;
  const poolOf = (): Piscina<PlanJob | MeasureJob, PlanJobResult | DistributionMetrics> => {
    if (created === undefined) {
      created = new Piscina<PlanJob | MeasureJob, PlanJobResult | DistributionMetrics>({
        filename: WORKER.filename,
        minThreads: options.threads,
        maxThreads: options.threads,
        idleTimeout: 60_000,
        execArgv: WORKER.execArgv,
        resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 2048 },
        ...(options.startNow !== undefined ? { workerData: { preload: options.startNow } } : {}),
      });
      // A thread that dies between jobs is replaced by piscina; do not let its error crash the process.
      created.on('error', () => undefined);
    }
    return created;
  };
  /** Runs a job on the pool with its time limit and cancellation. */
  async function limited<T>(job: PlanJob | MeasureJob, runOptions: JobRunOptions): Promise<{ state: 'done'; result: T } | { state: 'timed-out'; timeoutMs: number } | { state: 'cancelled' } | { state: 'failed'; error: unknown }> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('time limit'));
    }, runOptions.timeoutMs);
    const onCancel = () => controller.abort(new Error('cancelled'));
    if (runOptions.signal?.aborted) onCancel();
    runOptions.signal?.addEventListener('abort', onCancel, { once: true });
    try {
      return { state: 'done', result: (await poolOf().run(job, { signal: controller.signal })) as T };
    } catch (error) {
      if (timedOut) return { state: 'timed-out', timeoutMs: runOptions.timeoutMs };
      if (runOptions.signal?.aborted) return { state: 'cancelled' };
      return { state: 'failed', error };
    } finally {
      clearTimeout(timer);
      runOptions.signal?.removeEventListener('abort', onCancel);
    }
  }
  if (options.startNow !== undefined) poolOf();
  return {
    threads: options.threads,
    async measure(job, runOptions) {
      const attempt = await limited<DistributionMetrics>(job, runOptions);
      return attempt.state === 'failed' ? { state: 'errored', error: errorMessage(attempt.error), cause: attempt.error } : attempt;
    },
    async run(job, runOptions) {
      const attempt = await limited<PlanJobResult>(job, runOptions);
      return attempt.state === 'failed' ? failedAttempt(attempt.error) : attempt;
    },
    async close() {
      await created?.destroy();
    },
  };
}

export function createInlineRunner(planners: readonly PlannerModule[]): JobRunner {
  return {
    threads: 0,
    async run(job, runOptions) {
      if (runOptions.signal?.aborted) return { state: 'cancelled' };
      try {
        return { state: 'done', result: executeJob(job, planners) };
      } catch (error) {
        return failedAttempt(error);
      }
    },
    async measure(job, runOptions) {
      if (runOptions.signal?.aborted) return { state: 'cancelled' };
      try {
        return { state: 'done', result: distributionMetrics(job, job.plan) };
      } catch (error) {
        return { state: 'errored', error: errorMessage(error), cause: error };
      }
    },
    async close() {},
  };
}

/** A refusal (the planner's own or its serialized form from a thread) or an error. */
function failedAttempt(error: unknown): JobAttempt {
  if (isPlannerRefusal(error)) return { state: 'refused', reason: error.message };
  return { state: 'errored', error: errorMessage(error), cause: error };
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
