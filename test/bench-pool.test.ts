/**
 * The worker pool: a job run in a worker thread gives exactly what the main thread gives
 * (same plan arrays, same simulated report, for every registered planner and for a seeded
 * random planner); a planner that throws, hangs or kills its thread becomes an errored or
 * timed-out row while the others complete, and the pool keeps working afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetSource } from '../src/bench/bench-instance.js';
import { resolveSweepConfig } from '../src/bench/config.js';
import type { PlanJob, PlanJobResult } from '../src/bench/job.js';
import { defaultPlannerRegistry, type PlannerRegistry } from '../src/bench/planner-registry.js';
import { ResultsStore } from '../src/bench/results-store.js';
import { shareCompactDag, shareDurationTable, isSharedDag } from '../src/bench/share-instance.js';
import { runSweep } from '../src/bench/sweep.js';
import { createInlineRunner, createPlanPool, type JobRunner } from '../src/bench/worker-pool.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { resolveDataset } from '../src/dataset/registry.js';
import { parseDeadline } from '../src/planning/deadline.js';
import { prepareInstance } from '../src/planning/prepare-instance.js';
import { runPlanner } from '../src/bench/run-planner.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { FAULTY_PLANNERS_URL, planners as fixturePlanners } from './fixtures/faulty-planners.js';

const fixtureRegistry: PlannerRegistry = { planners: fixturePlanners, ref: { moduleUrl: FAULTY_PLANNERS_URL, exportName: 'planners' } };

function comparable(result: Pick<PlanJobResult, 'plan' | 'report'>) {
  const { plan, report } = result;
  return {
    plan: { workerCount: plan.workerCount, workerOf: Array.from(plan.workerOf), levelOf: Array.from(plan.levelOf), prewarm: Array.from(plan.prewarm), preload: Array.from(plan.preload) },
    report,
  };
}

let pool: JobRunner;
let tmp: string;
beforeAll(() => {
  pool = createPlanPool({ threads: 2 });
  tmp = mkdtempSync(join(tmpdir(), 'slackline-pool-'));
});
afterAll(async () => {
  await pool.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('worker pool vs main thread', () => {
  it('every registered planner gives the same plan and report in a worker as runPlanner in the main thread', async () => {
    const registry = defaultPlannerRegistry();
    for (const name of ['chain-10', 'fan-out-fan-in-32']) {
      const dataset = loadDataset(resolveDataset(name));
      const instance = prepareInstance({ dataset, datasetName: name, sla: 'p90', unknownPolicy: 'fallback' });
      const dag = shareCompactDag(instance.dag);
      const durations = shareDurationTable(instance.durations);
      expect(isSharedDag(dag)).toBe(true);
      let compared = 0;
      for (const planner of registry.planners) {
        if (planner.maxTasks !== undefined && dag.taskCount > planner.maxTasks) continue;
        for (const seed of [1, 7]) {
          const main = runPlanner(instance, planner, {}, { seed, deadline: parseDeadline('1.2x') });
          const job: PlanJob = {
            registry: registry.ref,
            plannerId: planner.id,
            params: main.params,
            seed,
            dag,
            durations,
            cost: AWS_LAMBDA_X86_COST,
            ...(main.deadlineMs !== undefined ? { deadlineMs: main.deadlineMs } : {}),
            tryBudget: 1_000_000,
          };
          const attempt = await pool.run(job, { timeoutMs: 30_000 });
          if (attempt.state !== 'done') throw new Error(`${name}/${planner.id}: ${JSON.stringify(attempt)}`);
          expect(comparable(attempt.result), `${name}/${planner.id}/seed ${seed}`).toEqual(comparable(main));
          compared++;
        }
      }
      expect(compared).toBeGreaterThanOrEqual(2 * (registry.planners.length - 1));
    }
  });

  it('a seeded random planner gives the same plan per seed in the pool and inline, and different plans across seeds', async () => {
    const source = datasetSource('fan-out-fan-in-32');
    const instance = source.prepare(source.workflows[0]!.name, 'p90');
    const inline = createInlineRunner(fixturePlanners);
    const levels: string[] = [];
    for (const seed of [1, 2, 3]) {
      const job: PlanJob = { registry: fixtureRegistry.ref, plannerId: 'fixture-random', params: { skew: 0 }, seed, dag: instance.dag, durations: instance.durations, cost: instance.cost, tryBudget: 10 };
      const [a, b] = await Promise.all([pool.run(job, { timeoutMs: 30_000 }), inline.run(job, { timeoutMs: 30_000 })]);
      if (a.state !== 'done' || b.state !== 'done') throw new Error('fixture-random failed');
      expect(comparable(a.result)).toEqual(comparable(b.result));
      levels.push(Array.from(a.result.plan.levelOf).join(','));
    }
    expect(new Set(levels).size).toBe(3);
  });
});

describe('faulty planners in a sweep', () => {
  it('throwing, hanging and thread-killing planners become rows; the others complete; the pool recovers', async () => {
    const store = new ResultsStore(join(tmp, 'faulty'));
    const config = resolveSweepConfig(undefined, { algorithms: ['fixture-fastest', 'fixture-random', 'fixture-throws', 'fixture-hangs', 'fixture-exits'], deadline: ['none'], seeds: [1], timeoutMs: 1500, workers: 2, results: store.dir, mcSamples: 0 });
    const sources = [datasetSource('chain-10')];
    const outcome = await runSweep({ config, registry: fixtureRegistry, sources, store, runner: pool });
    expect(outcome.ran).toBe(5);
    const rows = store.readAll();
    const byPlanner = new Map(rows.map((r) => [r.planner, r]));
    expect(byPlanner.get('fixture-fastest')!.state).toBe('done');
    expect(byPlanner.get('fixture-fastest')!.result!.makespanMs).toBeGreaterThan(0);
    expect(byPlanner.get('fixture-random')!.state).toBe('done');
    expect(byPlanner.get('fixture-throws')!.state).toBe('errored');
    expect(byPlanner.get('fixture-throws')!.error).toContain('fixture planner failed on purpose');
    expect(byPlanner.get('fixture-hangs')!.state).toBe('timed-out');
    expect(byPlanner.get('fixture-hangs')!.wallMs).toBeGreaterThanOrEqual(1400);
    expect(byPlanner.get('fixture-exits')!.state).toBe('errored');
    expect(byPlanner.get('fixture-exits')!.error).toMatch(/exit/i);
    expect(outcome.states).toEqual({ done: 2, errored: 2, 'timed-out': 1 });

    // The hung thread was terminated and replaced: the same pool still plans.
    const again = await runSweep({ config: { ...config, algorithms: ['fixture-fastest'], seeds: [2] }, registry: fixtureRegistry, sources, store, runner: pool });
    expect(again.states).toEqual({ done: 1 });
  });

  it('a planner that exhausts its thread heap becomes an errored row; the next job runs on a fresh thread', async () => {
    const small = createPlanPool({ threads: 1, maxHeapMb: 64 });
    try {
      const store = new ResultsStore(join(tmp, 'oom'));
      const config = resolveSweepConfig(undefined, { algorithms: ['fixture-oom', 'fixture-fastest'], deadline: ['none'], timeoutMs: 30_000, workers: 1, results: store.dir });
      const outcome = await runSweep({ config, registry: fixtureRegistry, sources: [datasetSource('chain-10')], store, runner: small });
      expect(outcome.states).toEqual({ errored: 1, done: 1 });
      const oom = store.readAll().find((r) => r.planner === 'fixture-oom')!;
      expect(oom.state).toBe('errored');
      expect(oom.error).toMatch(/memory/i);
    } finally {
      await small.close();
    }
  });

  it('--throws rethrows the first planner error instead of recording it', async () => {
    const store = new ResultsStore(join(tmp, 'throws'));
    const config = resolveSweepConfig(undefined, { algorithms: ['fixture-throws'], deadline: ['none'], workers: 0, results: store.dir });
    await expect(runSweep({ config, registry: fixtureRegistry, sources: [datasetSource('chain-10')], store, runner: createInlineRunner(fixturePlanners), throws: true })).rejects.toThrow('fixture planner failed on purpose');
    expect(store.readAll()).toEqual([]); // nothing recorded: the next run retries
  });
});
