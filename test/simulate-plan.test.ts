/**
 * The simulator on a hand-made duration table, with every number worked out by hand from
 * the timing model and the billing rule stated in `simulate-plan.ts`.
 */
import { describe, expect, it } from 'vitest';
import { taskIndexMap } from '../src/dag/compact-dag.js';
import { MB } from '../src/generate/workflow-builder.js';
import { assignWorkers } from '../src/planning/assign-workers.js';
import { planWithLevels } from '../src/planning/plan-builders.js';
import { AWS_LAMBDA_X86_COST, resolveCostModel } from '../src/timing/cost-model.js';
import { simulatePlan } from '../src/simulate/simulate-plan.js';
import type { DurationTable } from '../src/timing/types.js';
import { diamond, fixture } from './fixtures/planning-dags.js';

/** One level (1024 MB = 1 GB) with round numbers per task and edge. */
function handTable(): { table: DurationTable; f: ReturnType<typeof fixture> } {
  const f = fixture(diamond());
  const index = taskIndexMap(f.dag);
  const perTask = (values: Record<string, number>) => {
    const out = new Float64Array(f.dag.taskCount);
    for (const [id, v] of Object.entries(values)) out[index.get(id)!] = v;
    return out;
  };
  const download = new Float64Array(f.dag.edgeCount);
  const edgeMs: Record<string, number> = { 'top>left': 4, 'top>right': 40, 'left>bottom': 2, 'right>bottom': 9 };
  for (let e = 0; e < f.dag.edgeCount; e++) download[e] = edgeMs[`${f.dag.taskIds[f.dag.edgeFrom[e]!]}>${f.dag.taskIds[f.dag.edgeTo[e]!]}`]!;
  const table: DurationTable = {
    ladderMb: Float64Array.of(1024),
    levels: 1,
    execMs: perTask({ top: 100, left: 50, right: 200, bottom: 30 }),
    uploadMs: perTask({ top: 10, left: 5, right: 7, bottom: 3 }),
    downloadMs: download,
    inputDownloadMs: perTask({ top: 6 }),
    coldStartMs: Float64Array.of(300),
    warmStartMs: Float64Array.of(20),
  };
  return { table, f };
}

describe('simulatePlan', () => {
  it('reports makespan, bill, starts, bytes and critical path as worked out by hand', () => {
    const { table, f } = handTable();
    const workers = assignWorkers(f.dag); // top, right, bottom on one worker; left on its own
    const index = taskIndexMap(f.dag);
    expect(workers.workerOf[index.get('right')!]).toBe(workers.workerOf[index.get('top')!]);
    expect(workers.workerOf[index.get('bottom')!]).toBe(workers.workerOf[index.get('top')!]);
    const report = simulatePlan(f.dag, table, planWithLevels(workers, 0), AWS_LAMBDA_X86_COST);
    // top: 300 + 6 + 100 + 10 = 416; left: 416 + 300 + 4 + 50 + 5 = 775; right: 416 + 200 = 616 (no upload);
    // bottom: max(775, 616) + 2 + 30 + 3 = 810.
    expect(report.makespanMs).toBeCloseTo(810, 9);
    expect(report.criticalPath).toEqual(['top', 'left', 'bottom']);
    // Billed: top 416, left 775 - 416, right 616 - 416, bottom 810 - 616 (continues from right) = 1169 ms at 1 GB.
    expect(report.gbSeconds).toBeCloseTo(1.169, 12);
    expect(report.invocations).toBe(2);
    expect(report.coldStarts).toBe(2);
    expect(report.warmStarts).toBe(0);
    expect(report.costUsd).toBeCloseTo(1.169 * AWS_LAMBDA_X86_COST.pricePerGbSecond + 2 * AWS_LAMBDA_X86_COST.pricePerInvocation, 15);
    // Uploads: top 42 MB, left 1 MB, bottom 1 MB; downloads: 2 MB + 1 MB remote, 42 MB external input.
    expect(report.bytesUploaded).toBe(44 * MB);
    expect(report.bytesDownloaded).toBe(45 * MB);
    expect(report.bytesMoved).toBe(89 * MB);
    expect(report.workers).toBe(2);
  });

  it('a pre-warmed worker pays a warm start; prices are configurable', () => {
    const { table, f } = handTable();
    const workers = assignWorkers(f.dag);
    const plan = planWithLevels(workers, 0);
    const left = taskIndexMap(f.dag).get('left')!;
    plan.prewarm[plan.workerOf[left]!] = 1;
    const cost = resolveCostModel({ pricePerGbSecond: 1, pricePerInvocation: 10 });
    const report = simulatePlan(f.dag, table, plan, cost);
    // left: 416 + 20 + 4 + 50 + 5 = 495; bottom: max(495, 616) + 2 + 30 + 3 = 651.
    expect(report.makespanMs).toBeCloseTo(651, 9);
    expect(report.warmStarts).toBe(1);
    expect(report.coldStarts).toBe(1);
    // Billed: 416 + (495 - 416) + 200 + (651 - 616) = 730 ms.
    expect(report.costUsd).toBeCloseTo(0.73 + 20, 12);
  });

  it('with preload, a fresh invocation is billed from its first input', () => {
    const { table, f } = handTable();
    const index = taskIndexMap(f.dag);
    // Every task on its own worker, bottom preloading: it is invoked when `left` or `right` completes first.
    const plan = planWithLevels({ workerCount: 4, workerOf: Int32Array.from(f.dag.taskIds, (_, i) => i) }, 0);
    plan.preload[index.get('bottom')!] = 1;
    const report = simulatePlan(f.dag, table, plan, resolveCostModel({ pricePerGbSecond: 1000, pricePerInvocation: 0 }));
    // top 416; left 416+300+4+50+5 = 775; right 416+300+40+200+7 = 963;
    // bottom: max(775 + 300 + 2, 963 + 300 + 9) + 30 + 3 = 1305, billed from min(775, 963) = 775.
    expect(report.makespanMs).toBeCloseTo(1305, 9);
    expect(report.costUsd).toBeCloseTo(416 + 359 + 547 + (1305 - 775), 9);
    expect(report.invocations).toBe(4);
  });
});
