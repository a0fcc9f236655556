/**
 * The planner interface: what a planning algorithm receives and what it must return.
 *
 * A planner is one file under `algorithms/` whose name is its id, exporting a
 * `PlannerModule`, listed once in `algorithms/index.ts`. Its `plan()` is the only timed
 * call: loading data, fitting the predictor and filling the duration table happen before.
 * It must be deterministic for a given `context.random` seed and must not mutate the
 * context. The host validates every returned plan (`validate-plan.ts`) and names the
 * planner that broke a rule: every task has one existing worker, every worker has tasks
 * and a ladder level, preload/prewarm flags are 0/1, annotations sit under the planner's
 * own id, a claimed deadline is kept. The README's "Write your own planner" shows one.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import type { RandomSource } from '../util/random.js';
import type { CompactPlan, DurationTable, TimingResult } from '../timing/types.js';
import type { CostModel } from '../timing/cost-model.js';
import type { Predictor } from '../predict/types.js';
import type { QuantileGrids } from '../predict/quantile-grids.js';

export type ParamValue = number | string | boolean;

export interface PlannerParamSpec {
  readonly name: string;
  readonly description: string;
  /** `number` and `boolean` values are parsed from `--param k=v`; `enum` must be one of `choices`. */
  readonly type: 'number' | 'string' | 'boolean' | 'enum';
  readonly default: ParamValue;
  readonly choices?: readonly string[];
  /** `number`: smallest allowed value (inclusive). */
  readonly min?: number;
  /** `number`: largest allowed value (inclusive). */
  readonly max?: number;
  /** `number`: must be a whole number. */
  readonly integer?: boolean;
  /**
   * A check that needs the instance (e.g. a size must be on the dataset's memory ladder):
   * the reason the value is refused, or undefined. Run by `plan` and by the sweep for every
   * dataset of its grid before anything runs, so a bad value is an input error in both.
   */
  readonly check?: (value: ParamValue, instance: ParamCheckInstance) => string | undefined;
}

/** What an instance-dependent parameter check may look at. */
export interface ParamCheckInstance {
  readonly ladderMb: readonly number[];
}

/**
 * Which tasks share a worker (`assign-workers.ts`). Workers are numbered 0..workerCount-1
 * and every worker has at least one task. A plan built from it gets its own copies.
 */
export interface WorkerAssignment {
  readonly workerCount: number;
  /** Worker index of task i. */
  readonly workerOf: Int32Array;
}

/** The answer of a what-if query (the incremental engine's `WhatIf`). */
export interface WhatIfAnswer {
  /** Makespan if the worker moved to the level. */
  readonly makespanMs: number;
  /** True when the move lengthens the current makespan (beyond TIME_EPSILON_MS). */
  readonly lengthensMakespan: boolean;
  /** True when the move lengthens the makespan or a task that had slack would lose all of it. */
  readonly createsCriticalPath: boolean;
  /** Largest (new earliest finish - current latest finish) over the moved worker's tasks; <= 0 keeps the makespan. */
  readonly maxFinishOverLatestMs: number;
  /** True when a bounded query stopped once the change was sure to fail (`createsCriticalPath` true, `makespanMs` not exact). */
  readonly partial?: boolean;
}

/**
 * A critical-path engine that follows worker level changes incrementally (the timing
 * engine's `IncrementalTiming`): `whatIf` answers without changing state, `setWorkerLevel`
 * re-propagates only the affected cone. Created on a copy of the plan given.
 */
export interface IncrementalTimingEngine {
  readonly makespanMs: number;
  result(): TimingResult;
  slackMs(task: number): number;
  levelOf(worker: number): number;
  setWorkerLevel(worker: number, level: number): void;
  /** With `boundMs`: a change whose makespan would exceed it, or (`stopOnNewCritical`) that would make a task with slack critical, may be answered early (`partial`, makespan not exact). */
  whatIf(worker: number, level: number, boundMs?: number, stopOnNewCritical?: boolean): WhatIfAnswer;
  /** Worker of task i. */
  workerOfTask(task: number): number;
  /** Number of non-empty workers (worker ids may be sparse after splits and merges). */
  readonly workerCount: number;
  /** Tasks of a worker, increasing index. */
  tasksOf(worker: number): readonly number[];
  /** An empty worker id for a split (set its level first), -1 when none is left. */
  freeWorker(): number;
  /** Moves tasks to a worker (a split onto a free one, a merge onto a used one), re-propagating locally. */
  moveTasks(tasks: ArrayLike<number>, worker: number): void;
  /** What `moveTasks` would do; `maxFinishOverLatestMs` over the moved tasks; with `criticalCheck` false, `createsCriticalPath` only reports lengthening; with `boundMs`, a makespan above it may be answered by a lower bound above it. */
  whatIfMove(tasks: ArrayLike<number>, worker: number, criticalCheck?: boolean, boundMs?: number): WhatIfAnswer;
  /** Tasks visited by all propagation so far, trials included, when the engine counts them (a work meter). */
  readonly visits?: number;
  /** A copy of the current plan (non-empty workers numbered 0..W-1 in id order). */
  plan(): CompactPlan;
}

/**
 * Everything a planner may use, prepared by the host before the timed `plan()` call. All of
 * it is read-only: a planner that needs to change a plan copies it (`plan-builders.ts`).
 */
export interface PlanningContext {
  readonly dag: CompactDag;
  /** Predicted durations at every ladder level (the planner's hot-loop input). */
  readonly durations: DurationTable;
  /** Memory ladder, MB, ascending (same as `durations.ladderMb`). */
  readonly ladderMb: readonly number[];
  readonly cost: CostModel;
  /** The predictor at the run's SLA, for planners that need more than the table. */
  readonly predictor?: Predictor;
  /** Absolute deadline in ms, when the run has one (a factor is resolved by the host). */
  readonly deadlineMs?: number;
  /** Upper bound on trial moves a search may make. */
  readonly tryBudget: number;
  readonly random: RandomSource;
  readonly seed: number;
  /** The default worker assignment (`assignWorkers` with its defaults), computed by the host. */
  readonly workers: WorkerAssignment;
  /** Makespan of the plan with every worker of `workers` at its fastest level (what a deadline factor multiplies). */
  readonly bestMakespanMs: number;
  /**
   * Predicted distributions of every duration at every level (`quantile-grids.ts`), when the
   * host prepared them; planners that simulate scenarios fall back to the zero-variance
   * grids of `durations` without them (`planning-grids.ts`).
   */
  readonly grids?: QuantileGrids;
  /** Correlation of the shared per-run slowdown the Monte Carlo checks apply (0 = independent draws). */
  readonly correlation?: number;
  /** Probability with which the plan should meet the deadline (`--confidence`), when the run asks for one. */
  readonly confidence?: number;
  /** Full critical-path pass of a plan under the timing model (O(V+E)). */
  fullTiming(plan: CompactPlan): TimingResult;
  /** Incremental engine on a copy of `plan`, for trial moves (`whatIf`) and accepted ones (`setWorkerLevel`). */
  incrementalTiming(plan: CompactPlan): IncrementalTimingEngine;
}

/** Annotations per planner namespace; `preload` and `prewarm` are understood by the timing model and live on the plan itself. */
export type Annotations = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface PlanOutcome {
  readonly plan: CompactPlan;
  /** Free-form, under the planner's own id (`{ [id]: {...} }`; the host checks the namespace). */
  readonly annotations?: Annotations;
  /** True when the planner claims the plan meets `context.deadlineMs`; the host checks it. */
  readonly claimsDeadline?: boolean;
  /** Counters for reports: trial moves evaluated, moves accepted, passes. */
  readonly stats?: Readonly<Record<string, number>>;
}

export interface PlannerModule {
  /** Equal to the file name under `algorithms/`. */
  readonly id: string;
  /** One line for `slackline algorithms`. */
  readonly description: string;
  /** Reference (DOI/URL) or `original` for the project's own. */
  readonly source: string;
  readonly params: readonly PlannerParamSpec[];
  /** Largest DAG (tasks) the planner accepts; exact planners refuse above it with a clear error. */
  readonly maxTasks?: number;
  /** True when the planner cannot run without a deadline (`--deadline`). */
  readonly requiresDeadline?: boolean;
  /** True when `plan()` simulates scenarios: the host then prepares `context.grids` (without them it plans on zero-variance grids). */
  readonly usesDistributions?: boolean;
  plan(context: PlanningContext, params: Readonly<Record<string, ParamValue>>): PlanOutcome;
}
