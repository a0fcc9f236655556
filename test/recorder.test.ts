import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { taskIndexMap, toCompactDag } from '../src/dag/compact-dag.js';
import type { WorkflowSpec } from '../src/dag/types.js';
import type { RecordedRun } from '../src/dataset/types.js';
import { validateDataset } from '../src/dataset/validate-dataset.js';
import { chain } from '../src/generate/chain.js';
import { fanOutFanIn } from '../src/generate/fan-out-fan-in.js';
import { DEFAULT_GROUND_TRUTH, expectedExecMs, funcProfile } from '../src/generate/ground-truth-model.js';
import type { GroundTruthModel } from '../src/generate/ground-truth-model.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { assignWorkers, DEFAULT_LADDER_MB, recordRuns } from '../src/generate/recorder.js';
import { syntheticDataset } from '../src/generate/synthetic-dataset.js';
import { treeReduction } from '../src/generate/tree-reduction.js';
import { normalizeLinear } from '../src/metrics/normalize.js';
import { planTiming } from '../src/timing/timing-model.js';
import type { CompactPlan, DurationTable } from '../src/timing/types.js';

describe('recorder', () => {
  const workflow = treeReduction({ leaves: 16, unequal: true, seed: 2 });

  it('is deterministic for a seed', () => {
    const a = recordRuns(workflow, { seed: 7, runs: 4 });
    expect(recordRuns(workflow, { seed: 7, runs: 4 })).toEqual(a);
    expect(recordRuns(workflow, { seed: 8, runs: 4 })).not.toEqual(a);
    expect(syntheticDataset({ shape: 'gemm', size: 2, seed: 3, runs: 3 })).toEqual(syntheticDataset({ shape: 'gemm', size: 2, seed: 3, runs: 3 }));
  });

  it('records every task once, on its planned worker and memory; normalized times follow the linear rule', () => {
    const runs = recordRuns(workflow, { seed: 1, runs: 6 });
    for (const run of runs) {
      expect(Object.keys(run.plan).sort()).toEqual(workflow.tasks.map((t) => t.id).sort());
      expect(run.metrics.tasks.map((t) => t.taskId).sort()).toEqual(workflow.tasks.map((t) => t.id).sort());
      for (const rec of run.metrics.tasks) {
        expect(rec.workerId).toBe(run.plan[rec.taskId]!.workerId);
        expect(rec.memoryMb).toBe(run.plan[rec.taskId]!.memoryMb);
        expect(rec.execMsNormalized).toBe(normalizeLinear(rec.execMs, rec.memoryMb));
        expect(rec.startMs + rec.execMs).toBeLessThanOrEqual(run.makespanMs + 1e-6);
      }
      for (const rec of [...run.metrics.transfers, ...run.metrics.workerStarts]) expect(rec.msNormalized).toBe(normalizeLinear(rec.ms, rec.memoryMb));
    }
    const dataset = syntheticDataset({ shape: 'tree-reduction', size: 16, unequal: true, seed: 2, runs: 6 });
    expect(validateDataset(dataset, 'tree.json').errors).toEqual([]);
  });

  it('covers several memory sizes: uniform plans first, then mixed', () => {
    const runs = recordRuns(workflow, { seed: 1, runs: 6 });
    const sizes = runs.map((r) => new Set(Object.values(r.plan).map((p) => p.memoryMb)));
    expect(sizes.slice(0, 5).map((s) => s.size)).toEqual([1, 1, 1, 1, 1]);
    expect(new Set(sizes.slice(0, 5).map((s) => [...s][0])).size).toBe(5);
    expect(sizes[5]!.size).toBeGreaterThan(1);
    for (const s of sizes) for (const m of s) expect(DEFAULT_LADDER_MB).toContain(m);
  });

  it('keeps a chain on one worker and gives fan-out branches their own', () => {
    const c = assignWorkers(toCompactDag(buildDag(chain({ length: 20 }))));
    expect(c.workerCount).toBe(1);
    const f = assignWorkers(toCompactDag(buildDag(fanOutFanIn({ width: 8 }))));
    expect(f.workerCount).toBe(8);
    const run = recordRuns(chain({ length: 20 }), { seed: 1, runs: 1 })[0]!;
    // One worker: one start, one input download, one upload (the sink), no edge transfers.
    expect(run.metrics.workerStarts).toHaveLength(1);
    expect(run.metrics.transfers.map((t) => t.direction).sort()).toEqual(['download', 'upload']);
  });

  it('slows I/O-bound funcs little and stops speeding up CPU-bound ones at saturation', () => {
    const io = funcProfile(DEFAULT_GROUND_TRUTH, 'load-partition');
    const cpu = funcProfile(DEFAULT_GROUND_TRUTH, 'transform');
    const mb = 50 * 1024 * 1024;
    // 14x the memory: I/O-bound work gets 1.5x faster, CPU-bound work about 12x.
    expect(expectedExecMs(io, mb, 128) / expectedExecMs(io, mb, 1769)).toBeCloseTo((1769 / 128) ** io.alpha, 9);
    expect(expectedExecMs(io, mb, 128) / expectedExecMs(io, mb, 1769)).toBeLessThan(1.6);
    expect(expectedExecMs(cpu, mb, 128) / expectedExecMs(cpu, mb, 1769)).toBeGreaterThan(3);
    expect(expectedExecMs(cpu, mb, 10240)).toBe(expectedExecMs(cpu, mb, 1769));
    expect(funcProfile(DEFAULT_GROUND_TRUTH, 'some-new-func')).toEqual(funcProfile(DEFAULT_GROUND_TRUTH, 'some-new-func'));
  });

  it('makespan equals the shared timing model (planTiming) on the recorded durations', () => {
    // Noise-free, always-cold starts make one start time per level, as a DurationTable has.
    const model: GroundTruthModel = { ...DEFAULT_GROUND_TRUTH, startNoise: 0 };
    for (const [w, seed] of [[randomLayered({ tasks: 150, seed: 4 }), 1], [workflow, 2], [fanOutFanIn({ width: 12 }), 3]] as [WorkflowSpec, number][]) {
      for (const run of recordRuns(w, { seed, runs: 6, model, warmProbability: 0 })) {
        const dag = toCompactDag(buildDag(w));
        const { table, plan } = replay(dag, run);
        expect(Math.abs(planTiming(dag, table, plan).makespanMs - run.makespanMs)).toBeLessThan(1e-6);
      }
    }
  });
});

/** A DurationTable and CompactPlan holding exactly what the run recorded. */
function replay(dag: ReturnType<typeof toCompactDag>, run: RecordedRun): { table: DurationTable; plan: CompactPlan } {
  const L = DEFAULT_LADDER_MB.length;
  const level = (mb: number) => DEFAULT_LADDER_MB.indexOf(mb);
  const index = taskIndexMap(dag);
  const n = dag.taskCount;
  const execMs = new Float64Array(n * L);
  const uploadMs = new Float64Array(n * L);
  const inputDownloadMs = new Float64Array(n * L);
  const downloadMs = new Float64Array(dag.edgeCount * L);
  const coldStartMs = new Float64Array(L);
  for (const t of run.metrics.tasks) execMs[index.get(t.taskId)! * L + level(t.memoryMb)] = t.execMs;
  for (const t of run.metrics.transfers) {
    const v = index.get(t.taskId)!;
    if (t.direction === 'upload') uploadMs[v * L + level(t.memoryMb)] = t.ms;
    else if (t.peerTaskId === undefined) inputDownloadMs[v * L + level(t.memoryMb)] = t.ms;
    else {
      const u = index.get(t.peerTaskId)!;
      for (let k = dag.predStart[v]!; k < dag.predStart[v + 1]!; k++) if (dag.predTask[k] === u) downloadMs[dag.predEdge[k]! * L + level(t.memoryMb)] = t.ms;
    }
  }
  for (const s of run.metrics.workerStarts) coldStartMs[level(s.memoryMb)] = s.ms;
  const workers = [...new Set(Object.values(run.plan).map((p) => p.workerId))];
  const workerIndex = new Map(workers.map((w, i) => [w, i]));
  const workerOf = new Int32Array(n);
  const levelOf = new Int32Array(workers.length);
  for (const [taskId, p] of Object.entries(run.plan)) {
    workerOf[index.get(taskId)!] = workerIndex.get(p.workerId)!;
    levelOf[workerIndex.get(p.workerId)!] = level(p.memoryMb);
  }
  const table: DurationTable = { ladderMb: Float64Array.from(DEFAULT_LADDER_MB), levels: L, execMs, uploadMs, downloadMs, inputDownloadMs, coldStartMs, warmStartMs: new Float64Array(L) };
  return { table, plan: { workerCount: workers.length, workerOf, levelOf, prewarm: new Uint8Array(workers.length), preload: new Uint8Array(n) } };
}
