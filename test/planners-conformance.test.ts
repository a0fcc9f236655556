/**
 * Conformance: every registered planner over every fixture DAG must return a plan the host
 * accepts, with invariants checked here independently of the planner; the same seed must
 * give the same plan; a claimed deadline must hold. Properties of the flagship (keeps the
 * best makespan, costs no more than uniform largest) are checked on the fixtures and on
 * every shipped dataset.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planners, getPlanner } from '../algorithms/index.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { shippedDatasets } from '../src/dataset/registry.js';
import { createPlanningContext } from '../src/planning/planning-context.js';
import { prepareInstance } from '../src/planning/prepare-instance.js';
import { resolveParams } from '../src/planning/resolve-params.js';
import { runPlanner } from '../src/bench/run-planner.js';
import { validatePlan } from '../src/planning/validate-plan.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { simulatePlan } from '../src/simulate/simulate-plan.js';
import { planTiming } from '../src/timing/timing-model.js';
import { TIME_EPSILON_MS } from '../src/timing/tolerance.js';
import { planningFixtures, type PlanningFixture } from './fixtures/planning-dags.js';

const cost = AWS_LAMBDA_X86_COST;
const DEADLINE_FACTOR = 1.25;

function run(f: PlanningFixture, plannerId: string, seed: number, params: Record<string, string | number> = {}, deadline = true) {
  const planner = planners.find((p) => p.id === plannerId)!;
  const probe = createPlanningContext({ dag: f.dag, durations: f.durations, cost, seed });
  const deadlineMs = deadline ? probe.bestMakespanMs * DEADLINE_FACTOR : undefined;
  const context = createPlanningContext({ dag: f.dag, durations: f.durations, cost, seed, ...(deadlineMs !== undefined ? { deadlineMs } : {}) });
  const outcome = planner.plan(context, resolveParams(planner, params));
  return { outcome, context, deadlineMs };
}

describe('the registry', () => {
  it('lists exactly the planner files of algorithms/, each under its file name, once', () => {
    const files = readdirSync(new URL('../algorithms/', import.meta.url)).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3));
    expect(planners.map((p) => p.id).sort()).toEqual(files.sort());
    expect(new Set(planners.map((p) => p.id)).size).toBe(planners.length);
    for (const p of planners) {
      expect(p.description.length).toBeGreaterThan(0);
      for (const spec of p.params) if (spec.type === 'enum') expect(spec.choices).toContain(spec.default);
    }
  });
});

describe('every planner on every fixture DAG', () => {
  const fixtures = planningFixtures();
  for (const planner of planners) {
    for (const f of fixtures) {
      it(`${planner.id} on ${f.name}`, () => {
        const { outcome, deadlineMs } = run(f, planner.id, 7);
        // The host's validation accepts it.
        expect(() => validatePlan(planner.id, f.dag, f.durations, outcome, deadlineMs)).not.toThrow();
        const { plan } = outcome;
        // Every task has exactly one worker in range; every worker is used and sized from the ladder.
        expect(plan.workerOf.length).toBe(f.dag.taskCount);
        const used = new Set(plan.workerOf);
        expect(used.size).toBe(plan.workerCount);
        for (const l of plan.levelOf) expect(l >= 0 && l < f.durations.levels).toBe(true);
        // The report agrees with the timing model; the makespan is at least every task's execution.
        const timing = planTiming(f.dag, f.durations, plan);
        const report = simulatePlan(f.dag, f.durations, plan, cost);
        expect(report.makespanMs).toBeCloseTo(timing.makespanMs, 9);
        expect(report.costUsd).toBeGreaterThan(0);
        expect(report.criticalPath.length).toBeGreaterThan(0);
        for (let v = 0; v < f.dag.taskCount; v++) {
          const exec = f.durations.execMs[v * f.durations.levels + plan.levelOf[plan.workerOf[v]!]!]!;
          expect(timing.makespanMs + TIME_EPSILON_MS).toBeGreaterThanOrEqual(exec);
        }
        if (outcome.claimsDeadline) expect(timing.makespanMs).toBeLessThanOrEqual(deadlineMs! + TIME_EPSILON_MS);
        // Determinism: the same seed gives the same plan.
        const again = run(f, planner.id, 7).outcome;
        expect(Array.from(again.plan.workerOf)).toEqual(Array.from(plan.workerOf));
        expect(Array.from(again.plan.levelOf)).toEqual(Array.from(plan.levelOf));
        expect(Array.from(again.plan.preload)).toEqual(Array.from(plan.preload));
      });
    }
  }
});

describe('best-then-downgrade properties on the fixtures', () => {
  for (const f of planningFixtures()) {
    it(`${f.name}: keeps the best makespan and costs no more than uniform largest`, () => {
      const flagship = run(f, 'best-then-downgrade', 1, {}, false);
      const largest = run(f, 'uniform', 1, { size: 'largest' }, false);
      const r = simulatePlan(f.dag, f.durations, flagship.outcome.plan, cost);
      const u = simulatePlan(f.dag, f.durations, largest.outcome.plan, cost);
      expect(r.makespanMs).toBeLessThanOrEqual(flagship.context.bestMakespanMs + TIME_EPSILON_MS);
      expect(r.costUsd).toBeLessThanOrEqual(u.costUsd * (1 + 1e-12));
      // The oracle cannot beat it by lowering the makespan target, only match or undercut its cost.
      // A joint oracle bounds the flagship; one over the fixed assignment bounds it without splits.
      const oracle = run(f, 'exhaustive', 1, {}, false);
      const o = simulatePlan(f.dag, f.durations, oracle.outcome.plan, cost);
      const joint = oracle.outcome.annotations!['exhaustive']!['assignments'] === 'joint';
      const bound = joint ? r : simulatePlan(f.dag, f.durations, run(f, 'best-then-downgrade', 1, { splits: 'false' }, false).outcome.plan, cost);
      expect(o.costUsd).toBeLessThanOrEqual(bound.costUsd * (1 + 1e-12));
      expect(o.makespanMs).toBeLessThanOrEqual(flagship.context.bestMakespanMs + TIME_EPSILON_MS);
    });
  }

  it('deadline-downgrade keeps the deadline, costs no more than best-then-downgrade, and no less than exhaustive', () => {
    for (const f of planningFixtures()) {
      const d = run(f, 'deadline-downgrade', 3);
      const b = run(f, 'best-then-downgrade', 3);
      const e = run(f, 'exhaustive', 3);
      const rd = simulatePlan(f.dag, f.durations, d.outcome.plan, cost);
      const rb = simulatePlan(f.dag, f.durations, b.outcome.plan, cost);
      const re = simulatePlan(f.dag, f.durations, e.outcome.plan, cost);
      expect(d.outcome.claimsDeadline).toBe(true);
      expect(rd.makespanMs).toBeLessThanOrEqual(d.deadlineMs! + TIME_EPSILON_MS);
      const joint = e.outcome.annotations!['exhaustive']!['assignments'] === 'joint';
      const bound = joint ? rd : simulatePlan(f.dag, f.durations, run(f, 'deadline-downgrade', 3, { splits: 'false' }).outcome.plan, cost);
      expect(re.costUsd).toBeLessThanOrEqual(bound.costUsd * (1 + 1e-12));
      expect(rd.costUsd).toBeLessThanOrEqual(rb.costUsd * (1 + 1e-9));
    }
  });
});

describe('best-then-downgrade on every shipped dataset', () => {
  const datasets = shippedDatasets();
  it('lists shipped datasets', () => expect(datasets.length).toBeGreaterThan(0));
  for (const shipped of datasets) {
    it(`${shipped.name}: makespan within the best, cost <= uniform largest`, () => {
      const dataset = loadDataset(shipped.file);
      for (const workflow of dataset.workflows) {
        const instance = prepareInstance({ dataset, datasetName: shipped.name, workflowSignature: workflow.signature, unknownPolicy: 'fallback' });
        const flagship = runPlanner(instance, getPlanner('best-then-downgrade'), {}, { seed: 1 });
        const largest = runPlanner(instance, getPlanner('uniform'), { size: 'largest' }, { seed: 1 });
        expect(flagship.report.makespanMs).toBeLessThanOrEqual(flagship.bestMakespanMs + TIME_EPSILON_MS);
        expect(flagship.report.costUsd).toBeLessThanOrEqual(largest.report.costUsd * (1 + 1e-12));
        // The unequal tree reduction is the case for per-worker sizes: its workers must differ.
        if (shipped.name.startsWith('tree-reduction-unequal')) expect(new Set(flagship.plan.levelOf).size).toBeGreaterThan(1);
      }
    });
  }
});

describe('the exhaustive oracle bounds every planner on small seeded instances', () => {
  it('no planner that keeps the deadline is cheaper than exhaustive (joint: on any assignment; fixed: on the default one); exhaustive keeps it', async () => {
    const { gapInstance } = await import('../benchmarks/exhaustive-gap.js');
    for (let seed = 1; seed <= 40; seed++) {
      const { dag, durations } = gapInstance(seed);
      const probe = createPlanningContext({ dag, durations, cost, seed });
      const deadlineMs = probe.bestMakespanMs * (1 + (seed % 4) * 0.2);
      const context = createPlanningContext({ dag, durations, cost, seed, deadlineMs });
      const costOf = (id: string, fixedAssignment = false) => {
        const planner = planners.find((p) => p.id === id)!;
        // Against a fixed-assignment oracle the downgrade planners run on that assignment (splits=false).
        // The joint oracle enumerates up to 200,000 plans here (the larger instances fall back to the fixed one).
        const params: Record<string, number | boolean> = id === 'exhaustive' ? { maxCombinations: 200_000 } : fixedAssignment && planner.params.some((p) => p.name === 'splits') ? { splits: false } : {};
        const outcome = planner.plan(context, resolveParams(planner, params));
        const report = simulatePlan(dag, durations, outcome.plan, cost);
        const sameAssignment = outcome.plan.workerOf.every((w, i) => w === context.workers.workerOf[i]);
        return { outcome, report, keeps: report.makespanMs <= deadlineMs + TIME_EPSILON_MS, sameAssignment };
      };
      const oracle = costOf('exhaustive');
      expect(oracle.keeps).toBe(true);
      const joint = oracle.outcome.annotations!['exhaustive']!['assignments'] === 'joint';
      let compared = 0;
      for (const p of planners) {
        const r = costOf(p.id, !joint);
        // A joint oracle is exact over every assignment; a fixed one over the default assignment's plans.
        if (r.keeps && (joint || r.sameAssignment)) {
          compared++;
          expect(r.report.costUsd).toBeGreaterThanOrEqual(oracle.report.costUsd * (1 - 1e-12));
        }
      }
      expect(compared).toBeGreaterThanOrEqual(3);
    }
  });
});
