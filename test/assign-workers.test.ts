/**
 * Worker assignment rules, and the regression the engine once had: every worker of a plan
 * must own its configuration (here: its own slot in a fresh `levelOf`), and on a tree
 * reduction with unequal branches the flagship gives workers different sizes.
 */
import { describe, expect, it } from 'vitest';
import { bestThenDowngrade } from '../algorithms/best-then-downgrade.js';
import { buildDag } from '../src/dag/build-dag.js';
import { taskIndexMap, toCompactDag } from '../src/dag/compact-dag.js';
import type { WorkflowSpec } from '../src/dag/types.js';
import { chain } from '../src/generate/chain.js';
import { treeReduction } from '../src/generate/tree-reduction.js';
import { assignWorkers, workerTasks } from '../src/planning/assign-workers.js';
import { planWithLevels } from '../src/planning/plan-builders.js';
import { createPlanningContext } from '../src/planning/planning-context.js';
import { resolveParams } from '../src/planning/resolve-params.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { fixture } from './fixtures/planning-dags.js';

function compact(spec: WorkflowSpec) {
  const dag = toCompactDag(buildDag(spec));
  return { dag, index: taskIndexMap(dag) };
}

/**
 *   a -> b -> c              (chain)
 *   a -> d, a -> e, a -> f   (fan-out: d gets the most bytes)
 *   c, e -> g                (fan-in: e's edge carries the most bytes)
 */
function shapes(): WorkflowSpec {
  const t = (id: string) => ({ id, func: 'f', inputBytes: 1, outputBytes: 1 });
  return {
    name: 'shapes',
    tasks: ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(t),
    edges: [
      { from: 'a', to: 'b', bytes: 10 },
      { from: 'b', to: 'c', bytes: 10 },
      { from: 'a', to: 'd', bytes: 50 },
      { from: 'a', to: 'e', bytes: 5 },
      { from: 'a', to: 'f', bytes: 5 },
      { from: 'c', to: 'g', bytes: 1 },
      { from: 'e', to: 'g', bytes: 99 },
    ],
  };
}

describe('assignWorkers', () => {
  it('continues a chain on one worker', () => {
    const { dag } = compact(chain({ length: 6 }));
    const a = assignWorkers(dag);
    expect(a.workerCount).toBe(1);
    expect(Array.from(a.workerOf)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('keeps the fan-out branch with the most bytes, continues a fan-in on its largest input', () => {
    const { dag, index } = compact(shapes());
    const a = assignWorkers(dag);
    const w = (id: string) => a.workerOf[index.get(id)!]!;
    expect(w('d')).toBe(w('a')); // most bytes stays
    expect(w('b')).not.toBe(w('a'));
    expect(w('c')).toBe(w('b')); // chain continues
    expect(new Set([w('a'), w('b'), w('e'), w('f')]).size).toBe(4); // no taskMs: no branch is short
    expect(w('g')).toBe(w('e')); // fan-in follows its largest input
    const first = assignWorkers(dag, { fanInRule: 'first-upstream' });
    const firstPred = Math.min(index.get('c')!, index.get('e')!);
    expect(first.workerOf[index.get('g')!]).toBe(first.workerOf[firstPred]);
    // Last-finishing: g follows c when c's branch is estimated to finish later, e otherwise.
    const slowC = new Float64Array(dag.taskCount).fill(1);
    slowC[index.get('c')!] = 50;
    expect(assignWorkers(dag, { fanInRule: 'last-finishing', taskMs: slowC }).workerOf[index.get('g')!]).toBe(w('c'));
    const slowE = new Float64Array(dag.taskCount).fill(1);
    slowE[index.get('e')!] = 50;
    const byE = assignWorkers(dag, { fanInRule: 'last-finishing', taskMs: slowE });
    expect(byE.workerOf[index.get('g')!]).toBe(byE.workerOf[index.get('e')!]);
    expect(() => assignWorkers(dag, { fanInRule: 'last-finishing' })).toThrow(/needs taskMs/);
    const fresh = assignWorkers(dag, { fanInRule: 'new-worker' });
    expect(new Set(fresh.workerOf).size).toBe(fresh.workerCount);
    expect(fresh.workerOf[index.get('g')!]).not.toBe(fresh.workerOf[index.get('e')!]);
  });

  it('groups the short branches of a fan-out on one worker, and honours fanOutKeep', () => {
    const { dag, index } = compact(shapes());
    const taskMs = new Float64Array(dag.taskCount).fill(1000);
    taskMs[index.get('e')!] = 10;
    taskMs[index.get('f')!] = 20;
    const a = assignWorkers(dag, { taskMs, shortBranchMs: 100 });
    const w = (id: string) => a.workerOf[index.get(id)!]!;
    expect(w('e')).toBe(w('f'));
    expect(w('e')).not.toBe(w('a'));
    expect(w('b')).not.toBe(w('e'));
    const off = assignWorkers(dag, { taskMs, groupShortBranches: false });
    expect(off.workerOf[index.get('e')!]).not.toBe(off.workerOf[index.get('f')!]);
    const keep2 = assignWorkers(dag, { fanOutKeep: 2 });
    expect(keep2.workerOf[index.get('b')!]).toBe(keep2.workerOf[index.get('a')!]);
    const keep0 = assignWorkers(dag, { fanOutKeep: 0 });
    expect(keep0.workerOf[index.get('d')!]).not.toBe(keep0.workerOf[index.get('a')!]);
  });

  it('numbers workers densely and lists each worker\'s tasks', () => {
    const { dag } = compact(treeReduction({ leaves: 9, unequal: true }));
    const a = assignWorkers(dag);
    expect(a.workerCount).toBe(9); // one worker per leaf: every reducer continues on an input's worker
    const { start, tasks } = workerTasks(a);
    expect(start[a.workerCount]).toBe(dag.taskCount);
    for (let w = 0; w < a.workerCount; w++) {
      expect(start[w + 1]! - start[w]!).toBeGreaterThan(0);
      for (let k = start[w]!; k < start[w + 1]!; k++) expect(a.workerOf[tasks[k]!]).toBe(w);
    }
  });

  it('rejects bad options with a clear error', () => {
    const { dag } = compact(chain({ length: 2 }));
    expect(() => assignWorkers(dag, { fanOutKeep: -1 })).toThrow(/fanOutKeep/);
    expect(() => assignWorkers(dag, { fanInRule: 'nearest' as never })).toThrow(/fanInRule/);
  });
});

describe('regression: workers never share one configuration object', () => {
  it('every call and every plan gets fresh arrays; changing one worker changes only it', () => {
    const { dag } = compact(treeReduction({ leaves: 8, unequal: true }));
    const a = assignWorkers(dag);
    const b = assignWorkers(dag);
    expect(a.workerOf).not.toBe(b.workerOf);
    const p = planWithLevels(a, 2);
    const q = planWithLevels(a, 2);
    expect(p.levelOf).not.toBe(q.levelOf);
    expect(p.workerOf).not.toBe(a.workerOf);
    p.levelOf[0] = 0;
    expect(Array.from(p.levelOf.subarray(1))).toEqual(new Array(p.workerCount - 1).fill(2));
    expect(Array.from(q.levelOf)).toEqual(new Array(q.workerCount).fill(2));
  });

  it('best-then-downgrade gives different sizes to the workers of an unequal tree reduction', () => {
    const f = fixture(treeReduction({ leaves: 16, unequal: true, seed: 11 }));
    const context = createPlanningContext({ dag: f.dag, durations: f.durations, cost: AWS_LAMBDA_X86_COST, seed: 1 });
    const { plan } = bestThenDowngrade.plan(context, resolveParams(bestThenDowngrade));
    const sizes = new Set(Array.from(plan.levelOf, (l) => context.ladderMb[l]));
    expect(sizes.size).toBeGreaterThan(1);
    // Heavier leaves keep more memory than the lightest leaf's worker.
    expect(Math.max(...plan.levelOf)).toBeGreaterThan(Math.min(...plan.levelOf));
  });
});
