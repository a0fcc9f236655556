/**
 * The body shared by the downgrade planners (`best-then-downgrade`, `deadline-downgrade`):
 * best plan -> optional preload pass -> incremental engine -> `downgradeWorkers` towards a
 * target. Their parameters are declared here once.
 */
import { numberParam, booleanParam, stringParam, type ResolvedParams } from './resolve-params.js';
import { DOWNGRADE_STEPS, downgradeWorkers, VISIT_ORDERS, type DowngradeStep, type VisitOrder } from './downgrade.js';
import { bestPlan } from './plan-builders.js';
import { preloadPass } from './preload-pass.js';
import type { PlannerParamSpec, PlanningContext, PlanOutcome } from './types.js';
import { WorkerCostEstimate } from './worker-cost-estimate.js';

export const DOWNGRADE_PARAMS: readonly PlannerParamSpec[] = [
  { name: 'order', description: 'order in which workers are visited in a pass', type: 'enum', default: 'most-saving', choices: VISIT_ORDERS },
  { name: 'step', description: 'cheapest-first: jump to the cheapest level that fits; one-level: one cheaper level per pass (shares slack between workers)', type: 'enum', default: 'cheapest-first', choices: DOWNGRADE_STEPS },
  { name: 'margin', description: 'slack kept on every moved task, as a fraction of the target makespan (0..1)', type: 'number', default: 0 },
  { name: 'passes', description: 'maximum passes over the workers', type: 'number', default: 8 },
  { name: 'tryBudget', description: 'maximum what-if trials (also capped by the run\'s --try-budget)', type: 'number', default: 1_000_000 },
  { name: 'preload', description: 'run the preload pass on fan-in tasks before downgrading', type: 'boolean', default: false },
];

export type DowngradeTarget = { readonly kind: 'best' } | { readonly kind: 'deadline'; readonly ms: number };

export function planByDowngrade(id: string, context: PlanningContext, params: ResolvedParams, target: DowngradeTarget): PlanOutcome {
  const { dag, durations } = context;
  const margin = numberParam(params, 'margin');
  const passes = numberParam(params, 'passes');
  let plan = bestPlan(dag, durations, context.workers);
  let preloaded = 0;
  if (booleanParam(params, 'preload')) {
    const pass = preloadPass(dag, durations, plan, context.fullTiming(plan));
    plan = pass.plan;
    preloaded = pass.marked.length;
  }
  const engine = context.incrementalTiming(plan);
  const startMakespanMs = engine.makespanMs;
  const targetMs = target.kind === 'best' ? startMakespanMs : target.ms;
  const base = { bestMakespanMs: startMakespanMs, targetMs, preloaded };
  if (target.kind === 'deadline' && engine.makespanMs > targetMs + 1e-6) {
    // Even the fastest plan misses the deadline: return it, without claiming the deadline.
    return { plan: engine.plan(), claimsDeadline: false, annotations: { [id]: { ...base, deadlineMet: false } }, stats: { trials: 0, screened: 0, accepted: 0, passes: 0 } };
  }
  const result = downgradeWorkers(engine, new WorkerCostEstimate(dag, durations, plan), durations.levels, {
    targetMs,
    margin,
    order: stringParam(params, 'order') as VisitOrder,
    step: stringParam(params, 'step') as DowngradeStep,
    passes: Math.max(1, Math.floor(passes)),
    tryBudget: Math.min(context.tryBudget, numberParam(params, 'tryBudget')),
    allowNewCriticalPath: target.kind === 'deadline',
    random: context.random,
  });
  return {
    plan: result.plan,
    ...(target.kind === 'deadline' ? { claimsDeadline: true } : {}),
    annotations: { [id]: { ...base, makespanMs: result.makespanMs, budgetSpent: result.budgetSpent } },
    stats: { trials: result.trials, screened: result.screened, accepted: result.accepted, passes: result.passes },
  };
}
