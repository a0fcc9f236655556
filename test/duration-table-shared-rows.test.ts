/**
 * `buildDurationTable` asks the predictor once per distinct question (rows of one func and
 * input size, of one transfer size, share the answers) and `makeNonIncreasing` skips rows
 * that already comply. The oracle below is the table's definition written out: every cell
 * asked afresh, unknowns resolved by the policy, every row made non-increasing by a plain
 * pool-adjacent-violators loop. Tables, unknowns (in order) and fallback counts must match
 * on random DAGs whose tasks repeat funcs and sizes, with unknown funcs, flagged fallbacks,
 * zero-byte transfers and missing transfer records; and on shipped datasets, grid by grid.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag, type CompactDag } from '../src/dag/compact-dag.js';
import type { WorkflowSpec } from '../src/dag/types.js';
import { buildDurationTable, type UnknownPrediction } from '../src/predict/duration-table.js';
import { DEFAULT_PLATFORM_PROFILE, profileExecMs, profileStartMs, profileTransferMs } from '../src/predict/platform-profile.js';
import { predictorAtQuantile } from '../src/predict/predictor-at-quantile.js';
import type { Prediction, Predictor, UnknownPolicy } from '../src/predict/types.js';
import { fileDatasetSource } from '../src/bench/queue/dataset-blobs.js';
import { prepareInstance } from '../src/planning/prepare-instance.js';
import { parseSla } from '../src/predict/sla.js';
import type { DistributionPredictor } from '../src/predict/types.js';

/** Pool-adjacent-violators written plainly: merge the first adjacent pair out of order until none is. */
function isotonicDown(row: number[]): number[] {
  const blocks = row.map((v) => ({ sum: v, count: 1 }));
  for (let k = 1; k < blocks.length; ) {
    const a = blocks[k - 1]!;
    const b = blocks[k]!;
    if (b.sum / b.count > a.sum / a.count) {
      blocks.splice(k - 1, 2, { sum: a.sum + b.sum, count: a.count + b.count });
      k = Math.max(1, k - 1);
    } else k++;
  }
  return blocks.flatMap((b) => Array.from({ length: b.count }, () => b.sum / b.count));
}

/** The table by definition: every cell asked, in the documented order. */
function everyCellAsked(dag: CompactDag, predictor: Predictor, ladderMb: readonly number[], policy: UnknownPolicy) {
  const L = ladderMb.length;
  const unknowns: UnknownPrediction[] = [];
  const seen = new Set<string>();
  let fallbacks = 0;
  const profile = DEFAULT_PLATFORM_PROFILE;
  const value = (p: Prediction, task: number, what: UnknownPrediction['what'], memoryMb: number, fallback: () => number, bytes = -1): number => {
    if (!p.known && bytes === 0) return 0;
    if (p.known) {
      if (p.fallback !== undefined) fallbacks++;
      return p.value;
    }
    const taskId = task >= 0 ? dag.taskIds[task]! : '*';
    if (!seen.has(`${taskId}|${what}|${p.reason}`)) {
      seen.add(`${taskId}|${what}|${p.reason}`);
      unknowns.push({ taskId, func: task >= 0 ? dag.funcNames[dag.funcOf[task]!]! : '*', what, memoryMb, reason: p.reason });
    }
    if (policy === 'fail') return Number.NaN;
    fallbacks++;
    return fallback();
  };
  const n = dag.taskCount;
  const rows = { execMs: [] as number[][], uploadMs: [] as number[][], inputDownloadMs: [] as number[][], downloadMs: [] as number[][] };
  const cold = ladderMb.map((m) => value(predictor.workerStart(m, 'cold'), -1, 'start', m, () => profileStartMs(profile, 'cold')));
  const warm = ladderMb.map((m) => value(predictor.workerStart(m, 'warm'), -1, 'start', m, () => profileStartMs(profile, 'warm')));
  for (let i = 0; i < n; i++) {
    const func = dag.funcNames[dag.funcOf[i]!]!;
    const x = dag.inputBytes[i]!;
    const y = dag.outputBytes[i]!;
    const source = dag.predStart[i + 1] === dag.predStart[i];
    const exec: number[] = [];
    const up: number[] = [];
    const input: number[] = [];
    for (const m of ladderMb) {
      exec.push(
        value(predictor.exec(func, x, m), i, 'exec', m, () => {
          const f = (predictor as Partial<{ execFallback: (x: number, m: number) => Prediction }>).execFallback?.(x, m);
          return f?.known ? f.value : profileExecMs(profile, m);
        }),
      );
      up.push(value(predictor.transfer(y, m, 'upload'), i, 'upload', m, () => profileTransferMs(profile, y, m, 'upload'), y));
      input.push(source ? value(predictor.transfer(x, m, 'download'), i, 'input', m, () => profileTransferMs(profile, x, m, 'download'), x) : 0);
    }
    rows.execMs.push(exec);
    rows.uploadMs.push(up);
    rows.inputDownloadMs.push(input);
  }
  for (let e = 0; e < dag.edgeCount; e++) {
    const b = dag.edgeBytes[e]!;
    rows.downloadMs.push(ladderMb.map((m) => value(predictor.transfer(b, m, 'download'), dag.edgeTo[e]!, 'download', m, () => profileTransferMs(profile, b, m, 'download'), b)));
  }
  const flat = (r: number[][]) => Float64Array.from(r.flatMap((row) => (row.length === L ? isotonicDown(row) : row)));
  return {
    table: { execMs: flat(rows.execMs), uploadMs: flat(rows.uploadMs), inputDownloadMs: flat(rows.inputDownloadMs), downloadMs: flat(rows.downloadMs), coldStartMs: Float64Array.from(isotonicDown(cold)), warmStartMs: Float64Array.from(isotonicDown(warm)) },
    unknowns,
    fallbacks,
  };
}

/** A pure predictor of made-up values: some funcs unrecorded, some answers flagged fallbacks, a direction possibly unrecorded, wiggles that break monotonicity. */
function madeUpPredictor(unrecorded: ReadonlySet<string>, noUploads: boolean, withFallback: boolean): Predictor {
  const wiggle = (a: number, m: number) => 1 + 0.3 * Math.sin(a * 0.001 + m * 0.37);
  const base: Predictor = {
    sla: 'p90',
    exec: (func, x, m) => (unrecorded.has(func) ? { known: false, reason: `no task records of func "${func}"` } : { known: true, value: ((func.length * 100 + x / 1000) * 512 * wiggle(x, m)) / m, ...(func === 'g' && m > 1000 ? { fallback: 'flagged' } : {}) }),
    outputBytes: () => ({ known: true, value: 1 }),
    transfer: (bytes, m, direction) => (direction === 'upload' && noUploads ? { known: false, reason: 'no upload transfer records' } : { known: true, value: 2 + (bytes / 1e4) * wiggle(bytes, m) }),
    workerStart: (m, kind) => ({ known: true, value: (kind === 'cold' ? 300 : 5) * wiggle(7, m) }),
  };
  return withFallback ? ({ ...base, execFallback: (x: number, m: number) => ({ known: true, value: 1 + x / m, fallback: 'median' }) } as Predictor) : base;
}

const LADDER = [128, 512, 1024, 1769, 3008];

describe('buildDurationTable with shared rows', () => {
  it('equals the table with every cell asked, on random DAGs with repeated funcs and sizes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ func: fc.constantFrom('f', 'g', 'h', 'lost'), input: fc.constantFrom(0, -0, 1e3, 5e5, 5e5 + 1), output: fc.constantFrom(0, 1e4, 2e6) }), { minLength: 1, maxLength: 14 }),
        fc.array(fc.tuple(fc.nat(13), fc.nat(13), fc.constantFrom(0, 1e3, 7e5, 7e5)), { maxLength: 30 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom<UnknownPolicy>('fail', 'fallback'),
        (tasks, pairs, noUploads, withFallback, policy) => {
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
          const expected = everyCellAsked(dag, predictor, LADDER, policy);
          let actual;
          try {
            actual = buildDurationTable(dag, predictor, LADDER, policy);
          } catch (error) {
            expect(policy).toBe('fail');
            expect(expected.unknowns.length).toBeGreaterThan(0);
            expect((error as Error).message).toMatch(/no data to predict/);
            return;
          }
          expect(actual.unknowns).toEqual(expected.unknowns);
          expect(actual.fallbacks).toBe(expected.fallbacks);
          for (const field of ['execMs', 'uploadMs', 'inputDownloadMs', 'downloadMs', 'coldStartMs', 'warmStartMs'] as const) expect(actual.table[field]).toEqual(expected.table[field]);
        },
      ),
      { numRuns: 400, seed: 20261202 },
    );
  });

  it('equals it on shipped datasets at grid points (fitted predictors, fallbacks of recorded traces)', () => {
    for (const name of ['gemm-4', 'wfcommons-montage-103', 'wfcommons-bwa-104']) {
      const source = fileDatasetSource(name);
      const workflow = source.workflows[0]!;
      const instance = prepareInstance({ dataset: source.dataset!, datasetName: name, workflowSignature: workflow.signature, sla: parseSla('p90'), unknownPolicy: 'fallback' });
      for (const q of [0, 0.5, 0.97]) {
        const predictor = predictorAtQuantile(instance.predictor as DistributionPredictor, q);
        const actual = buildDurationTable(instance.dag, predictor, instance.ladderMb, 'fallback');
        const expected = everyCellAsked(instance.dag, predictor, instance.ladderMb, 'fallback');
        expect(actual.unknowns).toEqual(expected.unknowns);
        expect(actual.fallbacks).toBe(expected.fallbacks);
        for (const field of ['execMs', 'uploadMs', 'inputDownloadMs', 'downloadMs', 'coldStartMs', 'warmStartMs'] as const) expect(actual.table[field], `${name} q=${q} ${field}`).toEqual(expected.table[field]);
      }
    }
  });
});
