/**
 * The host side of planning: deadline parsing, parameter resolution, plan validation
 * naming the planner, run-planner's refusals, and the untimed preparation refusing to cost
 * a plan with silent zeros when predictions are unknown.
 */
import { describe, expect, it } from 'vitest';
import { bestThenDowngrade } from '../algorithms/best-then-downgrade.js';
import { getPlanner } from '../algorithms/index.js';
import { uniform } from '../algorithms/uniform.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { resolveDataset } from '../src/dataset/registry.js';
import { SlacklineError } from '../src/errors.js';
import { parseDeadline, resolveDeadline } from '../src/planning/deadline.js';
import { FullRecomputeTiming } from '../src/planning/full-recompute-timing.js';
import { planWithLevels } from '../src/planning/plan-builders.js';
import { createPlanningContext } from '../src/planning/planning-context.js';
import { prepareInstance } from '../src/planning/prepare-instance.js';
import { parseParamOptions, resolveParams } from '../src/planning/resolve-params.js';
import { runPlanner } from '../src/bench/run-planner.js';
import type { PlannerModule } from '../src/planning/types.js';
import { validatePlan } from '../src/planning/validate-plan.js';
import { generateFixture } from './support/planning-instance.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { treeReduction } from '../src/generate/tree-reduction.js';
import { fixture } from './fixtures/planning-dags.js';

describe('parseDeadline', () => {
  it('reads factors and absolute times', () => {
    expect(parseDeadline('1.2x')).toEqual({ kind: 'factor', factor: 1.2 });
    expect(parseDeadline('5000')).toEqual({ kind: 'absolute', ms: 5000 });
    expect(parseDeadline('5000ms')).toEqual({ kind: 'absolute', ms: 5000 });
    expect(parseDeadline('2.5s')).toEqual({ kind: 'absolute', ms: 2500 });
    expect(resolveDeadline(parseDeadline('1.5x'), 1000)).toBe(1500);
    expect(resolveDeadline(parseDeadline('700ms'), 1000)).toBe(700);
  });
  it('rejects bad text with a clear error', () => {
    for (const bad of ['', 'soon', '-1x', '0', '1.2y', 'x']) expect(() => parseDeadline(bad)).toThrow(/bad deadline/);
  });
});

describe('resolveParams', () => {
  it('applies defaults and parses strings by type', () => {
    const p = resolveParams(bestThenDowngrade, parseParamOptions(['margin=0.05', 'order=topological', 'preload=true']));
    expect(p).toMatchObject({ margin: 0.05, order: 'topological', preload: true, passes: 16, step: 'both' });
  });
  it('names the planner and the parameter on bad input', () => {
    expect(() => resolveParams(bestThenDowngrade, { speed: 1 })).toThrow(/best-then-downgrade.*speed.*unknown parameter/);
    expect(() => resolveParams(bestThenDowngrade, { order: 'sideways' })).toThrow(/order=sideways.*one of most-saving/);
    expect(() => resolveParams(bestThenDowngrade, { margin: 'lots' })).toThrow(/expected a number/);
    expect(() => parseParamOptions(['novalue'])).toThrow(/name=value/);
  });
});

describe('validatePlan names the planner that broke a rule', () => {
  const f = fixture(treeReduction({ leaves: 4, unequal: true }));
  const context = createPlanningContext({ dag: f.dag, durations: f.durations, cost: AWS_LAMBDA_X86_COST, seed: 1 });
  const good = planWithLevels(context.workers, 1);
  it('accepts a good plan', () => expect(() => validatePlan('p', f.dag, f.durations, { plan: good })).not.toThrow());
  it('rejects a level off the ladder, a worker out of range, an unused worker, a broken deadline claim', () => {
    const offLadder = planWithLevels(context.workers, 9);
    expect(() => validatePlan('bad-one', f.dag, f.durations, { plan: offLadder })).toThrow(/planner "bad-one".*not on the ladder/);
    const outOfRange = planWithLevels(context.workers, 0);
    outOfRange.workerOf[0] = 99;
    expect(() => validatePlan('bad-two', f.dag, f.durations, { plan: outOfRange })).toThrow(SlacklineError);
    const unused = { ...good, workerCount: good.workerCount + 1, levelOf: new Int32Array(good.workerCount + 1), prewarm: new Uint8Array(good.workerCount + 1) };
    expect(() => validatePlan('bad-three', f.dag, f.durations, { plan: unused })).toThrow(/worker \d+ has no task/);
    const slow = planWithLevels(context.workers, 0);
    expect(() => validatePlan('liar', f.dag, f.durations, { plan: slow, claimsDeadline: true }, context.bestMakespanMs)).toThrow(/liar.*claims the deadline/);
    expect(() => validatePlan('liar', f.dag, f.durations, { plan: good, claimsDeadline: true })).toThrow(/run has none/);
    expect(() => validatePlan('mine', f.dag, f.durations, { plan: good, annotations: { mine: { a: 1 } } })).not.toThrow();
    expect(() => validatePlan('mine', f.dag, f.durations, { plan: good, annotations: { theirs: { a: 1 } } })).toThrow(/namespace "theirs" is not the planner's id "mine"/);
  });
});

describe('runPlanner', () => {
  const instance = generateFixture(randomLayered({ tasks: 40, seed: 2 }));
  it('refuses unknown planners, missing deadlines and DAGs over a planner\'s limit', () => {
    expect(() => runPlanner(instance, getPlanner('nope'), {}, { seed: 1 })).toThrow(/unknown algorithm "nope"; known: uniform/);
    expect(() => runPlanner(instance, getPlanner('deadline-downgrade'), {}, { seed: 1 })).toThrow(/needs a deadline/);
    expect(() => runPlanner(instance, getPlanner('exhaustive'), {}, { seed: 1 })).toThrow(/at most 24 tasks/);
  });
  it('names a custom planner that returns an invalid plan', () => {
    const broken: PlannerModule = { ...uniform, id: 'broken', plan: (c) => ({ plan: planWithLevels(c.workers, -1) }) };
    expect(() => runPlanner(instance, broken, {}, { seed: 1 })).toThrow(/planner "broken" returned an invalid plan/);
  });
  it('resolves a deadline factor against the best makespan, times plan() and simulates', () => {
    const run = runPlanner(instance, getPlanner('deadline-downgrade'), {}, { seed: 1, deadline: parseDeadline('1.3x') });
    expect(run.deadlineMs).toBeCloseTo(run.bestMakespanMs * 1.3, 9);
    expect(run.report.makespanMs).toBeLessThanOrEqual(run.deadlineMs! + 1e-6);
    expect(run.planningMs).toBeGreaterThanOrEqual(0);
    expect(getPlanner('uniform')).toBe(uniform);
  });
});

describe('exhaustive refuses clearly above its limits', () => {
  it('names the combination limit', () => {
    const f = fixture(treeReduction({ leaves: 12, unequal: true }));
    const context = createPlanningContext({ dag: f.dag, durations: f.durations, cost: AWS_LAMBDA_X86_COST, seed: 1 });
    const planner = getPlanner('exhaustive');
    expect(() => planner.plan(context, resolveParams(planner, { maxCombinations: 1000 }))).toThrow(/4\^12 = 16777216 level combinations.*maxCombinations=1000/);
  });
});

describe('the incremental engine and the full-recompute baseline make the same decisions', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`best-then-downgrade and deadline-downgrade, random DAG seed ${seed}`, () => {
      const f = fixture(randomLayered({ tasks: 60, seed }), [128, 512, 1024, 1769, 3008]);
      for (const id of ['best-then-downgrade', 'deadline-downgrade']) {
        const planner = getPlanner(id);
        const options = { dag: f.dag, durations: f.durations, cost: AWS_LAMBDA_X86_COST, seed, deadlineMs: 1e12 };
        const probe = createPlanningContext(options);
        const deadlineMs = probe.bestMakespanMs * 1.2;
        const fast = planner.plan(createPlanningContext({ ...options, deadlineMs }), resolveParams(planner));
        const slow = planner.plan(createPlanningContext({ ...options, deadlineMs, engine: (d, t, p) => new FullRecomputeTiming(d, t, p) }), resolveParams(planner));
        expect(Array.from(fast.plan.levelOf)).toEqual(Array.from(slow.plan.levelOf));
        expect(fast.stats).toEqual(slow.stats);
      }
    });
  }
});

describe('prepareInstance never costs a plan with silent zeros', () => {
  it('fails listing the tasks lacking data, or counts flagged fallbacks', () => {
    const dataset = loadDataset(resolveDataset('wfcommons-blast-43'));
    expect(() => prepareInstance({ dataset, datasetName: 'wfcommons-blast-43', unknownPolicy: 'fail' })).toThrow(SlacklineError);
    const instance = prepareInstance({ dataset, datasetName: 'wfcommons-blast-43', unknownPolicy: 'fallback' });
    expect(instance.fallbacks).toBeGreaterThan(0);
    expect(instance.unknowns.length).toBeGreaterThan(0);
    for (const v of instance.durations.execMs) expect(v).toBeGreaterThan(0);
  });
  it('asks which workflow when a dataset has several', () => {
    const dataset = loadDataset(resolveDataset('chain-10'));
    const twice = { ...dataset, workflows: [dataset.workflows[0]!, { ...dataset.workflows[0]!, name: 'other', signature: 'ffffffffffffffff' }] };
    expect(() => prepareInstance({ dataset: twice, datasetName: 'x' })).toThrow(/has 2 workflows; choose one/);
    expect(() => prepareInstance({ dataset, datasetName: 'x', workflowSignature: 'nope' })).toThrow(/no workflow "nope"/);
  });
});
