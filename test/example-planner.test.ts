/** The README's "write your own planner" example runs through the host like a registered planner. */
import { describe, expect, it } from 'vitest';
import { treeReduction } from '../src/generate/tree-reduction.js';
import { runPlanner } from '../src/bench/run-planner.js';
import { criticalLargest } from './fixtures/example-planner.js';
import { generateFixture } from './support/planning-instance.js';
import { getPlanner } from '../algorithms/index.js';

describe('README example planner', () => {
  it('is validated, simulated, and keeps the critical path at the largest size', () => {
    const instance = generateFixture(treeReduction({ leaves: 8, unequal: true }));
    const run = runPlanner(instance, criticalLargest, {}, { seed: 1 });
    const largest = instance.ladderMb.length - 1;
    const levels = new Set(run.plan.levelOf);
    expect(levels).toEqual(new Set([largest, Math.floor(largest / 2)]));
    const uniform = runPlanner(instance, getPlanner('uniform'), { size: 'largest' }, { seed: 1 });
    expect(run.report.costUsd).toBeLessThan(uniform.report.costUsd);
    expect(run.outcome.annotations?.['critical-largest']).toMatchObject({ criticalWorkers: expect.any(Number) });
  });
});
