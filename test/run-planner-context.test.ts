/**
 * `runPlanner` (what `slackline plan` runs) hands the planner the distributions, the
 * correlation and the confidence it was given on the asked worker assignment: it once
 * built the planner's context for an assignment without them, so orion and jolteon planned
 * on zero-variance scenarios and `--confidence` never reached the downgrade planners.
 * Oracle: the planner called directly on a context built with every option (as the sweep's
 * jobs build theirs).
 */
import { describe, expect, it } from 'vitest';
import { getPlanner } from '../algorithms/index.js';
import { runPlanner } from '../src/bench/run-planner.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { shippedDatasets } from '../src/dataset/registry.js';
import { createPlanningContext } from '../src/planning/planning-context.js';
import { prepareDistributions } from '../src/planning/prepare-distributions.js';
import { prepareInstance } from '../src/planning/prepare-instance.js';
import { resolveParams } from '../src/planning/resolve-params.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';

const shipped = (name: string) => {
  const entry = shippedDatasets().find((d) => d.name === name)!;
  const dataset = loadDataset(entry.file);
  return prepareInstance({ dataset, datasetName: name, workflowSignature: dataset.workflows[0]!.signature, unknownPolicy: 'fallback' });
};

describe('runPlanner passes distributions and confidence to the planner', () => {
  const cases = [
    { dataset: 'fan-out-fan-in-32', planner: 'deadline-downgrade', factor: 1.5, confidence: 0.999 },
    { dataset: 'fan-out-fan-in-32', planner: 'orion', factor: 1.3, confidence: undefined },
    { dataset: 'tree-reduction-unequal-64', planner: 'jolteon', factor: 1.3, confidence: 0.9 },
  ];
  for (const c of cases) {
    it(`${c.planner} on ${c.dataset}: the plan of a context built with every option`, () => {
      const instance = shipped(c.dataset);
      const { grids } = prepareDistributions(instance, { unknownPolicy: 'fallback' });
      const planner = getPlanner(c.planner);
      const run = runPlanner(instance, planner, {}, { seed: 1, grids, correlation: 0.2, assignment: 'chain', deadline: { kind: 'factor', factor: c.factor }, ...(c.confidence !== undefined ? { confidence: c.confidence } : {}) });
      const direct = createPlanningContext({ dag: instance.dag, durations: instance.durations, cost: AWS_LAMBDA_X86_COST, seed: 1, grids, correlation: 0.2, strategy: 'chain', ...(c.confidence !== undefined ? { confidence: c.confidence } : {}) });
      const expected = planner.plan({ ...direct, deadlineMs: run.deadlineMs! }, resolveParams(planner, {}));
      expect(Array.from(run.plan.levelOf)).toEqual(Array.from(expected.plan.levelOf));
      expect(Array.from(run.plan.workerOf)).toEqual(Array.from(expected.plan.workerOf));
      expect(run.outcome.annotations).toEqual(expected.annotations);
      if (c.confidence !== undefined) expect((run.outcome.annotations![c.planner] as Record<string, unknown>).confidence).toBe(c.confidence);
    });
  }
});
