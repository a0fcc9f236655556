/**
 * The downgrade planners with a `confidence` c: the plan must meet its target with
 * probability >= c by a Monte Carlo check, not only at one statistic per task.
 *
 *  - Target: the deadline D (deadline-downgrade), or the c-quantile of the best plan's
 *    simulated makespan (best-then-downgrade: keep the best plan's P_c).
 *  - Screening: moves are screened and applied by the usual downgrade (incremental engine,
 *    `downgradeWorkers`) on the duration table at quantile c of every cell
 *    (`tableAtQuantile`), towards a screening target on that table's scale: first the
 *    deadline mapped onto it (D x screened makespan / simulated P_c of the best plan).
 *  - Check: each downgraded plan is simulated (`samples` scenarios, common random numbers)
 *    and accepted when P(makespan <= target) >= c; the screening target is bisected
 *    between the best plan's screened makespan and the mapped deadline, at most `checks`
 *    times, keeping the cheapest accepted plan (expected cost over the scenarios). The
 *    best plan itself (checked first) is the fallback; when even it misses, the planner
 *    says so (`confidenceMet: false`) and returns it.
 * How often the check runs and what it costs: 1 + at most `checks` Monte Carlo runs of
 * `samples` scenarios, O(samples (V + E)) each, plus one downgrade run per check (as
 * without confidence). Defaults: 500 scenarios, 6 checks.
 * Source: original (the project's downgrade with a chance constraint checked by sampling).
 */
import { tableAtQuantile } from '../predict/quantile-grids.js';
import { TIME_EPSILON_MS } from '../timing/tolerance.js';
import type { CompactPlan } from '../timing/types.js';
import { bestPlan } from './plan-builders.js';
import { contextWithDurations } from './planning-context.js';
import { checkSamples, planningGrids, probabilityWithin, sampleQuantile, scenariosOf } from './planning-grids.js';
import { numberParam, type ResolvedParams } from './resolve-params.js';
import type { PlannerParamSpec, PlanningContext, PlanOutcome } from './types.js';

export const CONFIDENCE_PARAMS: readonly PlannerParamSpec[] = [
  { name: 'confidence', description: "meet the target with this probability by a Monte Carlo check (0: the run's --confidence; without one, deterministic)", type: 'number', default: 0 },
  { name: 'samples', description: 'scenarios of each Monte Carlo check (with confidence)', type: 'number', default: 500 },
  { name: 'checks', description: 'most Monte Carlo checks of downgraded plans (with confidence)', type: 'number', default: 6 },
];

export type DeterministicDowngrade = (context: PlanningContext, params: ResolvedParams, targetMs: number | undefined) => PlanOutcome;

export function planWithConfidence(id: string, context: PlanningContext, params: ResolvedParams, deadlineMs: number | undefined, confidence: number, downgrade: DeterministicDowngrade): PlanOutcome {
  const samples = checkSamples(id, numberParam(params, 'samples'));
  const checks = Math.max(0, Math.floor(numberParam(params, 'checks')));
  const grids = planningGrids(context);
  const screen = contextWithDurations(context, tableAtQuantile(grids, confidence));
  const best = bestPlan(context.dag, screen.durations, context.workers);
  const bestRun = scenariosOf(context, best, samples);
  const bestQuantile = sampleQuantile(bestRun.makespanMs, confidence);
  const targetMs = deadlineMs ?? bestQuantile;
  const bestProbability = probabilityWithin(bestRun.makespanMs, targetMs);
  const meanCost = (costs: Float64Array) => costs.reduce((s, x) => s + x, 0) / costs.length;
  const claims = (plan: CompactPlan) => deadlineMs !== undefined && context.fullTiming(plan).makespanMs <= deadlineMs + TIME_EPSILON_MS;
  const base = { confidence, samples, targetMs, bestProbability, screenQuantile: confidence };
  if (bestProbability < confidence) {
    return { plan: best, claimsDeadline: claims(best), annotations: { [id]: { ...base, confidenceMet: false, probability: bestProbability, checks: 0 } }, stats: { checks: 0, trials: 0 } };
  }
  // The target on the screening table's scale.
  const screenBest = screen.fullTiming(best).makespanMs;
  const screenTarget = Math.max(screenBest, bestQuantile > 0 ? (targetMs * screenBest) / bestQuantile : screenBest);
  let accepted = { plan: best, probability: bestProbability, cost: meanCost(bestRun.costUsd), screenTargetMs: screenBest, stats: {} as Readonly<Record<string, number>> };
  // Bisect the screening target between the best plan's screened makespan (cautious) and the mapped target (bold).
  let lo = screenBest;
  let hi = screenTarget;
  let target = hi;
  let used = 0;
  let trials = 0;
  while (used < checks) {
    used++;
    const outcome = downgrade(screen, params, target > screenBest + TIME_EPSILON_MS ? target : undefined);
    trials += outcome.stats?.trials ?? 0;
    const run = scenariosOf(context, outcome.plan, samples);
    const probability = probabilityWithin(run.makespanMs, targetMs);
    if (probability >= confidence) {
      const cost = meanCost(run.costUsd);
      if (cost <= accepted.cost) accepted = { plan: outcome.plan, probability, cost, screenTargetMs: target, stats: outcome.stats ?? {} };
      if (target >= hi) break; // the boldest screen already passes
      lo = target;
    } else {
      hi = target;
    }
    if (hi - lo <= 1e-3 * hi) break;
    target = used === checks - 1 && accepted.plan === best ? lo : (lo + hi) / 2;
  }
  return {
    plan: accepted.plan,
    claimsDeadline: claims(accepted.plan),
    annotations: { [id]: { ...base, confidenceMet: true, probability: accepted.probability, screenTargetMs: accepted.screenTargetMs, expectedCostUsd: accepted.cost, checks: used } },
    stats: { ...accepted.stats, checks: used, trials },
  };
}
