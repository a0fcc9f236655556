/**
 * Compact serialization of runs for Redis: records as JSON arrays of tuples (no repeated
 * field names, about a third of the bytes of the object form), a list element holding a
 * chunk of such tuples. Decoding checks the shape of every tuple, so a corrupt value gives
 * an error naming its key instead of a predictor fitted on garbage.
 *
 *   task      [taskId, func, memoryMb, inputBytes, outputBytes, execMs, execMsNormalized, workerId, startMs]
 *   transfer  [taskId, peerTaskId|null, 'u'|'d', bytes, memoryMb, ms, msNormalized]
 *   start     [workerId, memoryMb, 'c'|'w', ms, msNormalized]
 *   header    [1, makespanMs, [[taskId, workerId, memoryMb], ...]]   (1 = codec version)
 */
import type { DatasetWorkflow, PlannedTask, RecordedRun, TaskRecord, TransferRecord, WorkerStartRecord } from '../../dataset/types.js';
import { SlacklineError } from '../../errors.js';

export const CODEC_VERSION = 1;

type TaskTuple = [string, string, number, number, number, number, number, string, number];
type TransferTuple = [string, string | null, 'u' | 'd', number, number, number, number];
type StartTuple = [string, number, 'c' | 'w', number, number];

export function encodeTask(r: TaskRecord): TaskTuple {
  return [r.taskId, r.func, r.memoryMb, r.inputBytes, r.outputBytes, r.execMs, r.execMsNormalized, r.workerId, r.startMs];
}

export function encodeTransfer(r: TransferRecord): TransferTuple {
  return [r.taskId, r.peerTaskId ?? null, r.direction === 'upload' ? 'u' : 'd', r.bytes, r.memoryMb, r.ms, r.msNormalized];
}

export function encodeStart(r: WorkerStartRecord): StartTuple {
  return [r.workerId, r.memoryMb, r.kind === 'cold' ? 'c' : 'w', r.ms, r.msNormalized];
}

/** One list element: a chunk of already encoded tuples. */
export function encodeChunk(tuples: readonly unknown[]): string {
  return JSON.stringify(tuples);
}

export function encodeHeader(run: Pick<RecordedRun, 'plan' | 'makespanMs'>): string {
  const plan = Object.entries(run.plan).map(([taskId, p]) => [taskId, p.workerId, p.memoryMb]);
  return JSON.stringify([CODEC_VERSION, run.makespanMs, plan]);
}

export function encodeWorkflow(workflow: DatasetWorkflow): string {
  return JSON.stringify(workflow);
}

function corrupt(key: string, what: string): SlacklineError {
  return new SlacklineError('redis', `corrupt value at key "${key}": ${what}`);
}

function parse(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw corrupt(key, 'not JSON');
  }
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function tuplesOf(key: string, chunks: readonly string[], width: number): unknown[][] {
  const out: unknown[][] = [];
  for (const chunk of chunks) {
    const tuples = parse(key, chunk);
    if (!Array.isArray(tuples)) throw corrupt(key, 'a chunk is not an array');
    for (const t of tuples) {
      if (!Array.isArray(t) || t.length !== width) throw corrupt(key, `expected tuples of ${width} fields`);
      out.push(t);
    }
  }
  return out;
}

export function decodeTasks(key: string, chunks: readonly string[]): TaskRecord[] {
  return tuplesOf(key, chunks, 9).map((t) => {
    const [taskId, func, memoryMb, inputBytes, outputBytes, execMs, execMsNormalized, workerId, startMs] = t;
    if (!isStr(taskId) || !isStr(func) || !isNum(memoryMb) || !isNum(inputBytes) || !isNum(outputBytes) || !isNum(execMs) || !isNum(execMsNormalized) || !isStr(workerId) || !isNum(startMs)) {
      throw corrupt(key, `bad task tuple ${JSON.stringify(t)}`);
    }
    return { taskId, func, memoryMb, inputBytes, outputBytes, execMs, execMsNormalized, workerId, startMs };
  });
}

export function decodeTransfers(key: string, chunks: readonly string[]): TransferRecord[] {
  return tuplesOf(key, chunks, 7).map((t) => {
    const [taskId, peer, dir, bytes, memoryMb, ms, msNormalized] = t;
    if (!isStr(taskId) || !(peer === null || isStr(peer)) || (dir !== 'u' && dir !== 'd') || !isNum(bytes) || !isNum(memoryMb) || !isNum(ms) || !isNum(msNormalized)) {
      throw corrupt(key, `bad transfer tuple ${JSON.stringify(t)}`);
    }
    const direction = dir === 'u' ? 'upload' : 'download';
    // peerTaskId is absent (not undefined) when there is none, as in the dataset file.
    return peer === null
      ? { taskId, direction, bytes, memoryMb, ms, msNormalized }
      : { taskId, peerTaskId: peer, direction, bytes, memoryMb, ms, msNormalized };
  });
}

export function decodeStarts(key: string, chunks: readonly string[]): WorkerStartRecord[] {
  return tuplesOf(key, chunks, 5).map((t) => {
    const [workerId, memoryMb, kind, ms, msNormalized] = t;
    if (!isStr(workerId) || !isNum(memoryMb) || (kind !== 'c' && kind !== 'w') || !isNum(ms) || !isNum(msNormalized)) {
      throw corrupt(key, `bad worker-start tuple ${JSON.stringify(t)}`);
    }
    return { workerId, memoryMb, kind: kind === 'c' ? 'cold' : 'warm', ms, msNormalized };
  });
}

export function decodeHeader(key: string, text: string): Pick<RecordedRun, 'plan' | 'makespanMs'> {
  const value = parse(key, text);
  if (!Array.isArray(value) || value.length !== 3) throw corrupt(key, 'run header is not [version, makespanMs, plan]');
  const [version, makespanMs, planTuples] = value as unknown[];
  if (version !== CODEC_VERSION) throw corrupt(key, `codec version ${String(version)}, this build reads ${CODEC_VERSION}`);
  if (!isNum(makespanMs) || !Array.isArray(planTuples)) throw corrupt(key, 'bad makespan or plan');
  const plan: Record<string, PlannedTask> = {};
  for (const t of planTuples as unknown[]) {
    if (!Array.isArray(t) || t.length !== 3 || !isStr(t[0]) || !isStr(t[1]) || !isNum(t[2])) throw corrupt(key, `bad plan entry ${JSON.stringify(t)}`);
    // defineProperty: a task id such as "__proto__" must stay a plain key.
    Object.defineProperty(plan, t[0], { value: { workerId: t[1], memoryMb: t[2] }, enumerable: true, writable: true, configurable: true });
  }
  return { plan, makespanMs };
}

export function decodeWorkflow(key: string, text: string): DatasetWorkflow {
  const value = parse(key, text);
  if (typeof value !== 'object' || value === null || !Array.isArray((value as DatasetWorkflow).tasks) || !Array.isArray((value as DatasetWorkflow).edges) || !isStr((value as DatasetWorkflow).signature)) {
    throw corrupt(key, 'not a workflow {name, signature, tasks, edges}');
  }
  return value as DatasetWorkflow;
}

/** Splits `items` into chunks of at most `size` (a list element per chunk). */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
