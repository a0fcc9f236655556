/**
 * The host's check of every plan a planner returns: every task has exactly one worker
 * (the compact form holds one entry per task), every worker exists, has tasks and a level
 * of the ladder, flags are 0/1, annotations sit under the planner's own id (their
 * namespace), and a claimed deadline is kept under the timing model.
 * A violation is a SlacklineError naming the planner, listing every problem found.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { SlacklineError } from '../errors.js';
import { planTiming } from '../timing/timing-model.js';
import { timeGreater } from '../timing/tolerance.js';
import type { CompactPlan, DurationTable } from '../timing/types.js';
import type { PlanOutcome } from './types.js';

const MAX_LISTED = 20;

export function validatePlan(plannerId: string, dag: CompactDag, durations: DurationTable, outcome: PlanOutcome, deadlineMs?: number): void {
  const plan: CompactPlan | undefined = outcome?.plan;
  const problems: string[] = [];
  const tasks: string[] = [];
  if (!plan || typeof plan !== 'object') {
    problems.push('no plan returned');
  } else {
    const n = dag.taskCount;
    const W = plan.workerCount;
    if (!Number.isInteger(W) || W < 1) problems.push(`workerCount is ${String(W)}; expected an integer >= 1`);
    const arrays: [string, unknown, number, 'int' | 'flag'][] = [
      ['workerOf', plan.workerOf, n, 'int'],
      ['levelOf', plan.levelOf, W, 'int'],
      ['preload', plan.preload, n, 'flag'],
      ['prewarm', plan.prewarm, W, 'flag'],
    ];
    for (const [name, array, length, kind] of arrays) {
      const ok = kind === 'int' ? array instanceof Int32Array : array instanceof Uint8Array;
      if (!ok) problems.push(`${name} must be ${kind === 'int' ? 'an Int32Array' : 'a Uint8Array'}`);
      else if ((array as ArrayLike<number>).length !== length) problems.push(`${name} has ${(array as ArrayLike<number>).length} entries; expected ${length}`);
    }
    if (problems.length === 0) {
      const used = new Uint8Array(W);
      for (let v = 0; v < n; v++) {
        const w = plan.workerOf[v]!;
        if (w < 0 || w >= W) {
          problems.push(`task "${dag.taskIds[v]}" has worker ${w}, outside 0..${W - 1}`);
          tasks.push(dag.taskIds[v]!);
        } else used[w] = 1;
      }
      for (let w = 0; w < W; w++) {
        if (used[w] === 0) problems.push(`worker ${w} has no task`);
        const l = plan.levelOf[w]!;
        if (l < 0 || l >= durations.levels) problems.push(`worker ${w} has memory level ${l}, not on the ladder (0..${durations.levels - 1})`);
        if (plan.prewarm[w]! > 1) problems.push(`prewarm[${w}] is ${plan.prewarm[w]}; expected 0 or 1`);
      }
      for (let v = 0; v < n; v++) if (plan.preload[v]! > 1) problems.push(`preload of task "${dag.taskIds[v]}" is ${plan.preload[v]}; expected 0 or 1`);
    }
    if (outcome.annotations !== undefined) {
      if (typeof outcome.annotations !== 'object' || outcome.annotations === null) problems.push('annotations must be an object keyed by the planner id');
      else for (const key of Object.keys(outcome.annotations)) if (key !== plannerId) problems.push(`annotation namespace "${key}" is not the planner's id "${plannerId}"`);
    }
    if (problems.length === 0 && outcome.claimsDeadline) {
      if (deadlineMs === undefined) problems.push('claims a deadline, but the run has none');
      else {
        const makespan = planTiming(dag, durations, plan).makespanMs;
        if (timeGreater(makespan, deadlineMs)) problems.push(`claims the deadline ${deadlineMs} ms but its makespan is ${makespan} ms`);
      }
    }
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED);
    const more = problems.length > MAX_LISTED ? `; and ${problems.length - MAX_LISTED} more` : '';
    throw new SlacklineError('planning/validate-plan', `planner "${plannerId}" returned an invalid plan: ${listed.join('; ')}${more}`, tasks.length > 0 ? { tasks } : {}, problems);
  }
}
