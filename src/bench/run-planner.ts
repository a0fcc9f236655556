/**
 * Runs one planner on a prepared instance, as `slackline plan` and the bench do: build the
 * planning context (untimed), time exactly `plan()`, validate the plan (naming the planner
 * on a violation), simulate it. The caller picks the planner from its registry (this
 * module knows no registry: `algorithms/` sits above it).
 */
import { AWS_LAMBDA_X86_COST, type CostModel } from '../timing/cost-model.js';
import { simulatePlan, type SimulationReport } from '../simulate/simulate-plan.js';
import type { QuantileGrids } from '../predict/quantile-grids.js';
import type { CompactPlan } from '../timing/types.js';
import { SlacklineError } from '../errors.js';
import { infeasibleDeadline, resolveDeadline, type DeadlineSpec } from '../planning/deadline.js';
import { createPlanningContext } from '../planning/planning-context.js';
import { PlannerRefusal, upFrontRefusal } from '../planning/planner-refusal.js';
import type { PlanningInstance } from '../planning/prepare-instance.js';
import { checkParamsForInstance, resolveParams, type ResolvedParams } from '../planning/resolve-params.js';
import type { ParamValue, PlannerModule, PlanOutcome } from '../planning/types.js';
import { validatePlan } from '../planning/validate-plan.js';

export interface RunPlannerOptions {
  readonly seed: number;
  readonly deadline?: DeadlineSpec;
  readonly tryBudget?: number;
  readonly cost?: CostModel;
  /** Predicted distributions for the planners that simulate scenarios (`prepare-distributions.ts`). */
  readonly grids?: QuantileGrids;
  /** Shared per-run slowdown of the planners' Monte Carlo checks. */
  readonly correlation?: number;
  /** Probability with which the deadline should be met (`--confidence`). */
  readonly confidence?: number;
  /** Worker-assignment strategy the planner starts from (`--assignment`); deadlines are resolved on the default one's best makespan. @default 'chain' */
  readonly assignment?: string;
  /** Plan even when the deadline is below the fastest makespan (else that is an error). */
  readonly allowInfeasible?: boolean;
}

export interface PlannerRun {
  readonly plannerId: string;
  readonly params: ResolvedParams;
  readonly plan: CompactPlan;
  readonly outcome: PlanOutcome;
  /** Wall time of `plan()` alone. */
  readonly planningMs: number;
  readonly report: SimulationReport;
  readonly bestMakespanMs: number;
  readonly deadlineMs?: number;
}

export function runPlanner(instance: PlanningInstance, planner: PlannerModule, params: Readonly<Record<string, ParamValue>>, options: RunPlannerOptions): PlannerRun {
  const resolved = resolveParams(planner, params);
  const { dag, durations } = instance;
  checkParamsForInstance(planner, resolved, { ladderMb: [...durations.ladderMb] }, `dataset "${instance.datasetName}"`);
  const refusal = upFrontRefusal(planner, dag.taskCount, options.deadline !== undefined);
  if (refusal !== undefined) throw new PlannerRefusal('planning/run-planner', `${refusal} (workflow "${instance.workflow.name}")`);
  const cost = options.cost ?? AWS_LAMBDA_X86_COST;
  const contextOptions = {
    dag,
    durations,
    cost,
    seed: options.seed,
    ...(options.tryBudget !== undefined ? { tryBudget: options.tryBudget } : {}),
    ...(options.grids !== undefined ? { grids: options.grids } : {}),
    ...(options.correlation !== undefined ? { correlation: options.correlation } : {}),
    ...(options.confidence !== undefined ? { confidence: options.confidence } : {}),
  };
  const probe = createPlanningContext(contextOptions);
  const deadlineMs = options.deadline ? resolveDeadline(options.deadline, probe.bestMakespanMs) : undefined;
  if (deadlineMs !== undefined && !options.allowInfeasible) {
    const infeasible = infeasibleDeadline(deadlineMs, probe.bestMakespanMs);
    if (infeasible !== undefined) throw new SlacklineError('planning/deadline', `${infeasible}; pass --allow-infeasible to plan anyway`);
  }
  // The planner's context: the probe's distributions, correlation and confidence on the asked assignment.
  const assigned = options.assignment === undefined ? probe : createPlanningContext({ ...contextOptions, strategy: options.assignment });
  const context = deadlineMs === undefined ? assigned : { ...assigned, deadlineMs };
  const started = performance.now();
  const outcome = planner.plan(context, resolved);
  const planningMs = performance.now() - started;
  validatePlan(planner.id, dag, durations, outcome, deadlineMs);
  const report = simulatePlan(dag, durations, outcome.plan, cost);
  return { plannerId: planner.id, params: resolved, plan: outcome.plan, outcome, planningMs, report, bestMakespanMs: probe.bestMakespanMs, ...(deadlineMs !== undefined ? { deadlineMs } : {}) };
}
