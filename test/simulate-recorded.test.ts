/**
 * Simulating with recorded times: replaying a recorded run's own plan with that run's
 * measurements reproduces its makespan (exactly on a chain, where the recorder and the
 * timing model agree step by step; within 5% elsewhere), and measured cells replace
 * predictions only where the run measured them.
 */
import { describe, expect, it } from 'vitest';
import { taskIndexMap } from '../src/dag/compact-dag.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { resolveDataset } from '../src/dataset/registry.js';
import { planOfRun, selectRun } from '../src/planning/plan-of-run.js';
import { prepareInstance } from '../src/planning/prepare-instance.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { recordedDurations, recordedExecShare } from '../src/simulate/recorded-durations.js';
import { simulatePlan } from '../src/simulate/simulate-plan.js';

function instanceOf(name: string) {
  return prepareInstance({ dataset: loadDataset(resolveDataset(name)), datasetName: name });
}

describe('recorded times', () => {
  it('replays a chain run exactly', () => {
    const instance = instanceOf('chain-10');
    for (const run of instance.runs) {
      const plan = planOfRun(instance, run);
      const recorded = recordedDurations(instance.dag, run, instance.durations);
      expect(recordedExecShare(recorded, plan)).toBe(1);
      expect(simulatePlan(instance.dag, recorded.table, plan, AWS_LAMBDA_X86_COST).makespanMs).toBeCloseTo(run.makespanMs, 2);
    }
  });

  it('replays tree-reduction and montage-like runs within 5%', () => {
    for (const name of ['tree-reduction-unequal-64', 'montage-like-120']) {
      const instance = instanceOf(name);
      for (const run of instance.runs.slice(0, 4)) {
        const recorded = recordedDurations(instance.dag, run, instance.durations);
        const simulated = simulatePlan(instance.dag, recorded.table, planOfRun(instance, run), AWS_LAMBDA_X86_COST).makespanMs;
        expect(Math.abs(simulated / run.makespanMs - 1)).toBeLessThan(0.05);
      }
    }
  });

  it('replaces only the measured cells', () => {
    const instance = instanceOf('chain-10');
    const run = selectRun(instance, '0');
    const recorded = recordedDurations(instance.dag, run, instance.durations);
    const L = instance.durations.levels;
    const index = taskIndexMap(instance.dag);
    for (const t of run.metrics.tasks) {
      const cell = index.get(t.taskId)! * L + instance.ladderMb.indexOf(t.memoryMb);
      expect(recorded.table.execMs[cell]).toBe(t.execMs);
      expect(recorded.recordedExec[cell]).toBe(1);
    }
    const unmeasured = recorded.recordedExec.findIndex((x) => x === 0);
    expect(recorded.table.execMs[unmeasured]).toBe(instance.durations.execMs[unmeasured]);
    expect(recorded.table.execMs[unmeasured]).toBeGreaterThan(0);
    expect(() => selectRun(instance, '99')).toThrow(/no recorded run "99"/);
  });
});
