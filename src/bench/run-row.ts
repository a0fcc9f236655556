/**
 * One raw outcome of the benchmark sweep: what ran (the run spec and its key), how it
 * ended, and the simulated numbers of the plan. Derived metrics (ratios, savings) are not
 * stored: `metrics-registry.ts` computes them afterwards from the rows.
 */
import type { RunInputs, RunSpec } from './run-key.js';

/** 2: rows carry their inputs fingerprint, the reference makespan, and the `infeasible` state. */
export const RUN_ROW_VERSION = 2;

/**
 * `refused`: the planner declines the instance (`maxTasks`, `requiresDeadline`, or a
 * `PlannerRefusal` it throws, e.g. exhaustive above `maxCombinations`). `infeasible`: the
 * deadline is below the fastest makespan (`fastestMakespanMs`), so no plan can meet it.
 * `errored` and `timed-out` rows are rerun by the next sweep unless `--keep-errored`.
 */
export type RunState = 'done' | 'errored' | 'timed-out' | 'refused' | 'infeasible';

export interface RunResult {
  readonly makespanMs: number;
  readonly costUsd: number;
  readonly gbSeconds: number;
  readonly workers: number;
  readonly coldStarts: number;
  readonly warmStarts: number;
  readonly bytesMoved: number;
  /** Time inside the planner's `plan()` only. */
  readonly planningMs: number;
  readonly claimsDeadline: boolean;
  /** Null when the run has no deadline. */
  readonly deadlineMet: boolean | null;
  readonly stats: Readonly<Record<string, number>>;
  /** Simulated makespan distribution of the plan (`mcSamples` scenarios), when the sweep measured it. */
  readonly makespanP50Ms?: number;
  readonly makespanP95Ms?: number;
  readonly meanMakespanMs?: number;
  /** P(makespan <= deadline) over the scenarios; null without a deadline. */
  readonly deadlineProbability?: number | null;
  /** The same on distributions fitted on held-out runs (`--evaluate holdout`). */
  readonly heldOutP95Ms?: number;
  readonly heldOutDeadlineProbability?: number | null;
}

export interface RunRow extends RunSpec {
  readonly version: typeof RUN_ROW_VERSION;
  readonly key: string;
  readonly hash: string;
  /** What the row was computed from (`run-key.ts`); a sweep reruns a row whose fingerprint changed. */
  readonly inputs: RunInputs;
  readonly fingerprint: string;
  readonly tasks: number;
  readonly edges: number;
  /** Deadline resolved to ms, or null. */
  readonly deadlineMs: number | null;
  /**
   * Makespan with every worker of the default assignment at its fastest level: what a
   * deadline factor multiplies and what "makespan / fastest" divides by. Null when the
   * instance was not prepared (a refusal known up front).
   */
  readonly fastestMakespanMs: number | null;
  readonly state: RunState;
  readonly error?: string;
  readonly result?: RunResult;
  /** Wall time of the job including messaging, ms. */
  readonly wallMs: number;
  /** Threads of the pool that ran it (0 = main thread). */
  readonly threads: number;
  readonly finishedAt: string;
}
