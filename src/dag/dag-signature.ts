/**
 * The DAG signature: a stable hash of a workflow's structure, so runs of the same workflow
 * group together (it ends every DAG id and prefixes the Redis keys of its runs).
 *
 * Hashed: every task as `id\tfunc` and every edge as `from\tto`, each list sorted, so the
 * order in which tasks and edges were written does not matter. Byte counts are not part of
 * the structure (they vary from run to run). SHA-256, first 16 hex digits.
 */
import { createHash } from 'node:crypto';
import type { CompactDag } from './compact-dag.js';
import { taskIndexOf } from './task-index.js';
import type { EdgeSpec, TaskSpec } from './types.js';

/** What the signature reads of a workflow. */
export interface WorkflowStructure {
  readonly tasks: readonly Pick<TaskSpec, 'id' | 'func'>[];
  readonly edges: readonly Pick<EdgeSpec, 'from' | 'to'>[];
}

export const SIGNATURE_LENGTH = 16;

const TAB = 9;
const NEWLINE = 10;

export function dagSignature<W extends WorkflowStructure>(workflow: W): string {
  return byRank(workflow) ?? definition(workflow);
}

/**
 * `dagSignature` of the workflow a compact DAG was built from (a valid workflow has
 * exactly one task per compact task and one edge per compact edge, so the lines are the
 * same), read from its arrays and its task index instead of the workflow's objects.
 */
export function compactDagSignature(dag: CompactDag): string {
  const index = taskIndexOf(dag);
  if (index.size === dag.taskCount && dag.taskIds.every(idSortsByRank)) return hashByRank(index, dag.funcNames, dag.funcOf, dag.edgeFrom, dag.edgeTo);
  const tasks = dag.taskIds.map((id, i) => ({ id, func: dag.funcNames[dag.funcOf[i]!]! }));
  const edges = Array.from(dag.edgeFrom, (from, e) => ({ from: dag.taskIds[from]!, to: dag.taskIds[dag.edgeTo[e]!]! }));
  return definition({ tasks, edges });
}

/** The definition: every line built, then sorted as strings, hashed. */
function definition(workflow: WorkflowStructure): string {
  const tasks = workflow.tasks.map((t) => `${t.id}\t${t.func}`).sort();
  const edges = workflow.edges.map((e) => `${e.from}\t${e.to}`).sort();
  const hash = createHash('sha256');
  // One update per list (the same bytes as one per line, in far fewer calls).
  hash.update(`tasks ${tasks.length}\n`);
  if (tasks.length > 0) hash.update(`${tasks.join('\n')}\n`);
  hash.update(`edges ${edges.length}\n`);
  if (edges.length > 0) hash.update(`${edges.join('\n')}\n`);
  return hash.digest('hex').slice(0, SIGNATURE_LENGTH);
}

/**
 * When ids are unique, every edge names a task and no id has a character at or below the
 * tab, "a\tx" < "b\ty" as strings exactly when a < b, or a = b and x < y (the tab sorts
 * before any character that could follow a shorter id). So the sorted lines are the tasks
 * in the order of their ids and the edges in the order of (rank of from, rank of to).
 */
function idSortsByRank(id: string): boolean {
  for (let k = 0; k < id.length; k++) if (id.charCodeAt(k) <= TAB) return false;
  return true;
}

/** `hashByRank` on a workflow's objects; undefined when a condition above fails. */
function byRank(workflow: WorkflowStructure): string | undefined {
  const { tasks, edges } = workflow;
  const n = tasks.length;
  const index = new Map<string, number>();
  const funcIndex = new Map<string, number>();
  const funcNames: string[] = [];
  const funcOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const { id, func } = tasks[i]!;
    if (!idSortsByRank(id)) return undefined;
    index.set(id, i);
    let f = funcIndex.get(func);
    if (f === undefined) {
      f = funcNames.length;
      funcNames.push(func);
      funcIndex.set(func, f);
    }
    funcOf[i] = f;
  }
  if (index.size !== n) return undefined;
  const from = new Int32Array(edges.length);
  const to = new Int32Array(edges.length);
  for (let e = 0; e < edges.length; e++) {
    const u = index.get(edges[e]!.from);
    const v = index.get(edges[e]!.to);
    if (u === undefined || v === undefined) return undefined;
    from[e] = u;
    to[e] = v;
  }
  return hashByRank(index, funcNames, funcOf, from, to);
}

/**
 * The UTF-8 bytes of each string, each followed by a tab: string k is
 * `bytes[start[k] .. start[k + 1] - 1)`. Encoded as one joined string when no string holds
 * a tab (the tabs then mark the ends); a tab, like the tab and newline of the lines, is
 * ASCII, so no surrogate pair spans two strings and the bytes are those of each alone.
 */
function encodedEach(strings: readonly string[]): { bytes: Uint8Array; start: Int32Array } {
  const start = new Int32Array(strings.length + 1);
  if (strings.every((s) => !s.includes('\t'))) {
    const bytes = Buffer.from(strings.length > 0 ? `${strings.join('\t')}\t` : '', 'utf8');
    let k = 1;
    for (let b = 0; b < bytes.length; b++) if (bytes[b] === TAB) start[k++] = b + 1;
    return { bytes, start };
  }
  const parts = strings.map((s) => Buffer.from(`${s}\t`, 'utf8'));
  for (let k = 0; k < parts.length; k++) start[k + 1] = start[k]! + parts[k]!.length;
  return { bytes: Buffer.concat(parts), start };
}

/** Copies `src[from .. to)` to `out` at `at`; returns the end. Ids and funcs are short: a loop beats `set(subarray)`. */
function copy(out: Uint8Array, at: number, src: Uint8Array, from: number, to: number): number {
  for (let b = from; b < to; b++) out[at++] = src[b]!;
  return at;
}

/**
 * The signature's bytes, assembled from each id and func encoded once: ids sorted by the
 * native sort (UTF-16 code units, as `<`; the index lists them in the order they were
 * written, often nearly sorted already), edges by a two-pass counting sort on ranks.
 * `index` maps every id (each passing `idSortsByRank`) to its task's position 0..n-1, the
 * position `funcOf`, `edgeFrom` and `edgeTo` use.
 */
function hashByRank(index: ReadonlyMap<string, number>, funcNames: readonly string[], funcOf: ArrayLike<number>, edgeFrom: ArrayLike<number>, edgeTo: ArrayLike<number>): string {
  const n = index.size;
  const m = edgeFrom.length;
  const sorted = Array.from(index.keys()).sort();
  const order = new Int32Array(n);
  const rank = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const i = index.get(sorted[r]!)!;
    order[r] = i;
    rank[i] = r;
  }
  const id = encodedEach(sorted);
  const func = encodedEach(funcNames);
  const hash = createHash('sha256');

  hash.update(`tasks ${n}\n`);
  let size = id.bytes.length;
  for (let r = 0; r < n; r++) size += func.start[funcOf[order[r]!]! + 1]! - func.start[funcOf[order[r]!]!]!;
  const taskBytes = Buffer.allocUnsafe(size);
  let at = 0;
  for (let r = 0; r < n; r++) {
    at = copy(taskBytes, at, id.bytes, id.start[r]!, id.start[r + 1]!); // the id and its tab
    const f = funcOf[order[r]!]!;
    at = copy(taskBytes, at, func.bytes, func.start[f]!, func.start[f + 1]! - 1);
    taskBytes[at++] = NEWLINE;
  }
  hash.update(taskBytes);

  // Edges by (rank of from, rank of to): a stable counting sort by `to`, then one by `from`.
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const fromStart = new Int32Array(n + 1);
  const toStart = new Int32Array(n + 1);
  size = 0;
  for (let e = 0; e < m; e++) {
    const u = rank[edgeFrom[e]!]!;
    const v = rank[edgeTo[e]!]!;
    from[e] = u;
    to[e] = v;
    fromStart[u + 1]!++;
    toStart[v + 1]!++;
    size += id.start[u + 1]! - id.start[u]! + id.start[v + 1]! - id.start[v]!;
  }
  for (let r = 0; r < n; r++) {
    fromStart[r + 1]! += fromStart[r]!;
    toStart[r + 1]! += toStart[r]!;
  }
  const byTo = new Int32Array(m);
  for (let e = 0; e < m; e++) byTo[toStart[to[e]!]!++] = e;
  const sortedEdges = new Int32Array(m);
  for (let k = 0; k < m; k++) sortedEdges[fromStart[from[byTo[k]!]!]!++] = byTo[k]!;
  hash.update(`edges ${m}\n`);
  const edgeBytes = Buffer.allocUnsafe(size);
  at = 0;
  for (let k = 0; k < m; k++) {
    const e = sortedEdges[k]!;
    const u = from[e]!;
    const v = to[e]!;
    at = copy(edgeBytes, at, id.bytes, id.start[u]!, id.start[u + 1]!); // from and its tab
    at = copy(edgeBytes, at, id.bytes, id.start[v]!, id.start[v + 1]! - 1);
    edgeBytes[at++] = NEWLINE;
  }
  hash.update(edgeBytes);
  return hash.digest('hex').slice(0, SIGNATURE_LENGTH);
}

/** The sink named in DAG ids: the first sink in sorted order (several sinks are allowed). */
export function namedSink<W extends WorkflowStructure>(workflow: W): string {
  const hasOut = new Set(workflow.edges.map((e) => e.from));
  const sinks = workflow.tasks.filter((t) => !hasOut.has(t.id)).map((t) => t.id).sort();
  const first = sinks[0];
  if (first === undefined) throw new Error('slackline/dag-signature: workflow has no sink task');
  return first;
}
