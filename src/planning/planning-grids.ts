/**
 * What the distribution-aware planners share: the grids to simulate with (the host's, or
 * the zero-variance grids of the duration table, so every planner runs on every instance),
 * the confidence a run asks for, and scenario makespans of a candidate plan drawn with
 * common random numbers (the run's seed: every candidate sees the same scenarios, so a
 * comparison of two plans is not blurred by sampling noise; this is the sample-average
 * approximation's fixed sample).
 */
import { SlacklineError } from '../errors.js';
import { degenerateGrids, type QuantileGrids } from '../predict/quantile-grids.js';
import { modelForGrids, probabilityWithin, runScenarios, sampleQuantile, type ScenarioResults } from '../timing/monte-carlo.js';
import { IncrementalScenarios, worthIncremental } from '../timing/incremental-scenarios.js';
import type { TimingModel } from '../timing/timing-model.js';
import type { CompactPlan, DurationTable } from '../timing/types.js';
import type { PlanningContext } from './types.js';

const zeroVariance = new WeakMap<DurationTable, QuantileGrids>();

export function planningGrids(context: PlanningContext): QuantileGrids {
  if (context.grids !== undefined) return context.grids;
  let grids = zeroVariance.get(context.durations);
  if (grids === undefined) zeroVariance.set(context.durations, (grids = degenerateGrids(context.durations)));
  return grids;
}

/** A planner's `confidence` parameter when > 0, else the run's (`--confidence`), else undefined. */
export function resolveConfidence(planner: string, param: number, context: PlanningContext): number | undefined {
  const value = param > 0 ? param : context.confidence;
  if (value === undefined) return undefined;
  if (!(value > 0 && value < 1)) throw new SlacklineError(`planning/${planner}`, `confidence must be in (0, 1), got ${value}`);
  return value;
}

/** A scenario count parameter (named `param` in the message: jolteon's is `scenarios`). */
export function checkSamples(planner: string, samples: number, param = 'samples'): number {
  if (!(Number.isSafeInteger(samples) && samples >= 1)) throw new SlacklineError(`planning/${planner}`, `${param} must be an integer >= 1, got ${samples}`);
  return samples;
}

/** `samples` scenarios of `plan` (seeded by the run's seed), without criticality unless asked; `costs: false` for makespans only (`costUsd` NaN). */
export function scenariosOf(context: PlanningContext, plan: CompactPlan, samples: number, options: { readonly criticality?: boolean; readonly model?: TimingModel; readonly costs?: boolean } = {}): ScenarioResults {
  const grids = planningGrids(context);
  return runScenarios(context.dag, grids, plan, 0, samples, {
    cost: context.cost,
    seed: context.seed,
    correlation: context.correlation ?? 0,
    criticality: options.criticality ?? false,
    costs: options.costs ?? true,
    // The context's timing rules (CPU sharing, overhead) even when the grids came without them.
    model: options.model ?? modelForGrids(context.dag, grids, plan, grids.rules ?? context.durations.rules),
  });
}

/**
 * The scenarios of `scenariosOf` kept for a search that changes a few workers' levels at a
 * time (`timing/incremental-scenarios.ts`: the same makespans and criticality, re-running
 * only what a change reaches); undefined when their state would be too large or a typical
 * change reaches most of the DAG, and then the search simulates each candidate with
 * `scenariosOf` (the same numbers).
 */
export function incrementalScenariosOf(context: PlanningContext, plan: CompactPlan, samples: number, model: TimingModel): IncrementalScenarios | undefined {
  if (!worthIncremental(context.dag, plan, samples)) return undefined;
  return new IncrementalScenarios(context.dag, planningGrids(context), plan, model, samples, context.seed, context.correlation ?? 0);
}

/** The confidence of the distribution planners when neither their parameter nor the run names one (ORION's P95). */
export const DEFAULT_CONFIDENCE = 0.95;

/** Scenario x (task + edge) steps the search may simulate in all: 0.3-1 s on the shared 2-core test machine (10-30 ns a step). */
export const DEFAULT_WORK_BUDGET = 30_000_000;

/** Simulations allowed: `maxEvaluations`, fewer when each is large (at least 4: the start, a step, the fallback). */
export function evaluationBudget(maxEvaluations: number, workBudget: number, samples: number, elements: number): number {
  return Math.max(4, Math.min(Math.floor(maxEvaluations), Math.floor(workBudget / (samples * Math.max(1, elements)))));
}

export { probabilityWithin, sampleQuantile };
