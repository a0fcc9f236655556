/**
 * What travels between the sweep (main thread) and a planning worker thread.
 *
 * A job carries the instance in compact typed-array form: the `CompactDag` and the
 * `DurationTable`, their arrays on SharedArrayBuffers (`share-instance.ts`), so posting a
 * job copies no numbers, only the task and func names. The worker rebuilds the planning
 * context from them, runs the planner and simulates the plan; the result travels back as
 * plain numbers and typed arrays.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import type { ParamValue } from '../planning/types.js';
import type { CostModel } from '../timing/cost-model.js';
import type { SimulationReport } from '../simulate/simulate-plan.js';
import type { QuantileGrids } from '../predict/quantile-grids.js';
import type { CompactPlan, DurationTable } from '../timing/types.js';

/**
 * Where a worker finds the planner registry: a module URL and the name of its export
 * (a `readonly PlannerModule[]`). The default is `algorithms/index.ts` `planners`; tests pass
 * a fixture module holding faulty planners. Only code the main thread names is loaded.
 */
export interface PlannerRegistryRef {
  readonly moduleUrl: string;
  readonly exportName: string;
}

export interface PlanJob {
  readonly registry: PlannerRegistryRef;
  readonly plannerId: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly seed: number;
  readonly dag: CompactDag;
  readonly durations: DurationTable;
  readonly cost: CostModel;
  /** Absolute deadline, ms (a factor is resolved by the sweep before the job is posted). */
  readonly deadlineMs?: number;
  readonly tryBudget: number;
  /** Predicted distributions (on SharedArrayBuffers): for planners that simulate, `confidence`, and the distribution metrics. */
  readonly grids?: QuantileGrids;
  /** Distributions fitted on held-out runs (`--evaluate holdout`): attainment on data the planner did not see. */
  readonly heldOutGrids?: QuantileGrids;
  /** Probability with which the deadline should be met (the sweep's `confidence` axis). */
  readonly confidence?: number;
  /** Monte Carlo scenarios of the distribution metrics; 0 or absent: none. */
  readonly mcSamples?: number;
  /** Worker-assignment strategy of the planning context; the default `chain` when absent. */
  readonly assignment?: string;
}

/**
 * A plan's distribution metrics measured apart from its planning job: the sweep measures
 * each distinct plan of an instance once (planners that give the same plan share the same
 * numbers: the scenarios depend on the plan, the grids, the seed, the sample count and the
 * deadline only).
 */
export interface MeasureJob {
  readonly kind: 'measure';
  readonly dag: CompactDag;
  readonly grids: QuantileGrids;
  readonly heldOutGrids?: QuantileGrids;
  readonly plan: CompactPlan;
  readonly seed: number;
  readonly mcSamples: number;
  readonly deadlineMs?: number;
  readonly cost: CostModel;
}

/** The plan's simulated makespan distribution (fresh scenarios, not the planner's). */
export interface DistributionMetrics {
  readonly makespanP50Ms: number;
  readonly makespanP95Ms: number;
  readonly meanMakespanMs: number;
  /** P(makespan <= deadline); null without a deadline. */
  readonly deadlineProbability: number | null;
  /** The same on the held-out distributions (`--evaluate holdout`), when there are held-out runs. */
  readonly heldOutP95Ms?: number;
  readonly heldOutDeadlineProbability?: number | null;
}

export interface PlanJobResult {
  readonly plan: CompactPlan;
  readonly report: SimulationReport;
  /** Time spent in the planner's `plan()` only. */
  readonly planningMs: number;
  readonly claimsDeadline: boolean;
  readonly stats: Readonly<Record<string, number>>;
  readonly distribution?: DistributionMetrics;
}

/** How a job ended: a thrown planner or a crashed thread is a row, not a crash of the sweep. */
export type JobAttempt =
  | { readonly state: 'done'; readonly result: PlanJobResult }
  | { readonly state: 'errored'; readonly error: string; readonly cause?: unknown }
  /** The planner declined the instance (a `PlannerRefusal`, e.g. exhaustive above its limits). */
  | { readonly state: 'refused'; readonly reason: string }
  | { readonly state: 'timed-out'; readonly timeoutMs: number }
  | { readonly state: 'cancelled' };

/** How a measurement ended. */
export type MeasureAttempt =
  | { readonly state: 'done'; readonly result: DistributionMetrics }
  | { readonly state: 'errored'; readonly error: string; readonly cause?: unknown }
  | { readonly state: 'timed-out'; readonly timeoutMs: number }
  | { readonly state: 'cancelled' };
