/**
 * Fills a `DurationTable` (every task, edge and start at every ladder level) from a
 * predictor, once before planning. Every unknown prediction is resolved by the policy:
 *
 *  - `fail`: throws a SlacklineError listing the tasks and funcs lacking data (all of them);
 *  - `fallback`: substitutes a stated value and counts it in `fallbacks`:
 *      exec of a func with no records -> `execFallback` of the predictor when it has one
 *        (fitted: median of the known funcs' predictions at the same input and memory),
 *        else the platform profile's placeholder (1000 ms at 512 MB, scaled linearly);
 *      transfers / starts -> `DEFAULT_PLATFORM_PROFILE` (see `platform-profile.ts`).
 *    Known predictions that the predictor itself flagged as fallbacks are counted too.
 *
 * Downloads are priced at the consumer's level (edge bytes), uploads at the producer's
 * level (the task's `outputBytes`), external input (`inputBytes` of sources) as a download
 * at the source's level; non-sources have inputDownloadMs 0. The table never holds NaN
 * and never a 0 standing for "unknown".
 *
 * Zero bytes need no transfer data (issue 11): a transfer of 0 bytes that the predictor
 * cannot price (no records of that direction) is 0 ms, known, not a fallback: nothing
 * moves. With records, the fitted value at 0 bytes (the latency intercept) is kept. So
 * under `--unknown fail` a dataset must hold: execution records of every func (at one
 * size at least), cold and warm worker-start records, upload records when some task has
 * outputBytes > 0, download records when some edge has bytes > 0 or some source has
 * inputBytes > 0.
 *
 * Predictions are pure functions of their arguments, so rows asking the same question
 * (tasks of one func and input size, transfers of one size) ask the predictor once
 * (`shared-rows.ts`); the table is the same as asking every cell.
 *
 * With `nonIncreasing` (the default), every row across the ladder (a task's execution,
 * upload and input download, an edge's download, the starts) is then made non-increasing
 * in memory by isotonic regression (`non-increasing-in-memory.ts`): noise in per-size
 * statistics must not make a larger worker look slower.
 */
import { SlacklineError } from '../errors.js';
import { hasExecFallback } from './fit-predictor.js';
import { makeNonIncreasing } from './non-increasing-in-memory.js';
import { sharedRows } from './shared-rows.js';
import { unknownRecorder } from './unknown-recorder.js';
import { DEFAULT_PLATFORM_PROFILE, profileExecMs, profileStartMs, profileTransferMs } from './platform-profile.js';
import type { CompactDag } from '../dag/compact-dag.js';
import type { DurationTable } from '../timing/types.js';
import type { Prediction, Predictor, UnknownPolicy } from './types.js';

export interface UnknownPrediction {
  readonly taskId: string;
  readonly func: string;
  readonly what: 'exec' | 'upload' | 'download' | 'input' | 'start';
  readonly memoryMb: number;
  readonly reason: string;
}

export interface DurationTableResult {
  readonly table: DurationTable;
  /** One entry per (task, what, reason) that lacked data, at the first level where it did; taskId '*' for worker starts. */
  readonly unknowns: readonly UnknownPrediction[];
  /** Number of table cells filled by a fallback value. */
  readonly fallbacks: number;
}

const MAX_LISTED = 20;

export interface DurationTableOptions {
  /** Make every row non-increasing in memory (isotonic regression). @default true */
  readonly nonIncreasing?: boolean;
}

export function buildDurationTable(dag: CompactDag, predictor: Predictor, ladderMb: readonly number[], policy: UnknownPolicy, options: DurationTableOptions = {}): DurationTableResult {
  checkLadder(ladderMb);
  const L = ladderMb.length;
  const n = dag.taskCount;
  const m = dag.edgeCount;
  const execMs = new Float64Array(n * L);
  const uploadMs = new Float64Array(n * L);
  const downloadMs = new Float64Array(m * L);
  const inputDownloadMs = new Float64Array(n * L);
  const coldStartMs = new Float64Array(L);
  const warmStartMs = new Float64Array(L);

  const { unknowns, record } = unknownRecorder(dag);
  let fallbacks = 0;
  const profile = DEFAULT_PLATFORM_PROFILE;

  /** Value of a prediction, or the fallback (recording the unknown); NaN only under `fail`. */
  const resolve = (p: Prediction, task: number, what: UnknownPrediction['what'], memoryMb: number, fallback: () => number, bytes = -1): number => {
    if (!p.known && bytes === 0) return 0;
    if (p.known) {
      if (p.fallback !== undefined) fallbacks++;
      return p.value;
    }
    record(task, what, memoryMb, p.reason);
    if (policy === 'fail') return Number.NaN;
    fallbacks++;
    return fallback();
  };

  for (let l = 0; l < L; l++) {
    const mem = ladderMb[l]!;
    coldStartMs[l] = resolve(predictor.workerStart(mem, 'cold'), -1, 'start', mem, () => profileStartMs(profile, 'cold'));
    warmStartMs[l] = resolve(predictor.workerStart(mem, 'warm'), -1, 'start', mem, () => profileStartMs(profile, 'warm'));
  }
  // Rows that ask the same questions share the answers: the predictor is asked once per
  // (func, input bytes), output size, source input size and edge size (`shared-rows.ts`).
  // A later row copies a plain answer (known, no fallback: nothing to count) and replays
  // any other through `resolve`, so unknowns and fallbacks are counted per task as before.
  // Only those few answers are kept: holding every prediction object costs more in GC
  // than the calls it saves.
  const shared = sharedRows(dag);
  const execA = new AnswerCache(n * L);
  const uploadA = new AnswerCache(n * L);
  const inputA = new AnswerCache(n * L);
  const downloadA = new AnswerCache(m * L);
  // A plain answer is stored without calling `resolve`: no fallback closure is allocated.
  for (let i = 0; i < n; i++) {
    const func = dag.funcNames[dag.funcOf[i]!]!;
    const inBytes = dag.inputBytes[i]!;
    const outBytes = dag.outputBytes[i]!;
    const isSource = dag.predStart[i + 1]! === dag.predStart[i]!;
    const execRow = shared.exec[i]!;
    const uploadRow = shared.upload[i]!;
    const inputRow = shared.input[i]!;
    for (let l = 0; l < L; l++) {
      const mem = ladderMb[l]!;
      const x = i * L + l;
      if (execRow === i) {
        const p = predictor.exec(func, inBytes, mem);
        execMs[x] = execA.keep(x, p)
          ? p.value
          : resolve(p, i, 'exec', mem, () => {
              if (hasExecFallback(predictor)) {
                const f = predictor.execFallback(inBytes, mem);
                if (f.known) return f.value;
              }
              return profileExecMs(profile, mem);
            });
      } else {
        const r = execRow * L + l;
        execMs[x] = execA.isPlain(r) ? execMs[r]! : resolve(execA.answer(r), i, 'exec', mem, () => execMs[r]!);
      }
      if (uploadRow === i) {
        const p = predictor.transfer(outBytes, mem, 'upload');
        uploadMs[x] = uploadA.keep(x, p) ? p.value : resolve(p, i, 'upload', mem, () => profileTransferMs(profile, outBytes, mem, 'upload'), outBytes);
      } else {
        const r = uploadRow * L + l;
        uploadMs[x] = uploadA.isPlain(r) ? uploadMs[r]! : resolve(uploadA.answer(r), i, 'upload', mem, () => uploadMs[r]!, outBytes);
      }
      if (!isSource) continue;
      if (inputRow === i) {
        const p = predictor.transfer(inBytes, mem, 'download');
        inputDownloadMs[x] = inputA.keep(x, p) ? p.value : resolve(p, i, 'input', mem, () => profileTransferMs(profile, inBytes, mem, 'download'), inBytes);
      } else {
        const r = inputRow * L + l;
        inputDownloadMs[x] = inputA.isPlain(r) ? inputDownloadMs[r]! : resolve(inputA.answer(r), i, 'input', mem, () => inputDownloadMs[r]!, inBytes);
      }
    }
  }
  for (let e = 0; e < m; e++) {
    const consumer = dag.edgeTo[e]!;
    const bytes = dag.edgeBytes[e]!;
    const row = shared.edge[e]!;
    for (let l = 0; l < L; l++) {
      const mem = ladderMb[l]!;
      const x = e * L + l;
      if (row === e) {
        const p = predictor.transfer(bytes, mem, 'download');
        downloadMs[x] = downloadA.keep(x, p) ? p.value : resolve(p, consumer, 'download', mem, () => profileTransferMs(profile, bytes, mem, 'download'), bytes);
      } else {
        const r = row * L + l;
        downloadMs[x] = downloadA.isPlain(r) ? downloadMs[r]! : resolve(downloadA.answer(r), consumer, 'download', mem, () => downloadMs[r]!, bytes);
      }
    }
  }

  if (policy === 'fail' && unknowns.length > 0) throw unknownError(unknowns);
  if (options.nonIncreasing ?? true) {
    for (const rows of [execMs, uploadMs, inputDownloadMs, downloadMs]) {
      for (let offset = 0; offset < rows.length; offset += L) makeNonIncreasing(rows, offset, L);
    }
    makeNonIncreasing(coldStartMs, 0, L);
    makeNonIncreasing(warmStartMs, 0, L);
  }
  const table: DurationTable = { ladderMb: Float64Array.from(ladderMb), levels: L, execMs, uploadMs, downloadMs, inputDownloadMs, coldStartMs, warmStartMs };
  return { table, unknowns, fallbacks };
}

/** Throws unless the ladder is non-empty, positive and strictly ascending. */
export function checkLadder(ladderMb: readonly number[]): void {
  const L = ladderMb.length;
  if (L === 0) throw new SlacklineError('predict/duration-table', 'empty memory ladder');
  for (let l = 0; l < L; l++) {
    const m = ladderMb[l]!;
    if (!(m > 0 && Number.isFinite(m)) || (l > 0 && !(m > ladderMb[l - 1]!))) {
      throw new SlacklineError('predict/duration-table', `bad memory ladder [${ladderMb.join(', ')}]: sizes must be positive and strictly ascending`);
    }
  }
}

type KnownPrediction = Extract<Prediction, { readonly known: true }>;

/**
 * The answers of the first rows of a table array, for the rows that share them: a plain
 * answer (known, no fallback: `resolve` would only return its value) is read back from the
 * array itself; any other is kept and handed to `resolve` again, with the first row's
 * resolved value as its fallback.
 */
class AnswerCache {
  private readonly plain: Uint8Array;
  private readonly kept = new Map<number, Prediction>();

  constructor(cells: number) {
    this.plain = new Uint8Array(cells);
  }

  /** Notes the answer of first-row cell x; true when it is plain. */
  keep(x: number, p: Prediction): p is KnownPrediction {
    if (p.known && p.fallback === undefined) {
      this.plain[x] = 1;
      return true;
    }
    this.kept.set(x, p);
    return false;
  }

  isPlain(r: number): boolean {
    return this.plain[r] === 1;
  }

  /** The kept answer of first-row cell r (not plain). */
  answer(r: number): Prediction {
    return this.kept.get(r)!;
  }
}

export function unknownError(unknowns: readonly UnknownPrediction[]): SlacklineError {
  const tasks = [...new Set(unknowns.filter((u) => u.taskId !== '*').map((u) => u.taskId))];
  const funcs = [...new Set(unknowns.filter((u) => u.what === 'exec').map((u) => u.func))];
  const reasons = new Map<string, number>();
  for (const u of unknowns) reasons.set(`${u.what}: ${u.reason}`, (reasons.get(`${u.what}: ${u.reason}`) ?? 0) + 1);
  const listed = tasks.slice(0, MAX_LISTED).join(', ') + (tasks.length > MAX_LISTED ? `, ... (${tasks.length} in all)` : '');
  const message =
    `no data to predict ${unknowns.length} item(s): ${[...reasons].map(([r, n]) => `${r} (${n})`).join('; ')}` +
    (funcs.length > 0 ? `; funcs lacking records: ${funcs.join(', ')}` : '') +
    (tasks.length > 0 ? `; tasks: ${listed}` : '') +
    " (policy 'fallback', on the CLI '--unknown fallback', substitutes flagged stand-ins)";
  return new SlacklineError('predict/duration-table', message, { tasks }, unknowns.map((u) => `${u.taskId} (${u.func}) ${u.what} at ${u.memoryMb} MB: ${u.reason}`));
}
