/**
 * Quantile grids built row by row: the same grids, unknowns and fallback count as one
 * duration table per grid point (`buildDurationTable` at each q_k, then interleaved), from a
 * predictor that answers a question at every q_k at once (`QuantileRows`).
 *
 * Why: the grids ask every distinct question (func and input size, transfer size) at 33
 * probabilities; asked one probability at a time, each query repeats the validation, the
 * model look-up, the level search, the scaling curve and the normal quantile, and each
 * grid point rebuilds the shared rows, a whole table and its isotonic pass over rows that
 * only copy another's answers. Here each distinct row is asked once for its L x K block,
 * made non-increasing in memory at each q_k (the table's isotonic pass) and non-decreasing
 * in q (the grids' pass), and copied to the rows that share it; the unknowns are listed in
 * the table's order afterwards. `test/quantile-grids-by-rows.test.ts` compares it with the
 * table-per-point path, cell by cell.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { checkLadder, unknownError, type UnknownPrediction } from './duration-table.js';
import { hasExecFallback } from './fit-predictor.js';
import { makeNonIncreasing, makeNonIncreasingStrided } from './non-increasing-in-memory.js';
import { DEFAULT_PLATFORM_PROFILE, profileExecMs, profileStartMs, profileTransferMs } from './platform-profile.js';
import { probabilityGrid } from './quantile-across-levels.js';
import type { QuantileGrids, QuantileGridsResult } from './quantile-grids.js';
import { execRowsByKey, sharedRows } from './shared-rows.js';
import { unknownRecorder } from './unknown-recorder.js';
import type { DistributionPredictor, ExecRowKeys, Predictor, QuantileRows, RowStatus, UnknownPolicy } from './types.js';
import type { Steps } from '../util/steps.js';

/** True when the predictor answers a question at many probabilities at once. */
export function hasQuantileRows(predictor: Predictor): predictor is DistributionPredictor & QuantileRows {
  const p = predictor as Partial<QuantileRows>;
  return typeof p.execQuantiles === 'function' && typeof p.transferQuantiles === 'function';
}

/** True when the predictor tells which exec rows get the same answers. */
function hasExecRowKeys(predictor: Predictor): predictor is Predictor & ExecRowKeys {
  return typeof (predictor as Partial<ExecRowKeys>).execRowKey === 'function';
}

/** Row status codes: what `resolve` of `buildDurationTable` would do with the answer. */
const PLAIN = 0;
const FLAGGED = 1; // known, a fallback gave it: counted
const ZERO_BYTES = 2; // unknown, but nothing moves: 0 ms, not counted
const UNKNOWN = 3; // unknown: the policy's stand-in, counted and listed

/** Distinct rows asked between two yields. */
const ROWS_PER_STEP = 64;

export interface GridArrays {
  /** How the grid arrays are allocated (e.g. on SharedArrayBuffers). @default new Float64Array */
  readonly allocate?: (length: number) => Float64Array;
}

export function* quantileGridsByRows(dag: CompactDag, predictor: DistributionPredictor & QuantileRows, ladderMb: readonly number[], policy: UnknownPolicy, points: number, options: GridArrays = {}): Steps<QuantileGridsResult> {
  checkLadder(ladderMb);
  const allocate = options.allocate ?? ((length: number) => new Float64Array(length));
  const K = points;
  const L = ladderMb.length;
  const n = dag.taskCount;
  const m = dag.edgeCount;
  const probabilities = probabilityGrid(Array.from({ length: K }, (_, k) => k / (K - 1)));
  const profile = DEFAULT_PLATFORM_PROFILE;
  const block = L * K;
  const execMs = allocate(n * block);
  const uploadMs = allocate(n * block);
  const inputDownloadMs = allocate(n * block);
  const downloadMs = allocate(m * block);
  const coldStartMs = allocate(block);
  const warmStartMs = allocate(block);

  /** The table's isotonic pass at each q_k (on the block's column k), then the grids' non-decreasing pass in q, on row block x. */
  const finish = (grid: Float64Array, x: number): void => {
    const at = x * block;
    for (let k = 0; k < K; k++) makeNonIncreasingStrided(grid, at + k, K, L);
    for (let c = at; c < at + block; c += K) {
      // Each cell at least the one before it (as updated): a running maximum.
      let previous = grid[c]!;
      for (let k = 1; k < K; k++) {
        const value = grid[c + k]!;
        if (value < previous) grid[c + k] = previous;
        else previous = value;
      }
    }
  };

  // The status of each distinct row's cell (row * L + level), and the reasons of the unknown ones.
  const codes = { exec: new Uint8Array(n * L), upload: new Uint8Array(n * L), input: new Uint8Array(n * L), download: new Uint8Array(m * L) };
  const reasons = { exec: new Map<number, string>(), upload: new Map<number, string>(), input: new Map<number, string>(), download: new Map<number, string>() };
  /**
   * Notes the status of cell x of a distinct row: a zero-byte unknown gets 0 at every q;
   * true when the cell is unknown with something to move (the caller writes the policy's
   * stand-in, or NaN under `fail`, at every q).
   */
  const standInNeeded = (code: Uint8Array, reason: Map<number, string>, x: number, status: RowStatus, grid: Float64Array, bytes: number): boolean => {
    if (status.known) {
      code[x] = status.fallback !== undefined ? FLAGGED : PLAIN;
      return false;
    }
    if (bytes === 0) {
      code[x] = ZERO_BYTES;
      grid.fill(0, x * K, x * K + K);
      return false;
    }
    code[x] = UNKNOWN;
    reason.set(x, status.reason);
    return true;
  };
  const fail = policy === 'fail';
  const execStandIn = (inBytes: number, mem: number): number => {
    if (hasExecFallback(predictor)) {
      const f = predictor.execFallback(inBytes, mem);
      if (f.known) return f.value;
    }
    return profileExecMs(profile, mem);
  };

  const shared = sharedRows(dag);
  // Exec rows of one func whose answers are the same (`ExecRowKeys`, e.g. every size of a constant model) are asked once.
  const execFirst = hasExecRowKeys(predictor) ? execRowsByKey(dag, shared.exec, (func, inputBytes) => predictor.execRowKey(func, inputBytes)) : shared.exec;
  let asked = 0;
  for (let i = 0; i < n; i++) {
    const func = dag.funcNames[dag.funcOf[i]!]!;
    const inBytes = dag.inputBytes[i]!;
    const outBytes = dag.outputBytes[i]!;
    const isSource = dag.predStart[i + 1]! === dag.predStart[i]!;
    if (execFirst[i] === i) {
      for (let l = 0; l < L; l++) {
        const mem = ladderMb[l]!;
        const x = i * L + l;
        if (standInNeeded(codes.exec, reasons.exec, x, predictor.execQuantiles(func, inBytes, mem, probabilities, execMs, x * K, 1), execMs, -1)) execMs.fill(fail ? Number.NaN : execStandIn(inBytes, mem), x * K, x * K + K);
      }
      finish(execMs, i);
      asked++;
    } else execMs.copyWithin(i * block, execFirst[i]! * block, (execFirst[i]! + 1) * block);
    if (shared.upload[i] === i) {
      for (let l = 0; l < L; l++) {
        const mem = ladderMb[l]!;
        const x = i * L + l;
        if (standInNeeded(codes.upload, reasons.upload, x, predictor.transferQuantiles(outBytes, mem, 'upload', probabilities, uploadMs, x * K, 1), uploadMs, outBytes)) uploadMs.fill(fail ? Number.NaN : profileTransferMs(profile, outBytes, mem, 'upload'), x * K, x * K + K);
      }
      finish(uploadMs, i);
      asked++;
    } else uploadMs.copyWithin(i * block, shared.upload[i]! * block, (shared.upload[i]! + 1) * block);
    if (isSource) {
      if (shared.input[i] === i) {
        for (let l = 0; l < L; l++) {
          const mem = ladderMb[l]!;
          const x = i * L + l;
          if (standInNeeded(codes.input, reasons.input, x, predictor.transferQuantiles(inBytes, mem, 'download', probabilities, inputDownloadMs, x * K, 1), inputDownloadMs, inBytes)) inputDownloadMs.fill(fail ? Number.NaN : profileTransferMs(profile, inBytes, mem, 'download'), x * K, x * K + K);
        }
        finish(inputDownloadMs, i);
        asked++;
      } else inputDownloadMs.copyWithin(i * block, shared.input[i]! * block, (shared.input[i]! + 1) * block);
    }
    if (asked >= ROWS_PER_STEP) {
      asked = 0;
      yield;
    }
  }
  for (let e = 0; e < m; e++) {
    const bytes = dag.edgeBytes[e]!;
    if (shared.edge[e] === e) {
      for (let l = 0; l < L; l++) {
        const mem = ladderMb[l]!;
        const x = e * L + l;
        if (standInNeeded(codes.download, reasons.download, x, predictor.transferQuantiles(bytes, mem, 'download', probabilities, downloadMs, x * K, 1), downloadMs, bytes)) downloadMs.fill(fail ? Number.NaN : profileTransferMs(profile, bytes, mem, 'download'), x * K, x * K + K);
      }
      finish(downloadMs, e);
      asked++;
    } else downloadMs.copyWithin(e * block, shared.edge[e]! * block, (shared.edge[e]! + 1) * block);
    if (asked >= ROWS_PER_STEP) {
      asked = 0;
      yield;
    }
  }

  // The unknowns of the first grid point's table, in its order (starts, then per task and
  // level exec, upload, input, then per edge and level its download), and the fallbacks.
  const { unknowns, record } = unknownRecorder(dag);
  const startFallbacks = workerStarts(predictor, ladderMb, K, policy, coldStartMs, warmStartMs, record);
  let fallbacks = 0;
  const countsUnknown = !fail;
  const visit = (code: Uint8Array, reason: Map<number, string>, first: number, task: number, l: number, what: UnknownPrediction['what']): void => {
    const x = first * L + l;
    const c = code[x]!;
    if (c === FLAGGED) fallbacks++;
    else if (c === UNKNOWN) {
      if (countsUnknown) fallbacks++;
      record(task, what, ladderMb[l]!, reason.get(x)!);
    }
  };
  for (let i = 0; i < n; i++) {
    const isSource = dag.predStart[i + 1]! === dag.predStart[i]!;
    const exec = execFirst[i]!;
    const upload = shared.upload[i]!;
    const input = shared.input[i]!;
    for (let l = 0; l < L; l++) {
      visit(codes.exec, reasons.exec, exec, i, l, 'exec');
      visit(codes.upload, reasons.upload, upload, i, l, 'upload');
      if (isSource) visit(codes.input, reasons.input, input, i, l, 'input');
    }
  }
  for (let e = 0; e < m; e++) {
    const first = shared.edge[e]!;
    const task = dag.edgeTo[e]!;
    for (let l = 0; l < L; l++) visit(codes.download, reasons.download, first, task, l, 'download');
  }
  if (policy === 'fail' && unknowns.length > 0) throw unknownError(unknowns);
  const grids: QuantileGrids = { ladderMb: Float64Array.from(ladderMb), levels: L, points: K, execMs, uploadMs, downloadMs, inputDownloadMs, coldStartMs, warmStartMs };
  return { grids, unknowns, fallbacks: fallbacks + startFallbacks };
}

/**
 * The start rows, one grid point at a time as the tables do (L x K answers: nothing to
 * gain by rows): resolved, made non-increasing in memory, then non-decreasing in q; the
 * first point's unknowns recorded. Returns the most fallbacks of one point.
 */
function workerStarts(predictor: DistributionPredictor, ladderMb: readonly number[], K: number, policy: UnknownPolicy, cold: Float64Array, warm: Float64Array, record: (task: number, what: 'start', memoryMb: number, reason: string) => void): number {
  const L = ladderMb.length;
  const rows = { cold: new Float64Array(L), warm: new Float64Array(L) };
  let most = 0;
  for (let k = 0; k < K; k++) {
    const q = k / (K - 1);
    let count = 0;
    for (let l = 0; l < L; l++) {
      const mem = ladderMb[l]!;
      for (const kind of ['cold', 'warm'] as const) {
        const p = predictor.workerStartQuantile(mem, kind, q);
        if (p.known) {
          if (p.fallback !== undefined) count++;
          rows[kind][l] = p.value;
          continue;
        }
        if (k === 0) record(-1, 'start', mem, p.reason);
        if (policy === 'fail') rows[kind][l] = Number.NaN;
        else {
          count++;
          rows[kind][l] = profileStartMs(DEFAULT_PLATFORM_PROFILE, kind);
        }
      }
    }
    most = Math.max(most, count);
    for (const kind of ['cold', 'warm'] as const) {
      makeNonIncreasing(rows[kind], 0, L);
      const grid = kind === 'cold' ? cold : warm;
      for (let l = 0; l < L; l++) grid[l * K + k] = rows[kind][l]!;
    }
  }
  for (const grid of [cold, warm]) for (let c = 0; c < grid.length; c += K) for (let k = 1; k < K; k++) if (grid[c + k]! < grid[c + k - 1]!) grid[c + k] = grid[c + k - 1]!;
  return most;
}
