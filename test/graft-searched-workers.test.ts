/**
 * The graft that finishes a split/merge search cut short by its per-element work budget
 * (large DAGs): unit properties against a numeric oracle on random plans, and the planners'
 * use of it (only on DAGs larger than the budget counts; the plan keeps the target and never
 * bills more than the fixed assignment's).
 */
import { describe, expect, it } from 'vitest';
import { getPlanner } from '../algorithms/index.js';
import { compactWorkflow } from '../src/dag/compact-workflow.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { compactWorkers } from '../src/planning/full-recompute-timing.js';
import { graftSearchedWorkers } from '../src/planning/graft-searched-workers.js';
import { groundTruthDurations } from '../src/planning/ground-truth-durations.js';
import { createPlanningContext } from '../src/planning/planning-context.js';
import { resolveParams } from '../src/planning/resolve-params.js';
import { SPLIT_MERGE_MAX_ELEMENTS, SPLIT_MERGE_WORK_PER_ELEMENT } from '../src/planning/split-merge.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { planCost } from '../src/timing/plan-cost.js';
import { TimingModel } from '../src/timing/timing-model.js';
import { TIME_EPSILON_MS } from '../src/timing/tolerance.js';
import type { CompactPlan } from '../src/timing/types.js';
import { randomInt, seededRandom } from '../src/util/random.js';
import { SHAPES, randomPlan, randomShape, randomTable } from './support/timing-fixtures.js';

const tasksOf = (plan: CompactPlan, w: number) => Array.from(plan.workerOf.keys()).filter((v) => plan.workerOf[v] === w).join(',');

describe('graftSearchedWorkers', () => {
  it('freezes only workers whose tasks and weights the search left alone, at the fixed levels (numeric oracle, 200 random plans)', () => {
    const random = seededRandom(77);
    let frozenSeen = 0;
    let changedSeen = 0;
    for (let k = 0; k < 200; k++) {
      const dag = compactWorkflow(randomShape(SHAPES[k % SHAPES.length]!, random));
      const levels = 2 + (k % 3);
      const table = randomTable(dag, levels, random);
      const fixed = randomPlan(dag, levels, random);
      // A "search": a few tasks moved to a new worker or onto another one, levels redrawn.
      const workerOf = Int32Array.from(fixed.workerOf);
      const moves = randomInt(random, 0, 3);
      for (let m = 0; m < moves; m++) workerOf[randomInt(random, 0, dag.taskCount - 1)] = random() < 0.5 ? fixed.workerCount : randomInt(random, 0, fixed.workerCount - 1);
      const searched = compactWorkers({
        workerCount: fixed.workerCount + 1,
        workerOf,
        levelOf: Int32Array.from({ length: fixed.workerCount + 1 }, () => randomInt(random, 0, levels - 1)),
        prewarm: Uint8Array.from({ length: fixed.workerCount + 1 }, (_, w) => (w < fixed.workerCount ? fixed.prewarm[w]! : 0)),
        preload: fixed.preload,
      });
      const graft = graftSearchedWorkers(dag, table, fixed, searched);
      expect(Array.from(graft.plan.workerOf)).toEqual(Array.from(searched.workerOf));
      const f = new TimingModel(dag, table, fixed);
      const s = new TimingModel(dag, table, searched);
      let changed = 0;
      for (let x = 0; x < searched.workerCount; x++) {
        const members = tasksOf(searched, x);
        const first = Array.from(searched.workerOf).indexOf(x);
        const y = fixed.workerOf[first]!;
        const sameSet = tasksOf(fixed, y) === members;
        let sameWeights = true;
        for (const v of members.split(',').map(Number)) {
          for (let l = 0; l < levels; l++) {
            if (f.nodeMs(v, l) !== s.nodeMs(v, l)) sameWeights = false;
            for (let p = dag.predStart[v]!; p < dag.predStart[v + 1]!; p++) if (f.edgeMs(dag.predEdge[p]!, l) !== s.edgeMs(dag.predEdge[p]!, l)) sameWeights = false;
          }
        }
        if (graft.frozen[x] === 1) {
          // Sound: a frozen worker is a fixed worker with the same weights, at its fixed level.
          expect(sameSet && sameWeights, `plan ${k} worker ${x}`).toBe(true);
          expect(graft.plan.levelOf[x]).toBe(fixed.levelOf[y]);
          frozenSeen++;
        } else {
          // Changed workers keep the search's level (they are downgraded from there).
          expect(graft.plan.levelOf[x]).toBe(searched.levelOf[x]);
          changed++;
          changedSeen++;
        }
        // A regrouped worker (a split, a merge) is never frozen.
        if (!sameSet) expect(graft.frozen[x]).toBe(0);
      }
      expect(graft.changed).toBe(changed);
    }
    expect(frozenSeen).toBeGreaterThan(100);
    expect(changedSeen).toBeGreaterThan(50);
  });
});

/** Workers of `plan` that are not a worker of `fixed` with the same tasks at the same level. */
function workersUnlike(plan: CompactPlan, fixed: CompactPlan): number {
  const key = (p: CompactPlan) => {
    const byWorker = new Map<number, number[]>();
    p.workerOf.forEach((w, v) => byWorker.set(w, [...(byWorker.get(w) ?? []), v]));
    return new Set(Array.from(byWorker, ([w, tasks]) => `${tasks.join(',')}@${p.levelOf[w]}`));
  };
  const known = key(fixed);
  return Array.from(key(plan)).filter((k) => !known.has(k)).length;
}

describe('the downgrade planners on DAGs larger than the split budget counts', () => {
  const instance = (tasks: number) => {
    const dag = compactWorkflow(randomLayered({ tasks, seed: tasks }));
    const durations = groundTruthDurations(dag);
    return { dag, durations, base: createPlanningContext({ dag, durations, cost: AWS_LAMBDA_X86_COST, seed: 1 }) };
  };
  const big = instance(10_000);
  const bill = (plan: CompactPlan) => planCost(big.dag, big.durations, plan, big.base.fullTiming(plan), AWS_LAMBDA_X86_COST).costUsd;

  for (const [id, factor, splitWork] of [['best-then-downgrade', 1, 10], ['deadline-downgrade', 1.2, SPLIT_MERGE_WORK_PER_ELEMENT]] as const) {
    it(`${id}, 10,000 tasks, splitWork ${splitWork}: a search cut short by its budget is grafted onto the fixed plan, keeps the target, bills no more`, () => {
      const { dag, base } = big;
      expect(dag.taskCount + dag.edgeCount).toBeGreaterThan(SPLIT_MERGE_MAX_ELEMENTS);
      const planner = getPlanner(id);
      const context = factor === 1 ? base : { ...base, deadlineMs: base.bestMakespanMs * factor };
      const targetMs = base.bestMakespanMs * factor;
      const out = planner.plan(context, resolveParams(planner, { splitWork }));
      const note = out.annotations![id]!;
      expect(note['graftedWorkers']).toBeDefined();
      expect(base.fullTiming(out.plan).makespanMs).toBeLessThanOrEqual(targetMs + TIME_EPSILON_MS);
      const fixed = planner.plan(context, resolveParams(planner, { splits: false }));
      expect(bill(out.plan)).toBeLessThanOrEqual(bill(fixed.plan) * (1 + 1e-12));
      if (id === 'best-then-downgrade') {
        // Here the graft of 2 workers bills less than the fixed plan: only the grafted workers differ from it.
        expect(note['assignment']).toBe('searched');
        expect(typeof note['graftedWorkers']).toBe('number');
        expect(bill(out.plan)).toBeLessThan(bill(fixed.plan));
        expect(workersUnlike(out.plan, fixed.plan)).toBeGreaterThan(0);
        expect(workersUnlike(out.plan, fixed.plan)).toBeLessThanOrEqual(note['graftedWorkers'] as number);
      }
    }, 60_000);
  }

  it('below that size a search cut short is downgraded whole (no graft)', () => {
    const { dag, base } = instance(3000);
    expect(dag.taskCount + dag.edgeCount).toBeLessThan(SPLIT_MERGE_MAX_ELEMENTS);
    const planner = getPlanner('best-then-downgrade');
    const out = planner.plan(base, resolveParams(planner, { splitWork: 1 }));
    expect(out.annotations!['best-then-downgrade']!['graftedWorkers']).toBeUndefined();
    expect(out.annotations!['best-then-downgrade']!['searchedCostUsd']).not.toBe(out.annotations!['best-then-downgrade']!['fixedCostUsd']); // the searched plan was downgraded and billed
  }, 60_000);
});
