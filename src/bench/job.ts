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
  /** Worker-assignment strategy of the planning context; the default `chain` when absent. */
  readonly assignment?: string;
}

export interface PlanJobResult {
  readonly plan: CompactPlan;
  readonly report: SimulationReport;
  /** Time spent in the planner's `plan()` only. */
  readonly planningMs: number;
  readonly claimsDeadline: boolean;
  readonly stats: Readonly<Record<string, number>>;
}

/** How a job ended: a thrown planner or a crashed thread is a row, not a crash of the sweep. */
export type JobAttempt =
  | { readonly state: 'done'; readonly result: PlanJobResult }
  | { readonly state: 'errored'; readonly error: string; readonly cause?: unknown }
  /** The planner declined the instance (a `PlannerRefusal`, e.g. exhaustive above its limits). */
  | { readonly state: 'refused'; readonly reason: string }
  | { readonly state: 'timed-out'; readonly timeoutMs: number }
  | { readonly state: 'cancelled' };
