/**
 * Runs one planning job: rebuild the planning context from the job's compact arrays (warm up
 * a planner once per thread, untimed, on its first small DAG), time
 * the planner's `plan()` (and nothing else), validate the plan (`validate-plan.ts`, which
 * names the planner that broke a rule), simulate it. The same function
 * runs inside a pool worker and in the main thread, which is why results match: same
 * arrays, same seed, same code.
 */
import { SlacklineError } from '../errors.js';
import { createPlanningContext } from '../planning/planning-context.js';
import { PlannerRefusal, upFrontRefusal } from '../planning/planner-refusal.js';
import type { PlannerModule } from '../planning/types.js';
import { validatePlan } from '../planning/validate-plan.js';
import { simulatePlan } from '../simulate/simulate-plan.js';
import { probabilityWithin, runScenarios, sampleQuantile } from '../timing/monte-carlo.js';
import type { CompactPlan } from '../timing/types.js';
import type { DistributionMetrics, PlanJob, PlanJobResult } from './job.js';

/** DAGs up to this many tasks get an untimed warm-up run before the timed `plan()`, once per planner and thread. */
export const WARM_UP_MAX_TASKS = 2000;

/** Planners already warmed up in this thread. */
const warmedUp = new Set<string>();

export function findPlanner(planners: readonly PlannerModule[], id: string): PlannerModule {
  const planner = planners.find((p) => p.id === id);
  if (planner === undefined) {
    throw new SlacklineError('bench', `unknown planner "${id}"; known: ${planners.map((p) => p.id).join(', ')}`);
  }
  return planner;
}

export function executeJob(job: PlanJob, planners: readonly PlannerModule[]): PlanJobResult {
  const planner = findPlanner(planners, job.plannerId);
  const refusal = upFrontRefusal(planner, job.dag.taskCount, job.deadlineMs !== undefined);
  if (refusal !== undefined) throw new PlannerRefusal('bench', refusal);
  // Untimed preparation (worker assignment, best makespan, timing factories), as `slackline plan` does.
  const prepare = () =>
    createPlanningContext({
      dag: job.dag,
      durations: job.durations,
      cost: job.cost,
      seed: job.seed,
      tryBudget: job.tryBudget,
      ...(job.assignment !== undefined ? { strategy: job.assignment } : {}),
      ...(job.deadlineMs !== undefined ? { deadlineMs: job.deadlineMs } : {}),
      ...(job.grids !== undefined ? { grids: job.grids } : {}),
      ...(job.confidence !== undefined ? { confidence: job.confidence } : {}),
    });
  // On small DAGs the first call of a planner in a fresh thread is mostly JIT compilation,
  // which would dwarf the planning time being compared: its first small job gets one untimed
  // warm-up run, on its own context (the random source is stateful), so the timed run sees
  // the same seed. Later jobs of that planner in this thread run compiled code already.
  if (job.dag.taskCount <= WARM_UP_MAX_TASKS && !warmedUp.has(planner.id)) {
    planner.plan(prepare(), job.params);
    warmedUp.add(planner.id);
  }
  const context = prepare();
  const started = performance.now();
  const outcome = planner.plan(context, job.params);
  const planningMs = performance.now() - started;
  validatePlan(planner.id, job.dag, job.durations, outcome, job.deadlineMs);
  const report = simulatePlan(job.dag, job.durations, outcome.plan, job.cost);
  return {
    plan: outcome.plan,
    report,
    planningMs,
    claimsDeadline: outcome.claimsDeadline ?? false,
    stats: { ...(outcome.stats ?? {}) },
    ...(job.grids !== undefined && (job.mcSamples ?? 0) > 0 ? { distribution: distributionMetrics(job, outcome.plan) } : {}),
  };
}

/** Scenarios of the measurement: a stream apart from the planner's (which uses the run's seed), so planners are not graded on the scenarios they planned on. */
export const MEASUREMENT_SEED_OFFSET = 0x5bd1e995;

/** P50, P95, mean and P(<= deadline) of the plan's simulated makespan, in-sample and on held-out distributions. */
export function distributionMetrics(job: Pick<PlanJob, 'cost' | 'seed' | 'mcSamples' | 'dag' | 'grids' | 'deadlineMs' | 'heldOutGrids'>, plan: CompactPlan): DistributionMetrics {
  const options = { cost: job.cost, seed: (job.seed + MEASUREMENT_SEED_OFFSET) >>> 0, criticality: false, costs: false };
  const N = job.mcSamples!;
  const { makespanMs } = runScenarios(job.dag, job.grids!, plan, 0, N, options);
  const within = (m: Float64Array) => (job.deadlineMs === undefined ? null : probabilityWithin(m, job.deadlineMs));
  const heldOut = job.heldOutGrids === undefined ? undefined : runScenarios(job.dag, job.heldOutGrids, plan, 0, N, options).makespanMs;
  return {
    makespanP50Ms: sampleQuantile(makespanMs, 0.5),
    makespanP95Ms: sampleQuantile(makespanMs, 0.95),
    meanMakespanMs: makespanMs.reduce((s, x) => s + x, 0) / N,
    deadlineProbability: within(makespanMs),
    ...(heldOut !== undefined ? { heldOutP95Ms: sampleQuantile(heldOut, 0.95), heldOutDeadlineProbability: within(heldOut) } : {}),
  };
}
