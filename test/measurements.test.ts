/**
 * The sweep measures each distinct plan of an instance once (`bench/measurements.ts`): on
 * chain-10, best-then-downgrade, uniform and wukong return the same plan, so three runs
 * share one measurement, and every row equals the row of a sweep whose jobs measure their
 * own plans (a runner without `measure`, as the queue workers run). The plan hash tells
 * apart plans that differ in any field a simulation reads.
 */
import { describe, expect, it } from 'vitest';
import { datasetSource } from '../src/bench/bench-instance.js';
import { resolveSweepConfig } from '../src/bench/config.js';
import { planHash } from '../src/bench/measurements.js';
import { defaultPlannerRegistry } from '../src/bench/planner-registry.js';
import { ResultsStore } from '../src/bench/results-store.js';
import { runSweep } from '../src/bench/sweep.js';
import { createInlineRunner, type JobRunner } from '../src/bench/worker-pool.js';
import type { RunRow } from '../src/bench/run-row.js';
import { tempDir } from './support/temp-dir.js';

/** A row without its timing fields. */
function timeless(row: RunRow): unknown {
  const { wallMs: _wall, finishedAt: _at, ...rest } = row;
  return { ...rest, ...(rest.result ? { result: { ...rest.result, planningMs: 0 } } : {}) };
}

describe('measurements shared by equal plans', () => {
  it('measure a plan once per instance and give the rows of a sweep whose jobs measure their own', async () => {
    const registry = defaultPlannerRegistry();
    const planners = ['best-then-downgrade', 'uniform', 'wukong', 'deadline-downgrade'];
    const config = resolveSweepConfig(undefined, { datasets: ['chain-10'], algorithms: planners, mcSamples: 300 });
    const sources = [datasetSource('chain-10')];
    const inline = createInlineRunner(registry.planners);
    let measured = 0;
    const counting: JobRunner = { ...inline, measure: (job, options) => (measured++, inline.measure!(job, options)) };
    const { measure: _none, ...own } = inline;
    const rowsOf = async (runner: JobRunner) => {
      const store = new ResultsStore(tempDir('slackline-measure-'));
      const outcome = await runSweep({ config, registry, sources, store, runner });
      return store.readRows(outcome.planned.map((run) => run.key));
    };
    const shared = await rowsOf(counting);
    const apart = await rowsOf(own as JobRunner);
    expect(shared.map((r) => r.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(shared.map(timeless)).toEqual(apart.map(timeless));
    expect(shared[0]!.result!.makespanP95Ms).toBeGreaterThan(0);
    // best-then-downgrade, uniform and wukong share one plan on chain-10; deadline-downgrade's is its own.
    const plans = new Set(shared.map((r) => r.result!.costUsd));
    expect(plans.size).toBe(2);
    expect(measured).toBe(2);
  });

  it('hash apart plans that differ in any field a simulation reads', () => {
    const plan = { workerCount: 2, workerOf: Int32Array.of(0, 0, 1), levelOf: Int32Array.of(3, 4), prewarm: Uint8Array.of(0, 0), preload: Uint8Array.of(0, 0, 0) };
    const variants = [
      { ...plan, workerCount: 3, levelOf: Int32Array.of(3, 4, 0), prewarm: Uint8Array.of(0, 0, 0) },
      { ...plan, workerOf: Int32Array.of(0, 1, 1) },
      { ...plan, levelOf: Int32Array.of(4, 3) },
      { ...plan, prewarm: Uint8Array.of(0, 1) },
      { ...plan, preload: Uint8Array.of(0, 0, 1) },
    ];
    const hashes = new Set([planHash(plan), ...variants.map(planHash)]);
    expect(hashes.size).toBe(variants.length + 1);
    // The same content in other arrays (a view at an offset, as structured cloning may give) hashes the same.
    const buffer = new Int32Array(8);
    buffer.set([0, 0, 1], 5);
    expect(planHash({ ...plan, workerOf: buffer.subarray(5) })).toBe(planHash(plan));
  });
});
