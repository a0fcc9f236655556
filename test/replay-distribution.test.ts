/**
 * Replay of makespan distributions: runs are grouped by plan, groups below `minRuns` are
 * skipped, recorded quantiles are the empirical quantiles of the group's makespans, errors
 * follow from the reported numbers, and the predictor of a plan never sees that plan's
 * runs (leave one plan out: a group recorded 10x slower than the others is predicted from
 * the others, so its error is far below zero).
 */
import { describe, expect, it } from 'vitest';
import { replayDistributions } from '../src/bench/replay-distribution.js';
import { dagSignature } from '../src/dag/dag-signature.js';
import type { RecordedRun } from '../src/dataset/types.js';
import { sampleQuantile } from '../src/timing/monte-carlo.js';
import { seededRandom } from '../src/util/random.js';
import { runOf } from './support/predict-fixtures.js';

const workflow = { name: 'single', tasks: [{ id: 't0', func: 'f', inputBytes: 0, outputBytes: 0 }], edges: [] };
const signature = dagSignature(workflow);

function runsAt(memoryMb: number, count: number, lo: number, hi: number, offset: number): RecordedRun[] {
  const random = seededRandom(memoryMb + offset);
  return Array.from({ length: count }, (_, i) => {
    const ms = lo + (hi - lo) * random();
    const run = runOf([{ func: 'f', memoryMb, execMs: ms }], [], [], offset + i);
    return { ...run, dagId: run.dagId.replace(/_sig$/, `_${signature}`), plan: { t0: { workerId: 'w0', memoryMb } }, makespanMs: ms };
  });
}

describe('replayDistributions', () => {
  it('groups runs by plan, leaves each plan out of its own fit, and reports consistent quantile errors', () => {
    const runs = [...runsAt(512, 12, 100, 200, 0), ...runsAt(1024, 12, 1000, 2000, 100), ...runsAt(2048, 2, 50, 60, 200)];
    const rows = replayDistributions({ workflows: [{ ...workflow, signature }], runs }, { samples: 2000, minRuns: 5 });
    expect(rows.map((r) => r.plan).sort()).toEqual(['1024 MB, 1 workers', '512 MB, 1 workers']);
    for (const r of rows) {
      const own = runs.filter((x) => x.plan.t0!.memoryMb === Number(r.plan.split(' ')[0]));
      expect(r.runs).toBe(own.length);
      expect(r.fittedOnRuns).toBe(runs.length - own.length);
      const sorted = Float64Array.from(own.map((x) => x.makespanMs)).sort();
      expect(r.recordedMs.p50).toBe(sampleQuantile(sorted, 0.5));
      expect(r.recordedMs.p95).toBe(sampleQuantile(sorted, 0.95));
      expect(r.errorPct.p50).toBeCloseTo(((r.predictedMs.p50 - r.recordedMs.p50) / r.recordedMs.p50) * 100, 9);
      expect(r.predictedMs.p50).toBeLessThanOrEqual(r.predictedMs.p95);
      // coverage: counted directly from the recorded makespans
      const share = (bound: number) => (100 * own.filter((x) => x.makespanMs <= bound).length) / own.length;
      expect(r.coveredPct).toEqual({ p90: share(r.predictedMs.p90), p95: share(r.predictedMs.p95) });
    }
    // The 1024 MB plan ran 10x slower than anything the others recorded: its prediction cannot know.
    const slow = rows.find((r) => r.plan.startsWith('1024'))!;
    expect(slow.errorPct.p50).toBeLessThan(-50);
    expect(slow.coveredPct.p95).toBeLessThan(50);
  });
});
