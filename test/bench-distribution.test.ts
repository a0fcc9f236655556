/**
 * The sweep's distribution side: run keys only change when a confidence or holdout is
 * asked for; the held-out split is deterministic, disjoint and keeps the training share;
 * a sweep with a confidence axis and `--evaluate holdout` records P95 makespan, P(<= D)
 * and held-out attainment that an independent recomputation (the same plan, the same
 * scenarios) reproduces, and the metrics registry derives SLO met from them.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetSource, splitRuns } from '../src/bench/bench-instance.js';
import { resolveSweepConfig } from '../src/bench/config.js';
import { MEASUREMENT_SEED_OFFSET } from '../src/bench/execute-job.js';
import { computeMetrics } from '../src/bench/metrics-registry.js';
import { defaultPlannerRegistry } from '../src/bench/planner-registry.js';
import { ResultsStore } from '../src/bench/results-store.js';
import { runKey } from '../src/bench/run-key.js';
import { expandSweep, runSweep } from '../src/bench/sweep.js';
import { createInlineRunner } from '../src/bench/worker-pool.js';
import { parseDagId } from '../src/dag/dag-id.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { resolveDataset } from '../src/dataset/registry.js';
import { defaultAssignment } from '../src/planning/planning-context.js';
import { planWithLevels } from '../src/planning/plan-builders.js';
import { probabilityWithin, runScenarios, sampleQuantile } from '../src/timing/monte-carlo.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { tempDir } from './support/temp-dir.js';

describe('run keys with a confidence and holdout', () => {
  const spec = { dataset: 'd', workflow: 'w', planner: 'p', params: { a: 1 }, sla: 'p90', deadline: '1.2x', seed: 1 };
  const inputs = { data: 'd0', planner: 'p0', project: 'v0' };
  it('are unchanged without them, and differ with them', () => {
    expect(runKey({ ...spec, confidence: null }, inputs).key).toBe(runKey(spec, inputs).key);
    expect(runKey({ ...spec, confidence: 0.95 }, inputs).key).toBe(`${runKey(spec, inputs).key}/confidence=0.95`);
    expect(runKey({ ...spec, evaluate: 'holdout' }, inputs).hash).not.toBe(runKey(spec, inputs).hash);
  });
});

describe('the training share of --evaluate holdout', () => {
  const registry = defaultPlannerRegistry();
  const source = datasetSource('montage-like-120');
  const expand = (evaluate: 'in-sample' | 'holdout', trainShare: number) =>
    expandSweep(resolveSweepConfig(undefined, { datasets: ['montage-like-120'], algorithms: ['uniform'], evaluate, trainShare, workers: 0 }), registry, [source]);

  it('is part of a held-out run inputs (the same key), and of no in-sample one', () => {
    const [a] = expand('holdout', 0.7);
    const [b] = expand('holdout', 0.5);
    expect(b!.key.key).toBe(a!.key.key);
    expect(b!.key.inputs.data).not.toBe(a!.key.inputs.data);
    expect(b!.key.fingerprint).not.toBe(a!.key.fingerprint);
    const [c] = expand('in-sample', 0.7);
    const [d] = expand('in-sample', 0.5);
    expect(d!.key.fingerprint).toBe(c!.key.fingerprint);
    expect(c!.key.inputs.data).toBe(source.workflows[0]!.dataHash);
  });

  it('makes the stored rows stale when it changes: a rerun recomputes them on the other split', async () => {
    const dir = tempDir('slackline-holdout-share-');
    const sweep = async (trainShare: number) => {
      const config = resolveSweepConfig(undefined, { datasets: ['montage-like-120'], algorithms: ['uniform'], deadline: ['1.3x'], evaluate: 'holdout', trainShare, mcSamples: 50, workers: 0, results: join(dir, 'results') });
      const store = new ResultsStore(config.results);
      const outcome = await runSweep({ config, registry, sources: [source], store, runner: createInlineRunner(registry.planners) });
      return { outcome, row: store.readAll()[0]! };
    };
    const first = await sweep(0.7);
    expect(first.outcome.ran).toBe(1);
    expect((await sweep(0.7)).outcome.skipped).toBe(1);
    const other = await sweep(0.5);
    expect(other.outcome.reasons.stale).toBe(1);
    // The held-out attainment comes from the other split's runs: recompute it independently.
    const instance = source.prepare(other.row.workflow, 'p90', { evaluate: 'holdout', trainShare: 0.5 });
    const plan = planWithLevels(defaultAssignment(instance.dag, instance.durations), instance.durations.levels - 1);
    const options = { cost: AWS_LAMBDA_X86_COST, seed: (1 + MEASUREMENT_SEED_OFFSET) >>> 0, criticality: false };
    const heldOut = runScenarios(instance.dag, instance.heldOutGrids()!, plan, 0, 50, options).makespanMs;
    expect(other.row.result!.heldOutDeadlineProbability).toBe(probabilityWithin(heldOut, other.row.deadlineMs!));
  }, 120_000);
});

describe('splitRuns', () => {
  it('is deterministic and disjoint, trains on round(share x n) of the workflow runs', () => {
    const dataset = loadDataset(resolveDataset('montage-like-120'));
    const signature = dataset.workflows[0]!.signature;
    const own = dataset.runs.filter((r) => parseDagId(r.dagId).signature === signature);
    const a = splitRuns(dataset, signature, 0.7);
    const b = splitRuns(dataset, signature, 0.7);
    expect(a.train.map((r) => r.dagId)).toEqual(b.train.map((r) => r.dagId));
    const heldOut = new Set(a.heldOut.map((r) => r.dagId));
    expect(a.train.some((r) => heldOut.has(r.dagId))).toBe(false);
    expect(a.train.length + a.heldOut.length).toBe(dataset.runs.length);
    expect(a.heldOut.length).toBe(own.length - Math.max(1, Math.round(0.7 * own.length)));
    expect(heldOut.size).toBeGreaterThan(0);
  });
});

describe('a sweep with a confidence axis and --evaluate holdout', () => {
  it('records P95, P(<= D) and held-out attainment that a recomputation reproduces; SLO met follows the confidence', async () => {
    const dir = tempDir('slackline-mc-sweep-');
    const registry = defaultPlannerRegistry();
    const config = resolveSweepConfig(undefined, {
      datasets: ['montage-like-120'],
      algorithms: ['uniform', 'deadline-downgrade'],
      deadline: ['1.3x'],
      confidence: [0.9],
      evaluate: 'holdout',
      mcSamples: 300,
      workers: 0,
      results: join(dir, 'results'),
    });
    const source = datasetSource('montage-like-120');
    const store = new ResultsStore(config.results);
    const outcome = await runSweep({ config, registry, sources: [source], store, runner: createInlineRunner(registry.planners) });
    expect(outcome.states.done).toBe(2);
    const rows = store.readAll();
    for (const row of rows) {
      expect(row.confidence).toBe(0.9);
      expect(row.evaluate).toBe('holdout');
      expect(row.result!.makespanP95Ms).toBeGreaterThan(0);
      expect(row.result!.deadlineProbability).toBeGreaterThanOrEqual(0);
      expect(row.result!.heldOutDeadlineProbability).toBeGreaterThanOrEqual(0);
    }
    // Recompute the uniform-largest row: same instance (training runs), same plan, same scenario streams.
    const uniform = rows.find((r) => r.planner === 'uniform')!;
    const instance = source.prepare(uniform.workflow, 'p90', { evaluate: 'holdout', trainShare: 0.7 });
    const plan = planWithLevels(defaultAssignment(instance.dag, instance.durations), instance.durations.levels - 1);
    const options = { cost: AWS_LAMBDA_X86_COST, seed: (1 + MEASUREMENT_SEED_OFFSET) >>> 0, criticality: false };
    const own = runScenarios(instance.dag, instance.grids(), plan, 0, 300, options).makespanMs;
    const heldOut = runScenarios(instance.dag, instance.heldOutGrids()!, plan, 0, 300, options).makespanMs;
    expect(uniform.result!.makespanP95Ms).toBe(sampleQuantile(own, 0.95));
    expect(uniform.result!.deadlineProbability).toBe(probabilityWithin(own, uniform.deadlineMs!));
    expect(uniform.result!.heldOutDeadlineProbability).toBe(probabilityWithin(heldOut, uniform.deadlineMs!));
    for (const { row, values } of computeMetrics(rows)) {
      expect(values.p95MakespanMs).toBe(row.result!.makespanP95Ms);
      expect(values.sloMet).toBe(row.result!.deadlineProbability! >= 0.9 ? 1 : 0);
      expect(values.heldOutAttainment).toBe(row.result!.heldOutDeadlineProbability);
    }
  }, 120_000);
});
