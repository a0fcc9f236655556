/**
 * The case of issue 11: a three-stage pipeline whose stages scale very differently
 * (PCA flat past 1024 MB, tuning that keeps speeding up to 10240 MB, a tiny combination
 * step). On the fixed chain assignment every plan puts all three on one worker, sized for
 * the hungriest stage; with splits inside the search the flagship gives each stage its own
 * size and is cheaper than the best plan of the fixed assignment (the fixed-assignment
 * oracle, so no fixed plan at all beats it), and the joint oracle (exhaustive over
 * connected assignments x levels) agrees with it.
 *
 *   pca -> tune -> combine      (chain: one worker on the default assignment)
 */
import { describe, expect, it } from 'vitest';
import { deadlineDowngrade } from '../algorithms/deadline-downgrade.js';
import { exhaustive } from '../algorithms/exhaustive.js';
import { createPlanningContext } from '../src/planning/planning-context.js';
import { resolveParams } from '../src/planning/resolve-params.js';
import type { PlannerModule } from '../src/planning/types.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { simulatePlan } from '../src/simulate/simulate-plan.js';
import { TIME_EPSILON_MS } from '../src/timing/tolerance.js';
import type { DurationTable } from '../src/timing/types.js';
import { compactOf } from './support/timing-fixtures.js';

const LADDER = [1000, 1800, 5000, 10240];

/** Durations of the three stages at each size; `scale` varies the instance. */
function pipeline(scale: { pca: number; tune: number; combine: number; transfer: number }) {
  const dag = compactOf(['pca', 'tune', 'combine'], [['pca', 'tune'], ['tune', 'combine']]);
  const L = LADDER.length;
  const exec: Record<string, number[]> = {
    // Flat past 1024 MB (single-threaded, I/O bound).
    pca: LADDER.map((m) => scale.pca * (m < 1024 ? 1.25 : 1)),
    // Keeps speeding up with every vCPU (parallel tuning).
    tune: LADDER.map((m) => scale.tune * (1000 / m) ** 0.9),
    // Tiny.
    combine: LADDER.map(() => scale.combine),
  };
  const execMs = new Float64Array(3 * L);
  dag.taskIds.forEach((id, i) => exec[id]!.forEach((t, l) => (execMs[i * L + l] = t)));
  const table: DurationTable = {
    ladderMb: Float64Array.from(LADDER),
    levels: L,
    execMs,
    uploadMs: new Float64Array(3 * L).fill(scale.transfer),
    downloadMs: new Float64Array(2 * L).fill(scale.transfer),
    inputDownloadMs: new Float64Array(3 * L).fill(scale.transfer),
    coldStartMs: new Float64Array(L).fill(250),
    warmStartMs: new Float64Array(L).fill(20),
  };
  return { dag, table };
}

function run(planner: PlannerModule, instance: ReturnType<typeof pipeline>, factor: number, params: Record<string, string | number> = {}) {
  const probe = createPlanningContext({ dag: instance.dag, durations: instance.table, cost: AWS_LAMBDA_X86_COST, seed: 1 });
  const deadlineMs = probe.bestMakespanMs * factor;
  const context = { ...probe, deadlineMs };
  const outcome = planner.plan(context, resolveParams(planner, params));
  const report = simulatePlan(instance.dag, instance.table, outcome.plan, AWS_LAMBDA_X86_COST);
  const sizeOf = (id: string) => LADDER[outcome.plan.levelOf[outcome.plan.workerOf[instance.dag.taskIds.indexOf(id)]!]!]!;
  return { outcome, report, deadlineMs, sizes: { pca: sizeOf('pca'), tune: sizeOf('tune'), combine: sizeOf('combine') } };
}

describe('three-stage pipeline (issue 11)', () => {
  it('the flagship splits the stages to their own sizes, beats every fixed-chain plan and matches the joint oracle', () => {
    const instance = pipeline({ pca: 8000, tune: 60000, combine: 200, transfer: 60 });
    const flagship = run(deadlineDowngrade, instance, 1.5);
    const fixedFlagship = run(deadlineDowngrade, instance, 1.5, { splits: 'false' });
    const fixedOracle = run(exhaustive, instance, 1.5, { assignments: 'fixed' });
    const jointOracle = run(exhaustive, instance, 1.5, { assignments: 'joint' });
    // The fixed assignment: one worker, one size for all three stages.
    expect(fixedOracle.outcome.plan.workerCount).toBe(1);
    expect(new Set(Object.values(fixedFlagship.sizes)).size).toBe(1);
    // With splits: the tuning stage keeps the large size, the others get smaller ones.
    expect(flagship.report.makespanMs).toBeLessThanOrEqual(flagship.deadlineMs + TIME_EPSILON_MS);
    expect(flagship.outcome.plan.workerCount).toBeGreaterThanOrEqual(2);
    expect(flagship.sizes.tune).toBeGreaterThan(flagship.sizes.pca);
    expect(flagship.sizes.tune).toBeGreaterThan(flagship.sizes.combine);
    expect(flagship.report.costUsd).toBeLessThan(fixedOracle.report.costUsd * 0.9);
    // The joint oracle is exact: nothing beats it, and the flagship reaches it here.
    expect(jointOracle.outcome.annotations!['exhaustive']!['assignments']).toBe('joint');
    expect(jointOracle.report.costUsd).toBeLessThanOrEqual(flagship.report.costUsd * (1 + 1e-12));
    expect(flagship.report.costUsd).toBeLessThanOrEqual(jointOracle.report.costUsd * (1 + 1e-6));
    console.log(
      `3-stage pipeline at 1.5x: fixed chain ${fixedOracle.report.gbSeconds.toFixed(1)} GB-s ($${fixedOracle.report.costUsd.toPrecision(4)}), ` +
        `splits ${flagship.report.gbSeconds.toFixed(1)} GB-s ($${flagship.report.costUsd.toPrecision(4)}; sizes ${JSON.stringify(flagship.sizes)}), joint oracle $${jointOracle.report.costUsd.toPrecision(4)}`,
    );
  });

  it('agrees with the joint oracle on 30 varied small instances at 1.2x and 1.5x (never worse than the fixed assignment)', () => {
    let matched = 0;
    let cases = 0;
    for (let k = 0; k < 30; k++) {
      const instance = pipeline({ pca: 2000 + 500 * k, tune: 10000 + 3000 * ((k * 7) % 11), combine: 50 + 20 * (k % 5), transfer: 20 + 15 * (k % 4) });
      for (const factor of [1.2, 1.5]) {
        const flagship = run(deadlineDowngrade, instance, factor);
        const fixed = run(exhaustive, instance, factor, { assignments: 'fixed' });
        const joint = run(exhaustive, instance, factor, { assignments: 'joint' });
        expect(flagship.report.makespanMs).toBeLessThanOrEqual(flagship.deadlineMs + TIME_EPSILON_MS);
        expect(joint.report.costUsd).toBeLessThanOrEqual(flagship.report.costUsd * (1 + 1e-12));
        expect(flagship.report.costUsd).toBeLessThanOrEqual(fixed.report.costUsd * (1 + 1e-9));
        if (flagship.report.costUsd <= joint.report.costUsd * (1 + 1e-6)) matched++;
        cases++;
      }
    }
    console.log(`3-stage pipelines: the flagship matches the joint oracle on ${matched} of ${cases}`);
    expect(matched).toBe(cases);
  });
});
