import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import { buildDurationTable } from '../src/predict/duration-table.js';
import { makeNonIncreasing } from '../src/predict/non-increasing-in-memory.js';
import type { Prediction, Predictor } from '../src/predict/types.js';
import { seededRandom } from '../src/util/random.js';

/**
 * Oracle: the least-squares non-increasing fit has the closed form
 * f(i) = min over j <= i of max over k >= i of mean(y[j..k]) (Barlow et al. 1972, the
 * max-min formula, mirrored for a decreasing order).
 */
function oracle(y: readonly number[]): number[] {
  const n = y.length;
  const mean = (j: number, k: number) => y.slice(j, k + 1).reduce((a, b) => a + b, 0) / (k - j + 1);
  return y.map((_, i) => {
    let best = Infinity;
    for (let j = 0; j <= i; j++) {
      let worst = -Infinity;
      for (let k = i; k < n; k++) worst = Math.max(worst, mean(j, k));
      best = Math.min(best, worst);
    }
    return best;
  });
}

describe('makeNonIncreasing', () => {
  it('leaves a non-increasing row unchanged', () => {
    const row = Float64Array.from([900, 500, 500, 260, 130]);
    makeNonIncreasing(row, 0, row.length);
    expect(Array.from(row)).toEqual([900, 500, 500, 260, 130]);
  });

  it('pools a violation with its neighbour: [10, 5, 7, 3] -> [10, 6, 6, 3]', () => {
    const row = Float64Array.from([10, 5, 7, 3]);
    makeNonIncreasing(row, 0, 4);
    expect(Array.from(row)).toEqual([10, 6, 6, 3]);
  });

  it('works on one row inside a larger array without touching the others', () => {
    const rows = Float64Array.from([1, 2, 3, 4, 5, 6, 9, 8, 7]);
    makeNonIncreasing(rows, 3, 3);
    expect(Array.from(rows)).toEqual([1, 2, 3, 5, 5, 5, 9, 8, 7]);
  });

  it('equals the max-min formula on 2,000 random rows', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 2000; trial++) {
      const n = 1 + Math.floor(random() * 9);
      const y = Array.from({ length: n }, () => Math.round(random() * 1000) / 10);
      const row = Float64Array.from(y);
      makeNonIncreasing(row, 0, n);
      const expected = oracle(y);
      for (let i = 0; i < n; i++) expect(row[i]).toBeCloseTo(expected[i]!, 9);
      for (let i = 1; i < n; i++) expect(row[i]!).toBeLessThanOrEqual(row[i - 1]! + 1e-9);
    }
  });
});

describe('buildDurationTable rows are non-increasing in memory', () => {
  // A predictor whose p90s are noisy: 10 GB looks slower than 4 GB for uploads and execution.
  const noisy: Record<number, number> = { 1024: 400, 4096: 100, 10240: 160 };
  const known = (value: number): Prediction => ({ known: true, value });
  const predictor: Predictor = {
    sla: 'p90',
    exec: (_func, _bytes, mem) => known(noisy[mem]!),
    outputBytes: () => known(1),
    transfer: (_bytes, mem) => known(noisy[mem]! / 10),
    workerStart: (mem, kind) => known(kind === 'cold' ? noisy[mem]! : 5),
  };
  const dag = toCompactDag(
    buildDag({ name: 'pair', tasks: [{ id: 'a', func: 'f', inputBytes: 10, outputBytes: 10 }, { id: 'b', func: 'g', inputBytes: 10, outputBytes: 10 }], edges: [{ from: 'a', to: 'b', bytes: 10 }] }),
  );
  const ladder = [1024, 4096, 10240];

  it('pools the violations by default', () => {
    const { table } = buildDurationTable(dag, predictor, ladder, 'fail');
    expect(Array.from(table.execMs.subarray(0, 3))).toEqual([400, 130, 130]);
    expect(Array.from(table.uploadMs.subarray(3, 6))).toEqual([40, 13, 13]);
    expect(Array.from(table.downloadMs.subarray(0, 3))).toEqual([40, 13, 13]);
    expect(Array.from(table.coldStartMs)).toEqual([400, 130, 130]);
  });

  it('keeps the raw predictions with nonIncreasing: false', () => {
    const { table } = buildDurationTable(dag, predictor, ladder, 'fail', { nonIncreasing: false });
    expect(Array.from(table.execMs.subarray(0, 3))).toEqual([400, 100, 160]);
  });
});
