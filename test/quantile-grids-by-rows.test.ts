/**
 * Quantile grids built row by row (`quantile-grids-by-rows.ts`) against the reference path,
 * one duration table per grid point (`quantileGridsByTables`): the same cells bit for bit,
 * the same unknowns in the same order, the same fallback count, the same error under
 * `fail`. On random DAGs whose tasks repeat funcs and sizes (shared rows), with unknown
 * funcs, flagged fallbacks, zero-byte and -0 transfers, missing upload records and answers
 * that break monotonicity in memory and in q; and on shipped datasets with their fitted
 * predictors, whose batched answers (`execQuantiles`, `transferQuantiles`) are also
 * compared with the single queries directly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import type { WorkflowSpec } from '../src/dag/types.js';
import { fileDatasetSource } from '../src/bench/queue/dataset-blobs.js';
import { prepareInstance } from '../src/planning/prepare-instance.js';
import { hasExecFallback, type FittedPredictor } from '../src/predict/fit-predictor.js';
import { probabilityGrid } from '../src/predict/quantile-across-levels.js';
import { hasQuantileRows, quantileGridsByRows } from '../src/predict/quantile-grids-by-rows.js';
import { quantileGridsByTables, quantileGridsInSteps, type QuantileGridsResult } from '../src/predict/quantile-grids.js';
import { parseSla } from '../src/predict/sla.js';
import type { DistributionPredictor, Prediction, QuantileRows, RowStatus, UnknownPolicy } from '../src/predict/types.js';
import { runSteps } from '../src/util/steps.js';

const FIELDS = ['execMs', 'uploadMs', 'downloadMs', 'inputDownloadMs', 'coldStartMs', 'warmStartMs', 'ladderMb'] as const;

function expectSameGrids(actual: QuantileGridsResult, expected: QuantileGridsResult, label: string): void {
  expect(Object.keys(actual.grids).sort(), label).toEqual(Object.keys(expected.grids).sort());
  expect(actual.grids.points).toBe(expected.grids.points);
  expect(actual.grids.levels).toBe(expected.grids.levels);
  for (const field of FIELDS) {
    const a = actual.grids[field];
    const e = expected.grids[field];
    expect(a.length, `${label} ${field}`).toBe(e.length);
    let differing = -1;
    for (let i = 0; i < a.length && differing < 0; i++) if (!Object.is(a[i], e[i])) differing = i;
    expect(differing, `${label} ${field}: first differing cell`).toBe(-1);
  }
  expect(actual.unknowns, label).toEqual(expected.unknowns);
  expect(actual.fallbacks, label).toBe(expected.fallbacks);
}

/** A distribution predictor of made-up values: unrecorded funcs, flagged answers, maybe no upload records, wiggles across memory and q. */
function madeUpPredictor(unrecorded: ReadonlySet<string>, noUploads: boolean, withFallback: boolean): DistributionPredictor {
  const wiggle = (a: number, m: number, q: number) => 1 + 0.3 * Math.sin(a * 0.001 + m * 0.37) + 0.2 * Math.sin(q * 23);
  const exec = (func: string, x: number, m: number, q: number): Prediction =>
    unrecorded.has(func) ? { known: false, reason: `no task records of func "${func}"` } : { known: true, value: ((func.length * 100 + x / 1000) * 512 * wiggle(x, m, q) * (0.5 + q)) / m, ...(func === 'g' && m > 1000 ? { fallback: 'flagged' } : {}) };
  const transfer = (bytes: number, m: number, direction: string, q: number): Prediction => (direction === 'upload' && noUploads ? { known: false, reason: 'no upload transfer records' } : { known: true, value: 2 + (bytes / 1e4) * wiggle(bytes, m, q) });
  const start = (m: number, kind: string, q: number): Prediction => ({ known: true, value: (kind === 'cold' ? 300 : 5) * wiggle(7, m, q) });
  const base: DistributionPredictor = {
    sla: 'p90',
    exec: (f, x, m) => exec(f, x, m, 0.9),
    outputBytes: () => ({ known: true, value: 1 }),
    transfer: (b, m, d) => transfer(b, m, d, 0.9),
    workerStart: (m, k) => start(m, k, 0.9),
    execQuantile: exec,
    transferQuantile: transfer,
    workerStartQuantile: start,
  };
  return withFallback ? ({ ...base, execFallback: (x: number, m: number) => ({ known: true, value: 1 + x / m, fallback: 'median' }) } as DistributionPredictor) : base;
}

/** Rows answered by single queries (the row path's contract, for predictors without a batched one). */
function rowsBySingleQueries(p: DistributionPredictor): DistributionPredictor & QuantileRows {
  const row = (ask: (q: number) => Prediction, q: Float64Array, out: Float64Array, offset: number, stride: number): RowStatus => {
    let status: RowStatus = { known: true };
    for (let k = 0; k < q.length; k++) {
      const a = ask(q[k]!);
      if (a.known) out[offset + k * stride] = a.value;
      if (k === 0) status = a.known ? (a.fallback !== undefined ? { known: true, fallback: a.fallback } : { known: true }) : { known: false, reason: a.reason };
    }
    return status;
  };
  return {
    ...p,
    ...(hasExecFallback(p) ? { execFallback: p.execFallback.bind(p) } : {}),
    execQuantiles: (f, x, m, grid, out, offset, stride) => row((q) => p.execQuantile(f, x, m, q), grid.q, out, offset, stride),
    transferQuantiles: (b, m, d, grid, out, offset, stride) => row((q) => p.transferQuantile(b, m, d, q), grid.q, out, offset, stride),
  };
}

const LADDER = [128, 512, 1024, 1769, 3008];

describe('quantile grids by rows', () => {
  it('equal the grids of one table per grid point on random DAGs with shared rows, unknowns and fallbacks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ func: fc.constantFrom('f', 'g', 'h', 'lost'), input: fc.constantFrom(0, -0, 1e3, 5e5, 5e5 + 1), output: fc.constantFrom(0, -0, 1e4, 2e6) }), { minLength: 1, maxLength: 14 }),
        fc.array(fc.tuple(fc.nat(13), fc.nat(13), fc.constantFrom(0, -0, 1e3, 7e5, 7e5)), { maxLength: 30 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom<UnknownPolicy>('fail', 'fallback'),
        fc.constantFrom(2, 5, 33),
        (tasks, pairs, noUploads, withFallback, policy, points) => {
          const n = tasks.length;
          const edges = new Map<string, { from: string; to: string; bytes: number }>();
          for (const [a, b, bytes] of pairs) {
            const from = Math.min(a % n, b % n);
            const to = Math.max(a % n, b % n);
            if (from !== to) edges.set(`${from}>${to}`, { from: `t${from}`, to: `t${to}`, bytes });
          }
          const workflow: WorkflowSpec = { name: 'random', tasks: tasks.map((t, i) => ({ id: `t${i}`, func: t.func, inputBytes: t.input, outputBytes: t.output })), edges: [...edges.values()] };
          const dag = toCompactDag(buildDag(workflow));
          const predictor = madeUpPredictor(new Set(['lost']), noUploads, withFallback);
          const run = (steps: Generator<void, QuantileGridsResult, void>): QuantileGridsResult | Error => {
            try {
              return runSteps(steps);
            } catch (error) {
              return error as Error;
            }
          };
          const expected = run(quantileGridsByTables(dag, predictor, LADDER, policy, points));
          const actual = run(quantileGridsByRows(dag, rowsBySingleQueries(predictor), LADDER, policy, points));
          if (expected instanceof Error) {
            expect(actual).toBeInstanceOf(Error);
            expect((actual as Error).message).toBe(expected.message);
            return;
          }
          expect(actual).not.toBeInstanceOf(Error);
          expectSameGrids(actual as QuantileGridsResult, expected, 'random DAG');
        },
      ),
      { numRuns: 300, seed: 20261202 },
    );
  });

  it('equal them on shipped datasets with the fitted predictors (which take the row path)', () => {
    for (const name of ['gemm-4', 'map-reduce-100x25', 'random-layered-1000', 'wfcommons-montage-103', 'wfcommons-epigenomics-1695', 'wfcommons-bwa-104']) {
      const source = fileDatasetSource(name);
      const workflow = source.workflows[0]!;
      for (const sla of ['p90', 'median']) {
        const instance = prepareInstance({ dataset: source.dataset!, datasetName: name, workflowSignature: workflow.signature, sla: parseSla(sla), unknownPolicy: 'fallback' });
        const predictor = instance.predictor as DistributionPredictor;
        expect(hasQuantileRows(predictor)).toBe(true);
        expectSameGrids(runSteps(quantileGridsInSteps(instance.dag, predictor, instance.ladderMb, 'fallback')), runSteps(quantileGridsByTables(instance.dag, predictor, instance.ladderMb, 'fallback')), `${name} ${sla}`);
      }
    }
  });

  it("gives the fitted predictor's single answers, bit for bit, at recorded, interpolated and extrapolated sizes", () => {
    const grid = probabilityGrid([0, 0.001, 0.03125, 0.25, 0.5, 0.75, 0.9, 0.999, 1]);
    for (const name of ['gemm-4', 'montage-like-120', 'wfcommons-soykb-96']) {
      const source = fileDatasetSource(name);
      const instance = prepareInstance({ dataset: source.dataset!, datasetName: name, workflowSignature: source.workflows[0]!.signature, sla: parseSla('p90'), unknownPolicy: 'fallback' });
      const predictor = instance.predictor as FittedPredictor;
      const out = new Float64Array(grid.q.length * 2);
      const memories = [64, 128, 300, 512, 1000, 1769, 2500, 3008, 10240, 20000];
      for (const func of [...predictor.funcs.keys(), 'no-such-func']) {
        for (const bytes of [0, 1, 12_345, 3e7]) {
          for (const m of memories) {
            const status = predictor.execQuantiles(func, bytes, m, grid, out, 1, 2);
            for (let k = 0; k < grid.q.length; k++) {
              const single = predictor.execQuantile(func, bytes, m, grid.q[k]!);
              expect(status.known).toBe(single.known);
              if (single.known) expect(Object.is(out[1 + 2 * k], single.value), `${name} ${func} ${bytes} B ${m} MB q=${grid.q[k]}`).toBe(true);
            }
          }
        }
      }
      for (const direction of ['upload', 'download'] as const) {
        for (const bytes of [0, 1, 12_345, 3e7]) {
          for (const m of memories) {
            const status = predictor.transferQuantiles(bytes, m, direction, grid, out, 0, 1);
            for (let k = 0; k < grid.q.length; k++) {
              const single = predictor.transferQuantile(bytes, m, direction, grid.q[k]!);
              expect(status.known).toBe(single.known);
              if (single.known) {
                expect(status.known && status.fallback).toBe(single.fallback ?? undefined);
                expect(Object.is(out[k], single.value), `${name} ${direction} ${bytes} B ${m} MB q=${grid.q[k]}`).toBe(true);
              }
            }
          }
        }
      }
    }
  });
});
