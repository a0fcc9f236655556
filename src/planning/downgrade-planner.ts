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
 *
 * In deadline mode the result is then refined (`refine`: a most-downgraded worker gives
 * its slack back and is frozen, the others re-downgrade) and polished
 * (`polish`: a bounded local search on the simulator's bill, `polishByBill` below; at most
 * `polish` evaluations and `POLISH_WORK` task+edge visits, so large DAGs pay little).
 *
 * With `splits`, the split/merge search (`split-merge.ts`) runs from the fastest plan and
 * its plan is downgraded the same way; on DAGs larger than its work budget counts
 * (`SPLIT_MERGE_MAX_ELEMENTS`), where the search stops on that budget, its changed workers are
 * grafted onto the fixed plan's levels and downgraded alone (`downgradeGraft`), instead of a
 * second whole downgrade.
 */
import { SlacklineError } from '../errors.js';
import { planCost } from '../timing/plan-cost.js';
import type { CompactPlan } from '../timing/types.js';
import type { WorkerAssignment } from './types.js';
import { TIME_EPSILON_MS } from '../timing/tolerance.js';
import { DOWNGRADE_STEPS, downgradeWorkers, VISIT_ORDERS, type DowngradeResult, type DowngradeStep, type VisitOrder } from './downgrade.js';
import { CONFIDENCE_PARAMS, planWithConfidence } from './confidence-downgrade.js';
import { compactWorkers } from './full-recompute-timing.js';
import { bestPlan, bestPlanAndEstimate, copyPlan } from './plan-builders.js';
import { resolveConfidence } from './planning-grids.js';
import { preloadPass } from './preload-pass.js';
import { booleanParam, numberParam, stringParam, type ResolvedParams } from './resolve-params.js';
import type { PlannerParamSpec, PlanningContext, PlanOutcome } from './types.js';
import { onePerTask } from './assignment/one-per-task.js';
import { graftSearchedWorkers } from './graft-searched-workers.js';
import { splitAndMerge, SPLIT_MERGE_MAX_ELEMENTS, SPLIT_MERGE_WORK_PER_ELEMENT } from './split-merge.js';
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
  { name: 'margin', description: 'slack kept on every moved task, as a fraction of the target makespan (0..1)', type: 'number', default: 0, min: 0, check: (v) => (Number(v) < 1 ? undefined : 'expected a number below 1') },
  { name: 'passes', description: 'maximum passes over the workers', type: 'number', default: 16, min: 1, integer: true },
  { name: 'tryBudget', description: 'maximum what-if queries (also capped by the run\'s --try-budget)', type: 'number', default: 1_000_000, min: 0 },
  { name: 'preload', description: 'run the preload pass on fan-in tasks before downgrading', type: 'boolean', default: false },
  { name: 'splits', description: 'search the worker assignment too: split and merge workers (split-merge.ts), keep the plan the simulator bills less than the fixed assignment\'s', type: 'boolean', default: true },
  { name: 'splitWork', description: 'work budget of the split/merge search: task visits (its estimates and the engine\'s propagation) per task + edge, counted on at most 40,000 of them (on larger DAGs a search cut short is grafted onto the fixed plan instead of downgraded whole), at least 200,000 in all', type: 'number', default: SPLIT_MERGE_WORK_PER_ELEMENT, min: 0 },
  ...CONFIDENCE_PARAMS,
];

/** `deadline-downgrade` adds the refinement of its result. */
export const DEADLINE_DOWNGRADE_PARAMS: readonly PlannerParamSpec[] = [
  ...DOWNGRADE_PARAMS,
  { name: 'refine', description: 'retry this many of the most-downgraded workers at their fastest level, re-downgrading the others; kept when the simulator bills less', type: 'number', default: 8, min: 0, integer: true },
  { name: 'polish', description: 'at most this many single-worker level changes timed and billed by the simulator after refining (first improvement kept); 0 disables', type: 'number', default: 256, min: 0, integer: true },
];

/**
 * A worker assignment whose fastest plan meets `targetMs`, from the split/merge search that
 * best-then-downgrade runs (target: no slower than the start), when the context's own
 * assignment cannot meet it; undefined when that search finds none either.
 */
function fasterAssignment(id: string, context: PlanningContext, params: ResolvedParams, targetMs: number): WorkerAssignment | undefined {
  const best = planByDowngradeAtTable(id, context, { ...params, refine: 0, polish: 0 }, { kind: 'best' }).plan;
  const workers: WorkerAssignment = { workerCount: best.workerCount, workerOf: best.workerOf };
  const fastest = bestPlan(context.dag, context.durations, workers);
  return context.fullTiming(fastest).makespanMs <= targetMs + TIME_EPSILON_MS ? workers : undefined;
}

export type DowngradeTarget = { readonly kind: 'best' } | { readonly kind: 'deadline'; readonly ms: number };

/**
 * Plans by downgrade; with a confidence (the `confidence` parameter or the run's
 * `--confidence`), through the Monte Carlo check of `confidence-downgrade.ts`.
 */
export function planByDowngrade(id: string, context: PlanningContext, params: ResolvedParams, target: DowngradeTarget): PlanOutcome {
  const confidence = resolveConfidence(id, numberParam(params, 'confidence'), context);
  if (confidence === undefined) return planByDowngradeAtTable(id, context, params, target);
  const deadlineMs = target.kind === 'deadline' ? target.ms : undefined;
  // best-then-downgrade has no refine/polish parameters: the screened runs do not refine either.
  const full = target.kind === 'deadline' ? params : { refine: 0, polish: 0, ...params };
  return planWithConfidence(id, context, full, deadlineMs, confidence, (screen, p, ms) => planByDowngradeAtTable(id, screen, p, ms === undefined ? { kind: 'best' } : { kind: 'deadline', ms }));
}

function planByDowngradeAtTable(id: string, context: PlanningContext, params: ResolvedParams, target: DowngradeTarget, reassign = true): PlanOutcome {
  const { dag, durations } = context;
  const margin = numberParam(params, 'margin');
  const passes = numberParam(params, 'passes');
  const budget = numberParam(params, 'tryBudget');
  const bad = (why: string) => new SlacklineError(`planning/${id}`, why);
  if (!(margin >= 0 && margin < 1)) throw bad(`margin must be in [0, 1), got ${margin}`);
  if (!(Number.isInteger(passes) && passes >= 1)) throw bad(`passes must be an integer >= 1, got ${passes}`);
  if (!(budget >= 0)) throw bad(`tryBudget must be >= 0, got ${budget}`);

  let { plan, estimate } = bestPlanAndEstimate(dag, durations, context.workers);
  let preloaded = 0;
  if (booleanParam(params, 'preload')) {
    const pass = preloadPass(dag, durations, plan, context.fullTiming(plan));
    plan = pass.plan;
    preloaded = pass.marked.length;
    estimate = new WorkerCostEstimate(dag, durations, plan); // the preload flags change the weights
  }
  const startMakespanMs = context.fullTiming(plan).makespanMs;
  const targetMs = target.kind === 'best' ? startMakespanMs : target.ms;
  const base = { bestMakespanMs: startMakespanMs, targetMs, preloaded };
  if (target.kind === 'deadline' && startMakespanMs > targetMs + TIME_EPSILON_MS) {
    // The fastest plan of this assignment misses the deadline; another assignment may not
    // (one worker per task pays a start and a transfer per edge that merging removes).
    const faster = reassign && booleanParam(params, 'splits') ? fasterAssignment(id, context, params, targetMs) : undefined;
    if (faster !== undefined) return planByDowngradeAtTable(id, { ...context, workers: faster }, params, target, false);
    // Even the fastest plan misses the deadline: return it, without claiming the deadline.
    return { plan, claimsDeadline: false, annotations: { [id]: { ...base, deadlineMet: false } }, stats: { trials: 0, screened: 0, accepted: 0, passes: 0 } };
  }
  let budgetLeft = Math.min(context.tryBudget, budget);
  const fixed = downgradeFrom(id, context, params, target, plan, targetMs, budgetLeft, estimate);
  if (!booleanParam(params, 'splits')) {
    return { ...fixed.outcome, annotations: { [id]: { ...base, ...fixed.annotation, assignment: 'fixed' } } };
  }
  budgetLeft -= fixed.trials;
  // Assignment inside the search: split and merge workers from the fastest plan, then
  // downgrade the new workers. Small DAGs also try splits without merges and a start from
  // one worker per task (with and without merges); the cheapest bill wins and gets the
  // re-merge polish.
  const small = dag.taskCount + dag.edgeCount <= REMERGE_MAX_ELEMENTS;
  const starts: { plan: CompactPlan; merges: boolean }[] = [{ plan, merges: true }];
  if (small) {
    const single = bestPlan(dag, durations, onePerTask.assign(dag, new Float64Array(dag.taskCount)));
    starts.push({ plan, merges: false }, { plan: single, merges: true }, { plan: single, merges: false });
  }
  let moved: Downgraded | undefined;
  let searchTrials = 0;
  let splitCount = 0;
  let mergeCount = 0;
  let graft: number | string | undefined;
  for (const start of starts) {
    if (start.plan !== plan && context.fullTiming(start.plan).makespanMs > targetMs + TIME_EPSILON_MS) continue;
    const search = splitAndMerge(context.incrementalTiming(start.plan), dag, durations, start.plan, {
      targetMs,
      margin,
      allowNewCriticalPath: target.kind === 'deadline',
      tryBudget: Math.max(0, budgetLeft),
      passes,
      cutsPerWorker: 8,
      levelTrials: 4,
      cost: context.cost,
      merges: start.merges,
      workPerElement: numberParam(params, 'splitWork'),
    });
    budgetLeft -= search.trials;
    searchTrials += search.trials;
    if (search.splits + search.merges === 0 && start.plan === plan) continue;
    // On a DAG larger than the search's budget counts (SPLIT_MERGE_MAX_ELEMENTS), a search
    // cut short by it reached few workers: those are grafted onto the fixed plan's levels and
    // downgraded alone, instead of downgrading the whole plan a second time.
    const grafted = search.workSpent && start.plan === plan && dag.taskCount + dag.edgeCount > SPLIT_MERGE_MAX_ELEMENTS;
    const candidate = grafted ? downgradeGraft(context, params, target, fixed, search.plan, targetMs, Math.max(0, budgetLeft)) : downgradeFrom(id, context, params, target, search.plan, targetMs, Math.max(0, budgetLeft));
    if (grafted) graft = candidate === undefined ? 'missed the target' : (candidate.annotation['graftedWorkers'] as number);
    if (candidate === undefined) continue;
    if (moved === undefined || candidate.cost < moved.cost * (1 - 1e-12)) {
      moved = candidate;
      splitCount = search.splits;
      mergeCount = search.merges;
    }
  }
  if (moved !== undefined && small) {
    // A split that took slack a cheaper move needed is undone when the whole bills less.
    const polished = remergeByBill(id, context, params, target, moved, targetMs);
    moved = polished.best;
    mergeCount += polished.merges;
  }
  const useMoved = moved !== undefined && moved.cost < fixed.cost * (1 - 1e-12);
  const chosen: Downgraded = useMoved ? moved! : fixed;
  // Counters of the chosen plan's downgrade; trials count every query of all three searches.
  const stats: Record<string, number> = { ...chosen.outcome.stats };
  stats.trials = (fixed.outcome.stats?.['trials'] ?? 0) + (moved?.outcome.stats?.['trials'] ?? 0) + searchTrials;
  stats.splits = useMoved ? splitCount : 0;
  stats.merges = useMoved ? mergeCount : 0;
  return {
    ...chosen.outcome,
    annotations: { [id]: { ...base, ...chosen.annotation, assignment: useMoved ? 'searched' : 'fixed', splits: stats.splits, merges: stats.merges, fixedCostUsd: fixed.cost, searchedCostUsd: moved?.cost ?? fixed.cost, ...(graft !== undefined ? { graftedWorkers: graft } : {}) } },
    stats,
  };
}

/** DAGs up to this many tasks + edges get the re-merge polish (`remergeByBill`). */
const REMERGE_MAX_ELEMENTS = 96;

/**
 * Structural polish on the simulator's bill, for small DAGs: the split-merge search ranks
 * moves by a per-move estimate, so a split can take slack that a cheaper downgrade
 * elsewhere needed. Each pair of workers joined by an edge is merged (at the larger of
 * their levels) and the whole downgrade runs again from there; the first merge that bills
 * less is kept, and rounds repeat (at most 2).
 */
function remergeByBill(id: string, context: PlanningContext, params: ResolvedParams, target: DowngradeTarget, start: Downgraded, targetMs: number): { best: Downgraded; merges: number } {
  const { dag } = context;
  let best = start;
  let merges = 0;
  for (let round = 0; round < 2; round++) {
    const plan = best.outcome.plan;
    let improved = false;
    const tried = new Set<string>();
    for (let e = 0; e < dag.edgeCount && !improved; e++) {
      const a = plan.workerOf[dag.edgeFrom[e]!]!;
      const b = plan.workerOf[dag.edgeTo[e]!]!;
      const key = `${Math.min(a, b)},${Math.max(a, b)}`;
      if (a === b || tried.has(key)) continue;
      tried.add(key);
      const merged = copyPlan(plan);
      merged.levelOf[a] = Math.max(plan.levelOf[a]!, plan.levelOf[b]!);
      for (let v = 0; v < dag.taskCount; v++) if (merged.workerOf[v] === b) merged.workerOf[v] = a;
      const trial = downgradeFrom(id, context, params, target, compactWorkers(merged), targetMs, context.tryBudget);
      if (trial.cost < best.cost * (1 - 1e-12) && context.fullTiming(trial.outcome.plan).makespanMs <= targetMs + TIME_EPSILON_MS) {
        best = trial;
        merges++;
        improved = true;
      }
    }
    if (!improved) break;
  }
  return { best, merges };
}

/** Full timing passes the graft may spend giving workers back their searched levels ... */
const GRAFT_REPAIRS = 16;
/** ... and the share of the workers it may free (past it, the graft would cost a whole downgrade). */
const GRAFT_MAX_FREED = 0.1;

/**
 * The searched plan's changed workers on the fixed plan's levels (`graft-searched-workers.ts`),
 * downgraded alone (the others frozen) with the step the fixed plan's downgrade chose. Where
 * the graft misses the target (a split's transfers lengthen paths whose slack the fixed
 * plan used), every worker with a task on a path longer than the target takes its searched
 * level back and is free to downgrade too, until the target holds (the searched plan itself
 * keeps it); undefined when `GRAFT_REPAIRS` passes do not get there or the freed workers
 * pass `GRAFT_MAX_FREED` of all.
 */
function downgradeGraft(context: PlanningContext, params: ResolvedParams, target: DowngradeTarget, fixed: Downgraded, searched: CompactPlan, targetMs: number, budget: number): Downgraded | undefined {
  const { dag, durations } = context;
  const graft = graftSearchedWorkers(dag, durations, fixed.outcome.plan, searched);
  const { plan: start, frozen } = graft;
  let changed = graft.changed;
  for (let repair = 0; ; repair++) {
    const timing = context.fullTiming(start);
    if (timing.makespanMs <= targetMs + TIME_EPSILON_MS) break;
    if (repair === GRAFT_REPAIRS) return undefined;
    const M = timing.makespanMs;
    for (let v = 0; v < dag.taskCount; v++) {
      const x = start.workerOf[v]!;
      if (frozen[x] === 0 || timing.earliestFinish[v]! + (M - timing.latestFinish[v]!) <= targetMs + TIME_EPSILON_MS) continue;
      frozen[x] = 0;
      start.levelOf[x] = searched.levelOf[x]!;
      changed++;
    }
    if (changed > GRAFT_MAX_FREED * start.workerCount) return undefined;
  }
  const engine = context.incrementalTiming(start);
  if (engine.makespanMs > targetMs + TIME_EPSILON_MS) return undefined;
  const step = fixed.annotation['step'] as DowngradeStep;
  const result = downgradeWorkers(engine, new WorkerCostEstimate(dag, durations, start), durations.levels, {
    targetMs,
    margin: numberParam(params, 'margin'),
    order: stringParam(params, 'order') as VisitOrder,
    step,
    passes: numberParam(params, 'passes'),
    tryBudget: budget,
    allowNewCriticalPath: target.kind === 'deadline',
    random: context.random,
    frozen,
  });
  const stats = { trials: result.trials, screened: result.screened, accepted: result.accepted, passes: result.passes, polishEvaluations: 0 };
  return {
    outcome: { plan: result.plan, ...(target.kind === 'deadline' ? { claimsDeadline: true } : {}), stats },
    annotation: { makespanMs: result.makespanMs, step, refined: 0, polished: 0, budgetSpent: result.budgetSpent, graftedWorkers: changed },
    cost: billed(context, result.plan),
    trials: result.trials,
  };
}

interface Downgraded {
  readonly outcome: PlanOutcome;
  readonly annotation: Record<string, unknown>;
  /** Simulated bill of the plan, USD. */
  readonly cost: number;
  readonly trials: number;
}

/**
 * Downgrade (both steps), refine and polish from `plan` (its workers at their start levels);
 * `known` is an estimate already made for the plan's assignment and flags.
 */
function downgradeFrom(id: string, context: PlanningContext, params: ResolvedParams, target: DowngradeTarget, plan: CompactPlan, targetMs: number, budgetStart: number, known?: WorkerCostEstimate): Downgraded {
  const { dag, durations } = context;
  const margin = numberParam(params, 'margin');
  const passes = numberParam(params, 'passes');
  const bad = (why: string) => new SlacklineError(`planning/${id}`, why);
  const estimate = known ?? new WorkerCostEstimate(dag, durations, plan);
  const step = stringParam(params, 'step');
  const steps: DowngradeStep[] = step === 'both' ? ['cheapest-first', 'one-level'] : [step as DowngradeStep];
  let budgetLeft = budgetStart;
  let best: { result: DowngradeResult; cost: number; step: DowngradeStep } | undefined;
  const totals = { trials: 0, screened: 0, accepted: 0, passes: 0, polishEvaluations: 0 };
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
  /** The bill of `result.plan`, once computed. */
  let resultCost = steps.length > 1 ? best!.cost : undefined;
  let refined = 0;
  const refine = target.kind === 'deadline' ? refineRounds(numberParam(params, 'refine'), dag.taskCount + dag.edgeCount) : 0;
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
    resultCost = cost;
  }
  let finalPlan = result.plan;
  let makespanMs = result.makespanMs;
  let polished = 0;
  const polishParam = target.kind === 'deadline' ? numberParam(params, 'polish') : 0;
  if (!(Number.isInteger(polishParam) && polishParam >= 0)) throw bad(`polish must be an integer >= 0, got ${polishParam}`);
  const polishLimit = Math.min(polishParam, Math.floor(POLISH_WORK / (dag.taskCount + dag.edgeCount)), Math.max(0, budgetLeft));
  if (polishLimit > 0) {
    const p = polishByBill(context, finalPlan, targetMs, polishLimit);
    totals.trials += p.evaluations;
    totals.polishEvaluations = p.evaluations;
    finalPlan = p.plan;
    makespanMs = p.makespanMs ?? makespanMs;
    polished = p.moves;
    if (p.moves > 0) resultCost = undefined;
  }
  return {
    outcome: { plan: finalPlan, ...(target.kind === 'deadline' ? { claimsDeadline: true } : {}), stats: totals },
    annotation: { makespanMs, step: best!.step, refined, polished, budgetSpent: result.budgetSpent },
    cost: resultCost ?? billed(context, finalPlan),
    trials: budgetStart - budgetLeft + totals.polishEvaluations,
  };
}

/**
 * Tasks + edges the refinement may cover in all: each round builds an engine, downgrades
 * and bills its plan (several passes over the DAG), so rounds are capped at
 * REFINE_WORK / (tasks + edges) (at least 1): large DAGs pay little, as for the polish.
 */
export const REFINE_WORK = 500_000;

/** Refinement rounds run for the `refine` parameter on a DAG of `elements` tasks + edges. */
export function refineRounds(refine: number, elements: number): number {
  return Math.min(refine, Math.max(1, Math.floor(REFINE_WORK / Math.max(1, elements))));
}

/** Element visits (tasks + edges) the polish may spend in full timing passes: it stays a small share of planning on large DAGs. */
const POLISH_WORK = 250_000;

/**
 * Local search on the simulator's bill, after the downgrade (which ranks moves by a
 * per-worker estimate, memory x busy time, blind to a continuing worker billed while it
 * waits for a slow input from another worker, and greedy about who takes the slack):
 *
 *  - 1-moves: for every worker in index order, every other level is timed (full pass) and
 *    billed; the first move that keeps the target and bills less is applied; rounds repeat
 *    until one improves nothing.
 *  - then compound moves, once 1-moves are exhausted: one worker changes level (typically
 *    upgraded: it gives back slack), then every other worker, in index order, takes its
 *    cheapest level by the bill that keeps the target; kept when the whole bills less, and
 *    the 1-moves run again.
 *
 * At most `limit` evaluations (one full timing pass each, plus a bill when it keeps the
 * target). Deterministic: fixed visiting orders, first improvement.
 */
function polishByBill(context: PlanningContext, start: CompactPlan, targetMs: number, limit: number): { plan: CompactPlan; makespanMs?: number; evaluations: number; moves: number } {
  const { dag, durations } = context;
  const L = durations.levels;
  let plan = copyPlan(start);
  let cost = billed(context, plan);
  let makespanMs: number | undefined;
  let evaluations = 0;
  let moves = 0;
  /** Makespan and bill of `trial`, or undefined when it misses the target. */
  const evaluate = (trial: CompactPlan): { makespanMs: number; cost: number } | undefined => {
    evaluations++;
    const timing = context.fullTiming(trial);
    if (timing.makespanMs > targetMs + TIME_EPSILON_MS) return undefined;
    return { makespanMs: timing.makespanMs, cost: planCost(dag, durations, trial, timing, context.cost).costUsd };
  };
  const W = plan.workerCount;
  for (;;) {
    let improved = true;
    while (improved && evaluations < limit) {
      improved = false;
      for (let w = 0; w < W && evaluations < limit; w++) {
        const current = plan.levelOf[w]!;
        for (let l = 0; l < L && evaluations < limit; l++) {
          if (l === current) continue;
          const trial = copyPlan(plan);
          trial.levelOf[w] = l;
          const r = evaluate(trial);
          if (r !== undefined && r.cost < cost * (1 - 1e-12)) {
            plan = trial;
            cost = r.cost;
            makespanMs = r.makespanMs;
            moves++;
            improved = true;
            break;
          }
        }
      }
    }
    let compound = false;
    for (let w = 0; w < W && !compound && evaluations < limit; w++) {
      for (let l = 0; l < L && !compound && evaluations < limit; l++) {
        if (l === plan.levelOf[w]) continue;
        let trial = copyPlan(plan);
        trial.levelOf[w] = l;
        let r = evaluate(trial);
        if (r === undefined) continue;
        for (let v = 0; v < W && evaluations < limit; v++) {
          if (v === w) continue;
          let bestV: { plan: CompactPlan; makespanMs: number; cost: number } | undefined;
          for (let k = 0; k < L && evaluations < limit; k++) {
            if (k === trial.levelOf[v]) continue;
            const next = copyPlan(trial);
            next.levelOf[v] = k;
            const rv = evaluate(next);
            if (rv !== undefined && rv.cost < (bestV?.cost ?? r.cost) * (1 - 1e-12)) bestV = { plan: next, ...rv };
          }
          if (bestV !== undefined) {
            trial = bestV.plan;
            r = bestV;
          }
        }
        if (r.cost < cost * (1 - 1e-12)) {
          plan = trial;
          cost = r.cost;
          makespanMs = r.makespanMs;
          moves++;
          compound = true;
        }
      }
    }
    if (!compound || evaluations >= limit) break;
  }
  return { plan, ...(makespanMs !== undefined ? { makespanMs } : {}), evaluations, moves };
}

function billed(context: PlanningContext, plan: CompactPlan): number {
  return planCost(context.dag, context.durations, plan, context.fullTiming(plan), context.cost).costUsd;
}
