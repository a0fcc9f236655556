/**
 * A fast, conservative structural check of a dataset: true only when the zod schema
 * (`schema.ts`) would accept the value as it is. Validation runs it first and skips the
 * schema when it says yes; on no (or any doubt: a non-plain object, an extra key) the zod
 * schema runs and words every error, so messages and JSON paths stay the schema's. On a
 * 100,000-task dataset the schema costs more than parsing the file; this costs a fraction.
 * `test/sound-structure.test.ts` checks, on random mutations of valid datasets, that it
 * never says yes where the schema says no.
 */
import { SIGNATURE_LENGTH } from '../dag/dag-signature.js';
import { MAX_BYTES, MAX_MEMORY_MB, MAX_NORMALIZED_MS, MAX_TIME_MS, MIN_MEMORY_MB } from '../util/value-bounds.js';
import { DATASET_FORMAT, DATASET_VERSION } from './types.js';

type Obj = Record<string, unknown>;

function plain(value: unknown): value is Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Own enumerable keys, counted (the objects checked here have no inherited enumerable ones). */
function keyCount(o: Obj): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
// The schema's plausibility bounds (`util/value-bounds.ts`).
const byteCount = (v: unknown): boolean => finite(v) && v >= 0 && v <= MAX_BYTES;
const time = (v: unknown): boolean => finite(v) && v >= 0 && v <= MAX_TIME_MS;
const normalizedTime = (v: unknown): boolean => finite(v) && v >= 0 && v <= MAX_NORMALIZED_MS;
const memory = (v: unknown): boolean => finite(v) && v >= MIN_MEMORY_MB && v <= MAX_MEMORY_MB;
const optionalString = (o: Obj, key: string): number => {
  if (!Object.hasOwn(o, key)) return 0;
  return o[key] === undefined || typeof o[key] === 'string' ? 1 : -1;
};

const SIGNATURE = new RegExp(`^[0-9a-f]{${SIGNATURE_LENGTH}}$`);

function soundSource(s: unknown): boolean {
  if (!plain(s)) return false;
  if (s['kind'] !== 'synthetic' && s['kind'] !== 'recorded') return false;
  if (!nonEmpty(s['origin']) || !nonEmpty(s['license'])) return false;
  let known = 3;
  for (const key of ['url', 'notes']) {
    const k = optionalString(s, key);
    if (k < 0) return false;
    known += k;
  }
  if (Object.hasOwn(s, 'files')) {
    const files = s['files'];
    if (files !== undefined && !(Array.isArray(files) && Array.from(files).every((f) => typeof f === 'string'))) return false;
    known++;
  }
  return keyCount(s) === known;
}

function soundTask(t: unknown): boolean {
  return plain(t) && nonEmpty(t['id']) && nonEmpty(t['func']) && byteCount(t['inputBytes']) && byteCount(t['outputBytes']) && keyCount(t) === 4;
}

function soundEdge(e: unknown): boolean {
  return plain(e) && nonEmpty(e['from']) && nonEmpty(e['to']) && byteCount(e['bytes']) && keyCount(e) === 3;
}

function soundWorkflow(w: unknown): boolean {
  if (!plain(w) || keyCount(w) !== 4 || !nonEmpty(w['name'])) return false;
  if (typeof w['signature'] !== 'string' || !SIGNATURE.test(w['signature'])) return false;
  const { tasks, edges } = w;
  if (!Array.isArray(tasks) || !Array.isArray(edges)) return false;
  for (let i = 0; i < tasks.length; i++) if (!soundTask(tasks[i])) return false;
  for (let i = 0; i < edges.length; i++) if (!soundEdge(edges[i])) return false;
  return true;
}

function soundTaskRecord(r: unknown): boolean {
  return (
    plain(r) &&
    nonEmpty(r['taskId']) &&
    nonEmpty(r['func']) &&
    memory(r['memoryMb']) &&
    byteCount(r['inputBytes']) &&
    byteCount(r['outputBytes']) &&
    time(r['execMs']) &&
    normalizedTime(r['execMsNormalized']) &&
    nonEmpty(r['workerId']) &&
    time(r['startMs']) &&
    keyCount(r) === 9
  );
}

function soundTransfer(r: unknown): boolean {
  if (!plain(r)) return false;
  if (!(nonEmpty(r['taskId']) && (r['direction'] === 'upload' || r['direction'] === 'download') && byteCount(r['bytes']) && memory(r['memoryMb']) && time(r['ms']) && normalizedTime(r['msNormalized']))) return false;
  let known = 6;
  if (Object.hasOwn(r, 'peerTaskId')) {
    if (r['peerTaskId'] !== undefined && !nonEmpty(r['peerTaskId'])) return false;
    known++;
  }
  return keyCount(r) === known;
}

function soundWorkerStart(r: unknown): boolean {
  return plain(r) && nonEmpty(r['workerId']) && memory(r['memoryMb']) && (r['kind'] === 'cold' || r['kind'] === 'warm') && time(r['ms']) && normalizedTime(r['msNormalized']) && keyCount(r) === 5;
}

function soundRun(run: unknown): boolean {
  if (!plain(run) || keyCount(run) !== 4 || !nonEmpty(run['dagId']) || !time(run['makespanMs'])) return false;
  const plan = run['plan'];
  if (!plain(plan)) return false;
  for (const key in plan) {
    const p = plan[key];
    if (!(plain(p) && nonEmpty(p['workerId']) && memory(p['memoryMb']) && keyCount(p) === 2)) return false;
  }
  const metrics = run['metrics'];
  if (!plain(metrics) || keyCount(metrics) !== 3) return false;
  const { tasks, transfers, workerStarts } = metrics;
  if (!Array.isArray(tasks) || !Array.isArray(transfers) || !Array.isArray(workerStarts)) return false;
  for (let i = 0; i < tasks.length; i++) if (!soundTaskRecord(tasks[i])) return false;
  for (let i = 0; i < transfers.length; i++) if (!soundTransfer(transfers[i])) return false;
  for (let i = 0; i < workerStarts.length; i++) if (!soundWorkerStart(workerStarts[i])) return false;
  return true;
}

/** True only when `datasetSchema` accepts `value` unchanged (false means: ask the schema). */
export function hasSoundStructure(value: unknown): boolean {
  if (!plain(value) || keyCount(value) !== 8) return false;
  if (value['format'] !== DATASET_FORMAT || value['version'] !== DATASET_VERSION) return false;
  if (!nonEmpty(value['name']) || typeof value['description'] !== 'string' || !soundSource(value['source'])) return false;
  const { memoryLadderMb: ladder, workflows, runs } = value;
  if (!Array.isArray(ladder) || ladder.length === 0 || !Array.isArray(workflows) || workflows.length === 0 || !Array.isArray(runs)) return false;
  // Index loops, not every(): a hole in an array must fail here, as it fails the schema.
  for (let i = 0; i < ladder.length; i++) if (!memory(ladder[i])) return false;
  for (let i = 0; i < workflows.length; i++) if (!soundWorkflow(workflows[i])) return false;
  for (let i = 0; i < runs.length; i++) if (!soundRun(runs[i])) return false;
  return true;
}
