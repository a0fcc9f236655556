/**
 * deadline-downgrade on an assignment whose fastest plan misses D (one worker per task:
 * a start and a remote transfer per edge) used to return that fastest plan untouched
 * (0 trials, deadline missed) although merging workers meets D. It now takes the
 * assignment of the split/merge search and plans on it. Oracle: the plain critical-path
 * pass of the returned plan (`planTiming`) against D, and the fastest plan of the given
 * assignment, which misses D; with `splits=false` the old answer (that fastest plan) stays.
 */
import { describe, expect, it } from 'vitest';
import { getPlanner } from '../algorithms/index.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { shippedDatasets } from '../src/dataset/registry.js';
import { bestPlan } from '../src/planning/plan-builders.js';
import { createPlanningContext } from '../src/planning/planning-context.js';
import { prepareInstance } from '../src/planning/prepare-instance.js';
import { resolveParams } from '../src/planning/resolve-params.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { planCost } from '../src/timing/plan-cost.js';
import { planTiming } from '../src/timing/timing-model.js';
import { TIME_EPSILON_MS } from '../src/timing/tolerance.js';

describe('deadline-downgrade from an assignment that cannot meet D', () => {
  it('meets D by another assignment, cheaper than the fastest plan; splits=false keeps the fastest plan', () => {
    const entry = shippedDatasets().find((d) => d.name === 'tree-reduction-unequal-64')!;
    const dataset = loadDataset(entry.file);
    const instance = prepareInstance({ dataset, datasetName: entry.name, workflowSignature: dataset.workflows[0]!.signature, unknownPolicy: 'fallback' });
    const { dag, durations } = instance;
    const chain = createPlanningContext({ dag, durations, cost: AWS_LAMBDA_X86_COST, seed: 1, strategy: 'chain' });
    const deadlineMs = 1.4 * chain.bestMakespanMs;
    const context = { ...createPlanningContext({ dag, durations, cost: AWS_LAMBDA_X86_COST, seed: 1, strategy: 'one-per-task' }), deadlineMs };
    const fastest = bestPlan(dag, durations, context.workers);
    expect(planTiming(dag, durations, fastest).makespanMs).toBeGreaterThan(deadlineMs); // the premise
    const planner = getPlanner('deadline-downgrade');
    const outcome = planner.plan(context, resolveParams(planner, {}));
    expect(planTiming(dag, durations, outcome.plan).makespanMs).toBeLessThanOrEqual(deadlineMs + TIME_EPSILON_MS);
    expect(outcome.claimsDeadline).toBe(true);
    const bill = (plan: typeof fastest) => planCost(dag, durations, plan, planTiming(dag, durations, plan), AWS_LAMBDA_X86_COST).costUsd;
    expect(bill(outcome.plan)).toBeLessThan(bill(fastest));
    const fixed = planner.plan(context, resolveParams(planner, { splits: false }));
    expect(Array.from(fixed.plan.levelOf)).toEqual(Array.from(fastest.levelOf));
    expect(fixed.claimsDeadline).toBe(false);
  });
});
