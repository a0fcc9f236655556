/**
 * The downgrade loop shared by `best-then-downgrade` and `deadline-downgrade`: starting
 * from a plan held by a critical-path engine, move workers to cheaper memory levels as
 * long as a target makespan holds.
 *
 * One pass visits every worker in the chosen order. For a worker at level c, the
 * candidate levels are those whose estimated cost (memory x summed busy time of the
 * worker's tasks, `WorkerCostEstimate`) is lower than at c. With `step: 'cheapest-first'`
 * they are tried cheapest first (ties: the smaller level), so a worker jumps straight to
 * the cheapest level that fits; with `'one-level'` the smallest saving first, so a worker
 * moves one step per pass and the slack is shared among workers over the passes. The first
 * accepted candidate is applied. A trial is one `whatIf` query; a move is accepted when
 *
 *   maxFinishOverLatest <= (T - M) - margin * T      (every moved task finishes in time)
 *   and makespanAfter <= T
 *   and, unless `allowNewCriticalPath`, no task that had slack becomes critical
 *
 * where T is the target and M the current makespan (latest finishes are relative to M).
 * Moves that provably fail this rule (every weight of the worker grows, and some task
 * grows by more than its slack allows) are screened out without a query.
 * With T = M (best-then-downgrade) that is "never lengthen the makespan, never create a
 * new critical path"; with T = a deadline D >= M, critical workers may slow down too while
 * D holds. An accepted move is applied with `setWorkerLevel` (the incremental engine
 * re-propagates only the affected cone). Passes repeat until one accepts nothing, `passes`
 * is reached, or the try budget is spent. Deterministic: orders break ties by worker
 * index, and `random` order draws from the seeded source.
 */
import { TIME_EPSILON_MS } from '../timing/tolerance.js';
import type { CompactPlan } from '../timing/types.js';
import type { RandomSource } from '../util/random.js';
import type { IncrementalTimingEngine } from './types.js';
import type { WorkerCostEstimate } from './worker-cost-estimate.js';

export const VISIT_ORDERS = ['most-saving', 'saving-per-ms', 'most-slack', 'topological', 'random'] as const;
export type VisitOrder = (typeof VISIT_ORDERS)[number];
export const DOWNGRADE_STEPS = ['cheapest-first', 'one-level'] as const;
export type DowngradeStep = (typeof DOWNGRADE_STEPS)[number];

export interface DowngradeOptions {
  /** Target makespan T, ms. */
  readonly targetMs: number;
  /** Slack kept on every moved task, as a fraction of T. */
  readonly margin: number;
  readonly order: VisitOrder;
  /** `cheapest-first`: jump to the cheapest level that fits; `one-level`: the smallest saving that fits, one step per pass. */
  readonly step: DowngradeStep;
  /** Maximum number of passes over the workers. */
  readonly passes: number;
  /** Maximum number of what-if trials in all. */
  readonly tryBudget: number;
  /** Allow moves that make a task with slack critical (deadline mode). */
  readonly allowNewCriticalPath: boolean;
  readonly random: RandomSource;
  /** 1 for workers that must keep their level. */
  readonly frozen?: Uint8Array;
}

export interface DowngradeResult {
  readonly plan: CompactPlan;
  readonly makespanMs: number;
  /** What-if queries made. */
  readonly trials: number;
  /** Candidate moves rejected by the cheap screen, without a query. */
  readonly screened: number;
  readonly accepted: number;
  readonly passes: number;
  readonly budgetSpent: boolean;
}

export function downgradeWorkers(engine: IncrementalTimingEngine, estimate: WorkerCostEstimate, levels: number, options: DowngradeOptions): DowngradeResult {
  const { targetMs: T, margin } = options;
  let trials = 0;
  let screened = 0;
  let accepted = 0;
  let passes = 0;
  let budgetSpent = false;
  const candidates: { level: number; cost: number }[] = [];

  while (passes < options.passes && !budgetSpent) {
    passes++;
    let acceptedThisPass = 0;
    for (const w of visitOrder(engine, estimate, levels, options)) {
      if (options.frozen?.[w] === 1) continue;
      const current = engine.levelOf(w);
      const currentCost = estimate.mbMs(w, current);
      candidates.length = 0;
      for (let l = 0; l < levels; l++) {
        if (l === current) continue;
        const cost = estimate.mbMs(w, l);
        if (cost < currentCost * (1 - 1e-12)) candidates.push({ level: l, cost });
      }
      if (options.step === 'cheapest-first') candidates.sort((a, b) => a.cost - b.cost || a.level - b.level);
      else candidates.sort((a, b) => b.cost - a.cost || b.level - a.level);
      for (const { level } of candidates) {
        const slackLeft = T - engine.makespanMs - margin * T;
        if (provablyRejected(engine, estimate, w, current, level, slackLeft, options.allowNewCriticalPath)) {
          screened++;
          continue;
        }
        if (trials >= options.tryBudget) {
          budgetSpent = true;
          break;
        }
        trials++;
        const answer = engine.whatIf(w, level, T, !options.allowNewCriticalPath);
        if (answer.maxFinishOverLatestMs > slackLeft + TIME_EPSILON_MS) continue;
        if (answer.makespanMs > T + TIME_EPSILON_MS) continue;
        if (!options.allowNewCriticalPath && answer.createsCriticalPath) continue;
        engine.setWorkerLevel(w, level);
        accepted++;
        acceptedThisPass++;
        break;
      }
      if (budgetSpent) break;
    }
    if (acceptedThisPass === 0) break;
  }
  return { plan: engine.plan(), makespanMs: engine.makespanMs, trials, screened, accepted, passes, budgetSpent };
}

/**
 * A cheap O(tasks of w x degree) screen before the what-if query. When no weight of the
 * worker's tasks and incoming edges decreases, every task c finishes at least
 * d(c) = (new weight - old weight) later, so its overshoot of its latest finish is at least
 * d(c) - slack(c) and its new slack at most slack(c) - d(c). The move is then certainly
 * rejected by the acceptance rule if some task overshoots the allowance, or (without
 * `allowNewCriticalPath`) if a task with slack would lose it. Only such moves are skipped,
 * so the screen never changes a decision, only saves queries.
 */
function provablyRejected(engine: IncrementalTimingEngine, estimate: WorkerCostEstimate, w: number, from: number, to: number, allowance: number, allowNewCriticalPath: boolean): boolean {
  const { weights, byWorker } = estimate;
  const { predStart, predEdge } = weights.model.dag;
  let rejected = false;
  for (let k = byWorker.start[w]!; k < byWorker.start[w + 1]!; k++) {
    const c = byWorker.tasks[k]!;
    const d = weights.node(c, to) - weights.node(c, from);
    if (d < 0) return false;
    for (let p = predStart[c]!; p < predStart[c + 1]!; p++) {
      if (weights.edge(predEdge[p]!, to) < weights.edge(predEdge[p]!, from)) return false;
    }
    if (rejected) continue;
    const slack = engine.slackMs(c);
    if (d - slack > allowance + TIME_EPSILON_MS) rejected = true;
    else if (!allowNewCriticalPath && slack > TIME_EPSILON_MS && slack - d <= TIME_EPSILON_MS) rejected = true;
  }
  return rejected;
}

/** Workers in the order of one pass. */
function visitOrder(engine: IncrementalTimingEngine, estimate: WorkerCostEstimate, levels: number, options: DowngradeOptions): Int32Array {
  const { start, tasks } = estimate.byWorker;
  const W = start.length - 1;
  const { frozen } = options;
  const order = new Int32Array(W);
  for (let w = 0; w < W; w++) order[w] = w;
  switch (options.order) {
    case 'topological': {
      // Workers by their first task (tasks of a worker are listed in topological order).
      const first = new Int32Array(W);
      for (let w = 0; w < W; w++) first[w] = tasks[start[w]!]!;
      return order.sort((a, b) => first[a]! - first[b]! || a - b);
    }
    case 'random': {
      for (let i = W - 1; i > 0; i--) {
        const j = Math.floor(options.random() * (i + 1));
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
      return order;
    }
    case 'most-slack': {
      // Least slack of a worker's tasks: the worker with the most room goes first.
      const slack = new Float64Array(W);
      for (let w = 0; w < W; w++) {
        if (frozen?.[w] === 1) continue; // skipped by the pass: its rank does not matter
        let least = Infinity;
        for (let k = start[w]!; k < start[w + 1]!; k++) least = Math.min(least, engine.slackMs(tasks[k]!));
        slack[w] = least;
      }
      return order.sort((a, b) => slack[b]! - slack[a]! || a - b);
    }
    case 'most-saving':
    case 'saving-per-ms': {
      // Saving of the worker's cheapest level; per ms its busy time grows there, for saving-per-ms.
      const key = new Float64Array(W);
      for (let w = 0; w < W; w++) {
        if (frozen?.[w] === 1) continue; // skipped by the pass: its rank does not matter
        const level = engine.levelOf(w);
        const current = estimate.mbMs(w, level);
        let cheapest = current;
        let cheapestLevel = level;
        for (let l = 0; l < levels; l++) {
          const cost = estimate.mbMs(w, l);
          if (cost < cheapest) {
            cheapest = cost;
            cheapestLevel = l;
          }
        }
        key[w] = current - cheapest;
        if (options.order === 'saving-per-ms') key[w] = key[w]! / Math.max(estimate.busyMs(w, cheapestLevel) - estimate.busyMs(w, level), 1e-3);
      }
      return order.sort((a, b) => key[b]! - key[a]! || a - b);
    }
  }
}
