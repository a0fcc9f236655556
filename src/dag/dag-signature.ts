/**
 * The DAG signature: a stable hash of a workflow's structure, so runs of the same workflow
 * group together (it ends every DAG id and prefixes the Redis keys of its runs).
 *
 * Hashed: every task as `id\tfunc` and every edge as `from\tto`, each list sorted, so the
 * order in which tasks and edges were written does not matter. Byte counts are not part of
 * the structure (they vary from run to run). SHA-256, first 16 hex digits.
 */
import { createHash } from 'node:crypto';
import type { EdgeSpec, TaskSpec } from './types.js';

/** What the signature reads of a workflow. */
export interface WorkflowStructure {
  readonly tasks: readonly Pick<TaskSpec, 'id' | 'func'>[];
  readonly edges: readonly Pick<EdgeSpec, 'from' | 'to'>[];
}

export const SIGNATURE_LENGTH = 16;

export function dagSignature<W extends WorkflowStructure>(workflow: W): string {
  const sorted = sortedByRank(workflow) ?? sortedAsStrings(workflow);
  const hash = createHash('sha256');
  // One update per list (the same bytes as one per line, in far fewer calls).
  hash.update(`tasks ${sorted.tasks.length}\n`);
  if (sorted.tasks.length > 0) hash.update(`${sorted.tasks.join('\n')}\n`);
  hash.update(`edges ${sorted.edges.length}\n`);
  if (sorted.edges.length > 0) hash.update(`${sorted.edges.join('\n')}\n`);
  return hash.digest('hex').slice(0, SIGNATURE_LENGTH);
}

interface SortedLines {
  readonly tasks: string[];
  readonly edges: string[];
}

/** The definition: every line built, then sorted as strings. */
function sortedAsStrings(workflow: WorkflowStructure): SortedLines {
  return { tasks: workflow.tasks.map((t) => `${t.id}\t${t.func}`).sort(), edges: workflow.edges.map((e) => `${e.from}\t${e.to}`).sort() };
}

/**
 * The same order without sorting 100,000s of joined strings: when ids are unique, every
 * edge names a task and no id has a character at or below the tab, "a\tx" < "b\ty" as
 * strings exactly when a < b, or a = b and x < y (the tab sorts before any character that
 * could follow a shorter id). So the ids are sorted once, and the lines are ordered by id
 * rank: tasks by their id's rank, edges by the numeric key rank(from) x n + rank(to).
 * Undefined when a condition fails (the caller sorts the strings).
 */
function sortedByRank(workflow: WorkflowStructure): SortedLines | undefined {
  const { tasks, edges } = workflow;
  const n = tasks.length;
  const ids = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const id = tasks[i]!.id;
    for (let k = 0; k < id.length; k++) if (id.charCodeAt(k) <= 9) return undefined;
    ids[i] = id;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const rank = new Map<string, number>();
  for (let r = 0; r < n; r++) rank.set(ids[order[r]!]!, r);
  if (rank.size !== n) return undefined;
  const keys = new Float64Array(edges.length);
  for (let e = 0; e < edges.length; e++) {
    const from = rank.get(edges[e]!.from);
    const to = rank.get(edges[e]!.to);
    if (from === undefined || to === undefined) return undefined;
    keys[e] = from * n + to;
  }
  keys.sort();
  const taskLines = order.map((i) => `${ids[i]}\t${tasks[i]!.func}`);
  const edgeLines = new Array<string>(edges.length);
  for (let e = 0; e < edges.length; e++) {
    const key = keys[e]!;
    const from = Math.floor(key / n);
    edgeLines[e] = `${ids[order[from]!]}\t${ids[order[key - from * n]!]}`;
  }
  return { tasks: taskLines, edges: edgeLines };
}

/** The sink named in DAG ids: the first sink in sorted order (several sinks are allowed). */
export function namedSink<W extends WorkflowStructure>(workflow: W): string {
  const hasOut = new Set(workflow.edges.map((e) => e.from));
  const sinks = workflow.tasks.filter((t) => !hasOut.has(t.id)).map((t) => t.id).sort();
  const first = sinks[0];
  if (first === undefined) throw new Error('slackline/dag-signature: workflow has no sink task');
  return first;
}
