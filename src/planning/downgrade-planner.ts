/**
 * The body shared by the downgrade planners (`best-then-downgrade`, `deadline-downgrade`):
 * best plan -> optional preload pass -> incremental engine -> `downgradeWorkers` towards a
 * target. Their parameters are declared here once.
 *
 * `step=both` (the default) runs the downgrade twice, jumping each worker to its cheapest
 * fitting level (`cheapest-first`, which lets the first workers visited take all the
 * slack) and stepping one level per pass (`one-level`, which shares it), and keeps the
 * plan the simulator bills less (ties: cheapest-first). Twice the queries, one full timing
 * each to compare.
 */
import { SlacklineError } from '../errors.js';
import { planCost } from '../simulate/simulate-plan.js';
import type { CompactPlan } from '../timing/types.js';
import { TIME_EPSILON_MS } from '../timing/tolerance.js';
import { DOWNGRADE_STEPS, downgradeWorkers, VISIT_ORDERS, type DowngradeResult, type DowngradeStep, type VisitOrder } from './downgrade.js';
import { bestPlan, copyPlan } from './plan-builders.js';
import { preloadPass } from './preload-pass.js';
import { booleanParam, numberParam, stringParam, type ResolvedParams } from './resolve-params.js';
import type { PlannerParamSpec, PlanningContext, PlanOutcome } from './types.js';
import { WorkerCostEstimate } from './worker-cost-estimate.js';

export const DOWNGRADE_PARAMS: readonly PlannerParamSpec[] = [
  { name: 'order', description: 'order in which workers are visited in a pass', type: 'enum', default: 'most-saving', choices: VISIT_ORDERS },
  {
    name: 'step',
    description: 'cheapest-first: jump to the cheapest level that fits; one-level: one cheaper level per pass (shares slack); both: run both, keep the cheaper plan',
    type: 'enum',
    default: 'both',
    choices: [...DOWNGRADE_STEPS, 'both'],
  },
  { name: 'margin', description: 'slack kept on every moved task, as a fraction of the target makespan (0..1)', type: 'number', default: 0 },
  { name: 'passes', description: 'maximum passes over the workers', type: 'number', default: 16 },
  { name: 'tryBudget', description: 'maximum what-if queries (also capped by the run\'s --try-budget)', type: 'number', default: 1_000_000 },
  { name: 'preload', description: 'run the preload pass on fan-in tasks before downgrading', type: 'boolean', default: false },
];

/** `deadline-downgrade` adds the refinement of its result. */
export const DEADLINE_DOWNGRADE_PARAMS: readonly PlannerParamSpec[] = [
  ...DOWNGRADE_PARAMS,
  { name: 'refine', description: 'retry this many of the most-downgraded workers at their fastest level, re-downgrading the others; kept when the simulator bills less', type: 'number', default: 8 },
];

export type DowngradeTarget = { readonly kind: 'best' } | { readonly kind: 'deadline'; readonly ms: number };

export function planByDowngrade(id: string, context: PlanningContext, params: ResolvedParams, target: DowngradeTarget): PlanOutcome {
  const { dag, durations } = context;
  const margin = numberParam(params, 'margin');
  const passes = numberParam(params, 'passes');
  const budget = numberParam(params, 'tryBudget');
  const bad = (why: string) => new SlacklineError(`planning/${id}`, why);
  if (!(margin >= 0 && margin < 1)) throw bad(`margin must be in [0, 1), got ${margin}`);
  if (!(Number.isInteger(passes) && passes >= 1)) throw bad(`passes must be an integer >= 1, got ${passes}`);
  if (!(budget >= 0)) throw bad(`tryBudget must be >= 0, got ${budget}`);

  let plan = bestPlan(dag, durations, context.workers);
  let preloaded = 0;
  if (booleanParam(params, 'preload')) {
    const pass = preloadPass(dag, durations, plan, context.fullTiming(plan));
    plan = pass.plan;
    preloaded = pass.marked.length;
  }
  const startMakespanMs = context.fullTiming(plan).makespanMs;
  const targetMs = target.kind === 'best' ? startMakespanMs : target.ms;
  const base = { bestMakespanMs: startMakespanMs, targetMs, preloaded };
  if (target.kind === 'deadline' && startMakespanMs > targetMs + TIME_EPSILON_MS) {
    // Even the fastest plan misses the deadline: return it, without claiming the deadline.
    return { plan, claimsDeadline: false, annotations: { [id]: { ...base, deadlineMet: false } }, stats: { trials: 0, screened: 0, accepted: 0, passes: 0 } };
  }
  const estimate = new WorkerCostEstimate(dag, durations, plan);
  const step = stringParam(params, 'step');
  const steps: DowngradeStep[] = step === 'both' ? ['cheapest-first', 'one-level'] : [step as DowngradeStep];
  let budgetLeft = Math.min(context.tryBudget, budget);
  let best: { result: DowngradeResult; cost: number; step: DowngradeStep } | undefined;
  const totals = { trials: 0, screened: 0, accepted: 0, passes: 0 };
  for (const s of steps) {
    const result = downgradeWorkers(context.incrementalTiming(plan), estimate, durations.levels, {
      targetMs,
      margin,
      order: stringParam(params, 'order') as VisitOrder,
      step: s,
      passes,
      tryBudget: budgetLeft,
      allowNewCriticalPath: target.kind === 'deadline',
      random: context.random,
    });
    budgetLeft -= result.trials;
    totals.trials += result.trials;
    totals.screened += result.screened;
    totals.accepted += result.accepted;
    totals.passes += result.passes;
    const cost = steps.length === 1 ? 0 : billed(context, result.plan);
    if (best === undefined || cost < best.cost) best = { result, cost, step: s };
  }
  let { result } = best!;
  let refined = 0;
  const refine = target.kind === 'deadline' ? numberParam(params, 'refine') : 0;
  if (target.kind === 'deadline' && refine > 0) {
    // Give back the slack the most-downgraded workers took and let the others use it instead.
    let cost = best!.cost !== 0 || steps.length > 1 ? best!.cost : billed(context, result.plan);
    const taken = Array.from({ length: plan.workerCount }, (_, w) => w)
      .filter((w) => result.plan.levelOf[w] !== plan.levelOf[w])
      .map((w) => ({ w, drop: estimate.mbMs(w, plan.levelOf[w]!) - estimate.mbMs(w, result.plan.levelOf[w]!) }))
      .sort((a, b) => b.drop - a.drop || a.w - b.w)
      .slice(0, refine);
    for (const { w } of taken) {
      if (budgetLeft <= 0) break;
      const start = copyPlan(result.plan);
      start.levelOf[w] = plan.levelOf[w]!;
      const frozen = new Uint8Array(plan.workerCount);
      frozen[w] = 1;
      const trial = downgradeWorkers(context.incrementalTiming(start), estimate, durations.levels, {
        targetMs,
        margin,
        order: stringParam(params, 'order') as VisitOrder,
        step: best!.step,
        passes,
        tryBudget: budgetLeft,
        allowNewCriticalPath: true,
        random: context.random,
        frozen,
      });
      budgetLeft -= trial.trials;
      totals.trials += trial.trials;
      totals.screened += trial.screened;
      const trialCost = billed(context, trial.plan);
      if (trialCost < cost * (1 - 1e-12)) {
        result = trial;
        cost = trialCost;
        refined++;
      }
    }
  }
  return {
    plan: result.plan,
    ...(target.kind === 'deadline' ? { claimsDeadline: true } : {}),
    annotations: { [id]: { ...base, makespanMs: result.makespanMs, step: best!.step, refined, budgetSpent: result.budgetSpent } },
    stats: totals,
  };
}

function billed(context: PlanningContext, plan: CompactPlan): number {
  return planCost(context.dag, context.durations, plan, context.fullTiming(plan), context.cost).costUsd;
}
