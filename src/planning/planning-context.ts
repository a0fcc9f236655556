/**
 * Builds the `PlanningContext` a planner receives: the default worker assignment, the best
 * makespan (what a deadline factor multiplies), and the timing factories, so algorithm
 * authors never import engine internals. Runs before the timed `plan()` call.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import type { QuantileGrids } from '../predict/quantile-grids.js';
import type { Predictor } from '../predict/types.js';
import type { CostModel } from '../timing/cost-model.js';
import { IncrementalTiming } from '../timing/incremental-timing.js';
import { planTiming } from '../timing/timing-model.js';
import type { CompactPlan, DurationTable } from '../timing/types.js';
import { seededRandom } from '../util/random.js';
import { assignWorkers, type AssignWorkersOptions } from './assign-workers.js';
import { assignWith, DEFAULT_ASSIGNMENT } from './assignment/index.js';
import { bestPlan } from './plan-builders.js';
import type { IncrementalTimingEngine, PlanningContext, WorkerAssignment } from './types.js';

/** Default try budget: enough for every worker to try every level in a few passes. */
export const DEFAULT_TRY_BUDGET = 1_000_000;

export interface PlanningContextOptions {
  readonly dag: CompactDag;
  readonly durations: DurationTable;
  readonly cost: CostModel;
  readonly seed: number;
  readonly predictor?: Predictor;
  readonly deadlineMs?: number;
  readonly tryBudget?: number;
  /** Worker-assignment strategy of `context.workers` (`assignment/index.ts`). @default 'chain' */
  readonly strategy?: string;
  /** Options of the chain rules instead of a strategy (see `assign-workers.ts`). */
  readonly assignment?: Partial<AssignWorkersOptions>;
  /** Predicted distributions (Monte Carlo planners, `confidence`). */
  readonly grids?: QuantileGrids;
  /** Shared per-run slowdown of the Monte Carlo checks. @default 0 */
  readonly correlation?: number;
  /** Probability with which the deadline should be met. */
  readonly confidence?: number;
  /** Timing engine for trial moves; the incremental one by default (benchmarks swap in the full-recompute one). */
  readonly engine?: (dag: CompactDag, durations: DurationTable, plan: CompactPlan) => IncrementalTimingEngine;
}

/** Estimated time of every task for the short-branch rule: execution at the middle ladder level. */
export function middleLevelExecMs(dag: CompactDag, durations: DurationTable): Float64Array {
  const L = durations.levels;
  const middle = Math.floor((L - 1) / 2);
  const out = new Float64Array(dag.taskCount);
  for (let i = 0; i < dag.taskCount; i++) out[i] = durations.execMs[i * L + middle]!;
  return out;
}

export function defaultAssignment(dag: CompactDag, durations: DurationTable, options: Partial<AssignWorkersOptions> = {}): WorkerAssignment {
  return assignWorkers(dag, { taskMs: middleLevelExecMs(dag, durations), ...options });
}

/** The assignment of a strategy id (estimated task times: execution at the middle level). */
export function strategyAssignment(dag: CompactDag, durations: DurationTable, strategy: string = DEFAULT_ASSIGNMENT): WorkerAssignment {
  return assignWith(strategy, dag, middleLevelExecMs(dag, durations));
}

export function createPlanningContext(options: PlanningContextOptions): PlanningContext {
  const { dag, durations } = options;
  const workers = options.assignment !== undefined || options.strategy === undefined ? defaultAssignment(dag, durations, options.assignment) : strategyAssignment(dag, durations, options.strategy);
  const bestMakespanMs = planTiming(dag, durations, bestPlan(dag, durations, workers)).makespanMs;
  const engine = options.engine ?? ((d: CompactDag, t: DurationTable, p: CompactPlan) => new IncrementalTiming(d, t, p));
  return {
    dag,
    durations,
    ladderMb: Array.from(durations.ladderMb),
    cost: options.cost,
    ...(options.predictor ? { predictor: options.predictor } : {}),
    ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {}),
    ...(options.grids !== undefined ? { grids: options.grids } : {}),
    ...(options.correlation !== undefined ? { correlation: options.correlation } : {}),
    ...(options.confidence !== undefined ? { confidence: options.confidence } : {}),
    tryBudget: options.tryBudget ?? DEFAULT_TRY_BUDGET,
    random: seededRandom(options.seed),
    seed: options.seed,
    workers,
    bestMakespanMs,
    fullTiming: (plan) => planTiming(dag, durations, plan),
    incrementalTiming: (plan) => engine(dag, durations, plan),
  };
}

/**
 * The same planning problem timed with another duration table (e.g. the durations at one
 * quantile of their distributions): same worker assignment, deadline, grids, random source;
 * `bestMakespanMs` and the timing factories follow the new table (with the incremental
 * engine: a swapped-in benchmark engine is not carried over).
 */
export function contextWithDurations(context: PlanningContext, durations: DurationTable): PlanningContext {
  const { dag } = context;
  return {
    ...context,
    durations,
    bestMakespanMs: planTiming(dag, durations, bestPlan(dag, durations, context.workers)).makespanMs,
    fullTiming: (plan) => planTiming(dag, durations, plan),
    incrementalTiming: (plan) => new IncrementalTiming(dag, durations, plan),
  };
}
