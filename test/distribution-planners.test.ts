/**
 * The distribution-aware planners on stochastic fixtures (every duration uniform around the
 * fixture table), each against an oracle of its own rule: power-tuning against a brute
 * force per function; jolteon's plan meets the sample-average constraint and is a local
 * optimum of it (no single cheaper level of one worker keeps it); orion's and the
 * downgrade planners' plans meet the deadline with the asked probability on the planner's
 * scenarios, and on fresh scenarios within the sampling tolerance; an unreachable
 * confidence is reported, not faked.
 */
import { describe, expect, it } from 'vitest';
import { planners } from '../algorithms/index.js';
import { bestPlan } from '../src/planning/plan-builders.js';
import { createPlanningContext } from '../src/planning/planning-context.js';
import { probabilityWithin, scenariosOf } from '../src/planning/planning-grids.js';
import { resolveParams } from '../src/planning/resolve-params.js';
import type { PlanningContext } from '../src/planning/types.js';
import { validatePlan } from '../src/planning/validate-plan.js';
import { WorkerCostEstimate } from '../src/planning/worker-cost-estimate.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { runScenarios } from '../src/timing/monte-carlo.js';
import { TIME_EPSILON_MS } from '../src/timing/tolerance.js';
import { planningFixtures, type PlanningFixture } from './fixtures/planning-dags.js';
import { uniformGrids } from './support/stochastic-fixture.js';

const cost = AWS_LAMBDA_X86_COST;

function contextOf(f: PlanningFixture, factor: number, confidence?: number): PlanningContext {
  const probe = createPlanningContext({ dag: f.dag, durations: f.durations, cost, seed: 3 });
  return createPlanningContext({ dag: f.dag, durations: f.durations, cost, seed: 3, grids: uniformGrids(f.durations), deadlineMs: probe.bestMakespanMs * factor, ...(confidence !== undefined ? { confidence } : {}) });
}

function plan(id: string, context: PlanningContext, params: Record<string, string | number> = {}) {
  const planner = planners.find((p) => p.id === id)!;
  const outcome = planner.plan(context, resolveParams(planner, params));
  validatePlan(id, context.dag, context.durations, outcome, context.deadlineMs);
  return outcome;
}

const fixtures = planningFixtures();
const dkw = (n: number) => Math.sqrt(Math.log(2 / 1e-6) / (2 * n));

describe('power-tuning', () => {
  for (const strategy of ['cost', 'speed', 'balanced'] as const) {
    it(`strategy=${strategy}: every func at the size a brute force over its mean durations picks; one worker per task`, () => {
      for (const f of fixtures) {
        const context = contextOf(f, 1.5);
        const { plan: p } = plan('power-tuning', context, { strategy });
        expect(p.workerCount).toBe(f.dag.taskCount);
        const L = f.durations.levels;
        const grids = context.grids!;
        for (let func = 0; func < f.dag.funcNames.length; func++) {
          const tasks = Array.from({ length: f.dag.taskCount }, (_, v) => v).filter((v) => f.dag.funcOf[v] === func);
          if (tasks.length === 0) continue;
          // Mean of uniform grids = mid-point of the two quantiles.
          const time = Array.from({ length: L }, (_, l) => tasks.reduce((s, v) => s + (grids.execMs[(v * L + l) * 2]! + grids.execMs[(v * L + l) * 2 + 1]!) / 2, 0) / tasks.length);
          const price = time.map((ms, l) => (f.durations.ladderMb[l]! / 1024) * (ms / 1000) * cost.pricePerGbSecond + cost.pricePerInvocation);
          const score = (l: number) =>
            strategy === 'cost' ? price[l]! : strategy === 'speed' ? time[l]! : 0.5 * (price[l]! / Math.max(...price)) + 0.5 * (time[l]! / Math.max(...time));
          const best = Math.min(...Array.from({ length: L }, (_, l) => score(l)));
          for (const v of tasks) expect(score(p.levelOf[p.workerOf[v]!]!), `${f.name} func ${f.dag.funcNames[func]}`).toBeCloseTo(best, 12);
        }
      }
    });
  }
});

describe('jolteon', () => {
  for (const f of fixtures) {
    it(`${f.name}: meets D in >= 95% of its K scenarios, and no single cheaper level of one worker still does`, () => {
      const context = contextOf(f, 1.3);
      const K = 300;
      const outcome = plan('jolteon', context, { scenarios: K, passes: 50 });
      const note = outcome.annotations!.jolteon as Record<string, number | boolean>;
      const hits = (p: typeof outcome.plan) => {
        const { makespanMs } = runScenarios(f.dag, context.grids!, p, 0, K, { cost, seed: context.seed, criticality: false });
        return makespanMs.filter((m) => m <= context.deadlineMs! + TIME_EPSILON_MS).length;
      };
      const needed = Math.ceil(0.95 * K);
      if (!note.feasible) {
        expect(hits(bestPlan(f.dag, f.durations, context.workers))).toBeLessThan(needed);
        return;
      }
      expect(hits(outcome.plan)).toBeGreaterThanOrEqual(needed);
      const estimate = new WorkerCostEstimate(f.dag, f.durations, outcome.plan);
      for (let w = 0; w < outcome.plan.workerCount; w++) {
        const current = outcome.plan.levelOf[w]!;
        for (let l = 0; l < current; l++) {
          if (!(estimate.mbMs(w, l) < estimate.mbMs(w, current) * (1 - 1e-12))) continue;
          const trial = { ...outcome.plan, levelOf: Int32Array.from(outcome.plan.levelOf) };
          trial.levelOf[w] = l;
          expect(hits(trial), `worker ${w} at level ${l}`).toBeLessThan(needed);
        }
      }
    });
  }
});

describe('orion and the downgrade planners with confidence', () => {
  for (const id of ['orion', 'deadline-downgrade', 'best-then-downgrade']) {
    it(`${id}: meets the target with probability >= 0.95 on its scenarios, and on fresh ones within the DKW tolerance`, () => {
      for (const f of fixtures) {
        const context = contextOf(f, 1.35, 0.95);
        const outcome = plan(id, context);
        const note = outcome.annotations![id] as Record<string, number | boolean>;
        const target = context.deadlineMs === undefined || id === 'best-then-downgrade' ? (note.targetMs as number) : context.deadlineMs;
        const met = id === 'orion' ? note.met : note.confidenceMet;
        const samples = id === 'orion' ? 200 : 500;
        const own = probabilityWithin(scenariosOf(context, outcome.plan, samples).makespanMs, target);
        if (met) {
          expect(own, f.name).toBeGreaterThanOrEqual(0.95);
          const fresh = probabilityWithin(scenariosOf({ ...context, seed: 99 }, outcome.plan, 4000).makespanMs, target);
          expect(fresh, f.name).toBeGreaterThanOrEqual(0.95 - dkw(samples) - dkw(4000));
        } else {
          expect(own, f.name).toBeLessThan(0.95);
        }
      }
    });
  }
  it('says when the deadline cannot be met with the asked probability, and returns the fastest plan', () => {
    const f = fixtures[0]!;
    const context = contextOf(f, 0.8, 0.95);
    const outcome = plan('deadline-downgrade', context);
    expect((outcome.annotations!['deadline-downgrade'] as Record<string, unknown>).confidenceMet).toBe(false);
    expect(Array.from(outcome.plan.levelOf)).toEqual(Array.from(bestPlan(f.dag, f.durations, context.workers).levelOf));
    const orion = plan('orion', context);
    expect((orion.annotations!.orion as Record<string, unknown>).met).toBe(false);
    expect(Array.from(orion.plan.levelOf)).toEqual(Array.from(bestPlan(f.dag, f.durations, context.workers).levelOf));
  });
  it("orion's step 0 is sound: where the fastest plan misses the target, no random plan on its scenarios meets it, and orion returns the fastest plan after one simulation", () => {
    let infeasible = 0;
    for (const f of fixtures) {
      for (const factor of [0.9, 1.02, 1.1]) {
        const context = contextOf(f, factor, 0.95);
        const fastest = bestPlan(f.dag, f.durations, context.workers);
        const probability = (p: typeof fastest) => probabilityWithin(scenariosOf(context, p, 200, { costs: false }).makespanMs, context.deadlineMs!);
        if (probability(fastest) >= 0.95) continue;
        infeasible++;
        const outcome = plan('orion', context);
        const note = outcome.annotations!.orion as Record<string, number | boolean>;
        expect(Array.from(outcome.plan.levelOf), f.name).toEqual(Array.from(fastest.levelOf));
        expect(note.met).toBe(false);
        expect(note.evaluations).toBe(1);
        expect(note.probability).toBe(probability(fastest));
        // The soundness claim: every sampled duration is non-increasing in memory, so no other levels do better.
        let state = 12345;
        const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
        for (let trial = 0; trial < 40; trial++) {
          const levels = Int32Array.from(fastest.levelOf, () => Math.floor(next() * f.durations.levels));
          const other = { ...fastest, levelOf: levels };
          expect(probability(other), `${f.name} x${factor} trial ${trial}`).toBeLessThanOrEqual(probability(fastest));
        }
      }
    }
    expect(infeasible).toBeGreaterThan(0);
  });
  it('with confidence the downgrade is cheaper than the fastest plan when there is room', () => {
    const f = fixtures.find((x) => x.name.startsWith('fan-out'))!;
    const context = contextOf(f, 1.6, 0.9);
    const outcome = plan('deadline-downgrade', context);
    const mean = (p: typeof outcome.plan) => {
      const r = scenariosOf(context, p, 500);
      return r.costUsd.reduce((s, x) => s + x, 0) / r.costUsd.length;
    };
    expect(mean(outcome.plan)).toBeLessThan(mean(bestPlan(f.dag, f.durations, context.workers)));
  });
});
