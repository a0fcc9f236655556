/**
 * The speed work changes no plan. Every planner plans every fixture DAG and every shipped
 * workflow twice: with the default engine (incremental critical path with its weight
 * tables, typed journal and shortcuts) and with `FullRecomputeTiming`, the engine's
 * original approach that recomputes the whole timing for every query and move. The plans
 * must be identical, array for array. The split/merge search stops on a work meter that
 * counts the engine's own propagation visits (so a faster engine may search further); the
 * comparison lifts that budget (`splitWork`) so that it compares the engines, not their
 * meters. The tables the planners read are checked against the
 * timing model they cache: every weight and every worker's busy time at every level.
 */
import { describe, expect, it } from 'vitest';
import { planners } from '../algorithms/index.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { shippedDatasets } from '../src/dataset/registry.js';
import type { CompactDag } from '../src/dag/compact-dag.js';
import { compactWorkflow } from '../src/dag/compact-workflow.js';
import { FullRecomputeTiming } from '../src/planning/full-recompute-timing.js';
import { isPlannerRefusal, upFrontRefusal } from '../src/planning/planner-refusal.js';
import { createPlanningContext } from '../src/planning/planning-context.js';
import { prepareInstance } from '../src/planning/prepare-instance.js';
import { resolveParams } from '../src/planning/resolve-params.js';
import { WorkerCostEstimate } from '../src/planning/worker-cost-estimate.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { TimingModel } from '../src/timing/timing-model.js';
import type { CompactPlan, DurationTable } from '../src/timing/types.js';
import { WeightTable } from '../src/timing/weight-table.js';
import { seededRandom } from '../src/util/random.js';
import { planningFixtures } from './fixtures/planning-dags.js';
import { randomPlan, randomShape, randomTable, SHAPES } from './support/timing-fixtures.js';

interface Instance {
  readonly name: string;
  readonly dag: CompactDag;
  readonly durations: DurationTable;
}

function instances(): Instance[] {
  const list: Instance[] = planningFixtures().map((f) => ({ name: f.name, dag: f.dag, durations: f.durations }));
  for (const shipped of shippedDatasets()) {
    const dataset = loadDataset(shipped.file);
    for (const workflow of dataset.workflows) {
      const instance = prepareInstance({ dataset, datasetName: shipped.name, workflowSignature: workflow.signature, unknownPolicy: 'fallback' });
      list.push({ name: `${shipped.name}/${workflow.name}`, dag: instance.dag, durations: instance.durations });
    }
  }
  return list;
}

const plain = (p: CompactPlan) => ({ workerCount: p.workerCount, workerOf: Array.from(p.workerOf), levelOf: Array.from(p.levelOf), prewarm: Array.from(p.prewarm), preload: Array.from(p.preload) });

describe('same plans as the full-recompute engine', () => {
  const all = instances();
  for (const planner of planners) {
    it(`${planner.id} on ${all.length} fixtures and shipped workflows`, () => {
      let planned = 0;
      for (const { name, dag, durations } of all) {
        if (upFrontRefusal(planner, dag.taskCount, true) !== undefined) continue;
        const base = { dag, durations, cost: AWS_LAMBDA_X86_COST, seed: 3 };
        const probe = createPlanningContext(base);
        const deadlineMs = probe.bestMakespanMs * 1.25;
        const fast = createPlanningContext({ ...base, deadlineMs });
        const reference = createPlanningContext({ ...base, deadlineMs, engine: (d, t, p) => new FullRecomputeTiming(d, t, p) });
        const params = resolveParams(planner, planner.params.some((p) => p.name === 'splitWork') ? { splitWork: 1e9 } : {});
        let expected: ReturnType<typeof plain>;
        try {
          expected = plain(planner.plan(reference, params).plan);
        } catch (error) {
          if (!isPlannerRefusal(error)) throw error;
          expect(() => planner.plan(fast, params), name).toThrow(error.message); // refuses the same way
          continue;
        }
        expect(plain(planner.plan(fast, params).plan), name).toEqual(expected);
        planned++;
      }
      expect(planned).toBeGreaterThan(0);
    }, 600_000);
  }
});

describe('the cached tables', () => {
  it('hold exactly the timing model\'s weights and busy times, at every level, preload or not', () => {
    const random = seededRandom(14);
    for (let k = 0; k < 200; k++) {
      const dag = compactWorkflow(randomShape(SHAPES[k % SHAPES.length]!, random));
      const levels = 1 + (k % 5);
      const table = randomTable(dag, levels, random);
      const plan = randomPlan(dag, levels, random);
      const model = new TimingModel(dag, table, plan);
      const weights = new WeightTable(model);
      const estimate = new WorkerCostEstimate(dag, table, plan);
      // Rows filled as read (a table object of its own: no snapshot to copy them from).
      const lazy = new WorkerCostEstimate(dag, { ...table }, plan, { fillRows: false });
      for (let l = 0; l < levels; l++) {
        for (let v = 0; v < dag.taskCount; v++) expect(weights.node(v, l)).toBe(model.nodeMs(v, l));
        for (let e = 0; e < dag.edgeCount; e++) expect(weights.edge(e, l)).toBe(model.edgeMs(e, l));
        for (let w = 0; w < plan.workerCount; w++) {
          // The busy time as the estimate defines it, summed straight from the model.
          let busy = 0;
          for (let v = 0; v < dag.taskCount; v++) {
            if (plan.workerOf[v] !== w) continue;
            busy += model.nodeMs(v, l);
            if (plan.preload[v] === 1) {
              let longest = 0;
              for (let p = dag.predStart[v]!; p < dag.predStart[v + 1]!; p++) longest = Math.max(longest, model.edgeMs(dag.predEdge[p]!, l));
              busy += longest;
            }
          }
          expect(estimate.busyMs(w, l)).toBe(busy);
          expect(estimate.mbMs(w, l)).toBe(table.ladderMb[l]! * busy);
          expect(lazy.busyMs(w, l)).toBe(busy);
        }
      }
    }
  });

  it('stay the model\'s weights after moves, rows refreshed for the tasks a move names', () => {
    const random = seededRandom(15);
    for (let k = 0; k < 100; k++) {
      const dag = compactWorkflow(randomShape(SHAPES[k % SHAPES.length]!, random));
      const levels = 1 + (k % 4);
      const table = randomTable(dag, levels, random);
      const plan = randomPlan(dag, levels, random);
      const n = dag.taskCount;
      const capacity = Math.max(n, plan.workerCount);
      const levelOf = new Int32Array(capacity);
      levelOf.set(plan.levelOf);
      const prewarm = new Uint8Array(capacity);
      prewarm.set(plan.prewarm);
      const model = new TimingModel(dag, table, { workerCount: capacity, workerOf: Int32Array.from(plan.workerOf), levelOf, prewarm, preload: plan.preload });
      const weights = new WeightTable(model);
      for (let move = 0; move < 5 && n > 0; move++) {
        const v = Math.floor(random() * n);
        weights.refresh(model.moveTasks([v], Math.floor(random() * capacity)));
        // Oracle: a fresh model of the moved assignment, weighed from scratch.
        const fresh = new TimingModel(dag, table, { workerCount: capacity, workerOf: Int32Array.from(model.workerOf), levelOf, prewarm, preload: plan.preload });
        for (let l = 0; l < levels; l++) {
          for (let t = 0; t < n; t++) expect(weights.node(t, l)).toBe(fresh.nodeMs(t, l));
          for (let e = 0; e < dag.edgeCount; e++) expect(weights.edge(e, l)).toBe(fresh.edgeMs(e, l));
        }
      }
    }
  });
});
