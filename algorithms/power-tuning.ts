/**
 * power-tuning: every function tuned alone, as AWS Lambda Power Tuning does. For each func
 * of the DAG and each ladder size, the average execution time over the func's tasks (the
 * mean of the predicted distribution when the host prepared one, else the table at the
 * run's SLA) and the average cost of one invocation at that size (GB-s price x memory x
 * duration + invocation price); then per func the size chosen by `strategy`:
 *   cost      the cheapest (ties: the faster)              analyzer.js `findCheapest`
 *   speed     the fastest (ties: the cheaper)              analyzer.js `findFastest`
 *   balanced  min  w cost / max cost + (1 - w) time / max time, w = `balancedWeight`
 *             (0 = fastest, 1 = cheapest; default 0.5)     analyzer.js `findBalanced`
 * Every task runs on its own worker (every function its own Lambda: Power Tuning knows
 * no locality), at its func's size. O(V L).
 * Source: Alex Casalboni, "AWS Lambda Power Tuning", open-source tool
 * (https://github.com/alexcasalboni/aws-lambda-power-tuning, `lambda/analyzer.js`, the three
 * optimization strategies). Departs from it: durations are predicted, not measured by
 * invoking the function `num` times per size; the average is over the func's tasks of this
 * DAG (the tool tunes one payload); transfers and starts are left out of the per-function
 * figure, as the tool's billed duration leaves them out; the DAG's makespan and deadline
 * play no part (the tool tunes functions, not workflows).
 */
import { assignWorkers } from '../src/planning/assign-workers.js';
import { planWithLevels } from '../src/planning/plan-builders.js';
import { numberParam, stringParam } from '../src/planning/resolve-params.js';
import { SlacklineError } from '../src/errors.js';
import type { PlannerModule } from '../src/planning/types.js';

export const POWER_TUNING_STRATEGIES = ['cost', 'speed', 'balanced'] as const;

/** Mean of a cell's quantile grid (trapezoid over the evenly spaced quantiles). */
function gridMean(grid: Float64Array, base: number, points: number): number {
  let sum = 0;
  for (let k = 0; k + 1 < points; k++) sum += (grid[base + k]! + grid[base + k + 1]!) / 2;
  return sum / (points - 1);
}

export const powerTuning: PlannerModule = {
  id: 'power-tuning',
  description: 'AWS Lambda Power Tuning: every function alone at its cheapest, fastest or balanced size',
  source: 'https://github.com/alexcasalboni/aws-lambda-power-tuning',
  params: [
    { name: 'strategy', description: 'cost: cheapest size; speed: fastest; balanced: weighted (balancedWeight)', type: 'enum', default: 'cost', choices: POWER_TUNING_STRATEGIES },
    { name: 'balancedWeight', description: 'balanced strategy: 0 = fastest, 1 = cheapest (the tool\'s default 0.5)', type: 'number', default: 0.5 },
  ],
  plan(context, params) {
    const { dag, durations, grids, cost } = context;
    const strategy = stringParam(params, 'strategy');
    const weight = numberParam(params, 'balancedWeight');
    if (!(weight >= 0 && weight <= 1)) throw new SlacklineError('planning/power-tuning', `balancedWeight must be in [0, 1], got ${weight}`);
    const L = durations.levels;
    const F = dag.funcNames.length;
    // Average duration per (func, level).
    const sum = new Float64Array(F * L);
    const count = new Float64Array(F);
    for (let v = 0; v < dag.taskCount; v++) {
      const f = dag.funcOf[v]!;
      count[f]!++;
      for (let l = 0; l < L; l++) {
        const x = v * L + l;
        sum[f * L + l]! += grids !== undefined ? gridMean(grids.execMs, x * grids.points, grids.points) : durations.execMs[x]!;
      }
    }
    const sizeOfFunc = new Int32Array(F);
    const chosen: Record<string, number> = {};
    for (let f = 0; f < F; f++) {
      if (count[f] === 0) continue;
      const time = Array.from({ length: L }, (_, l) => sum[f * L + l]! / count[f]!);
      const price = time.map((ms, l) => (durations.ladderMb[l]! / 1024) * (ms / 1000) * cost.pricePerGbSecond + cost.pricePerInvocation);
      const maxTime = Math.max(...time);
      const maxPrice = Math.max(...price);
      const value = (l: number) => {
        if (strategy === 'cost') return [price[l]!, time[l]!];
        if (strategy === 'speed') return [time[l]!, price[l]!];
        return [weight * (maxPrice > 0 ? price[l]! / maxPrice : 0) + (1 - weight) * (maxTime > 0 ? time[l]! / maxTime : 0), 0];
      };
      let best = 0;
      for (let l = 1; l < L; l++) {
        const [a, b] = value(l);
        const [c, d] = value(best);
        if (a! < c! || (a === c && b! < d!)) best = l;
      }
      sizeOfFunc[f] = best;
      chosen[dag.funcNames[f]!] = durations.ladderMb[best]!;
    }
    // One worker per task: no fan-out continuation, fan-ins on a new worker.
    const workers = assignWorkers(dag, { fanOutKeep: 0, groupShortBranches: false, fanInRule: 'new-worker' });
    const levels = new Int32Array(workers.workerCount);
    for (let v = 0; v < dag.taskCount; v++) levels[workers.workerOf[v]!] = sizeOfFunc[dag.funcOf[v]!]!;
    return { plan: planWithLevels(workers, levels), annotations: { 'power-tuning': { strategy, memoryMbByFunc: chosen } } };
  },
};
