/**
 * A workflow straight to its validated compact form, on arrays: task ids to indices with
 * one Map, adjacency by counting sort, Kahn's order, a cycle named from Kahn's residue.
 * No graph object is built (graphology stays the model where its API serves: importers,
 * `buildDag`), so a 1,000,000-task workflow costs a few linear passes over typed arrays.
 *
 * It is a drop-in for `toCompactDag(buildDag(workflow))`: the same problems, in the same
 * order and words (every task, then every edge, then a cycle), and the same compact DAG
 * down to the index order. That order is graphology-dag's Kahn order, which visits a task's
 * successors in the order graphology iterates them: the key order of a plain object, so
 * task ids that are array indices ("0", "17") come first in numeric order, then the others
 * in insertion order. `test/compact-workflow.test.ts` checks both against the graph path.
 */
import { SlacklineError } from '../errors.js';
import type { CompactDag, CompactDagOptions } from './compact-dag.js';
import { rememberTaskIndex } from './task-index.js';
import type { WorkflowSpec } from './types.js';

export interface CompactWorkflowOptions extends CompactDagOptions {
  /** File the workflow came from, for messages. */
  readonly file?: string;
  /** JSON path of the workflow inside the file, e.g. `$.workflows[0]`. */
  readonly path?: string;
}

function isNonNegativeFinite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** The key graphology would use for a node argument (it stringifies whatever it gets). */
const keyOf = (value: unknown): string => '' + (value as string);

const MAX_ARRAY_INDEX = 4294967294;

/** The value of an id that is an array index (iterated first, in numeric order, as an object key), else -1. */
function arrayIndexOf(id: string): number {
  const c = id.charCodeAt(0);
  if (c < 48 || c > 57 || id.length > 10 || (c === 48 && id.length > 1)) return -1;
  for (let k = 1; k < id.length; k++) {
    const d = id.charCodeAt(k);
    if (d < 48 || d > 57) return -1;
  }
  const value = Number(id);
  return value <= MAX_ARRAY_INDEX ? value : -1;
}

/**
 * Adjacency of the accepted edges in CSR (by node, in edge order), then reordered as
 * graphology iterates it: array-index keys first, in numeric order.
 */
function adjacency(nodeCount: number, edgeCount: number, owner: Int32Array, other: Int32Array, accepted: Uint8Array, indexKey: Float64Array): { start: Int32Array; node: Int32Array; edge: Int32Array } {
  const start = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) if (accepted[e] === 1) start[owner[e]! + 1]!++;
  for (let k = 0; k < nodeCount; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, nodeCount);
  const node = new Int32Array(start[nodeCount]!);
  const edge = new Int32Array(start[nodeCount]!);
  let anyIndexKey = false;
  for (let e = 0; e < edgeCount; e++) {
    if (accepted[e] !== 1) continue;
    const at = fill[owner[e]!]!++;
    node[at] = other[e]!;
    edge[at] = e;
    if (indexKey[other[e]!]! >= 0) anyIndexKey = true;
  }
  if (anyIndexKey) {
    for (let k = 0; k < nodeCount; k++) {
      const from = start[k]!;
      const to = start[k + 1]!;
      let indexed = 0;
      for (let a = from; a < to; a++) if (indexKey[node[a]!]! >= 0) indexed++;
      if (indexed === 0) continue;
      const order = Array.from({ length: to - from }, (_, a) => from + a);
      // Stable: index keys by value first, the rest keep their insertion order.
      order.sort((a, b) => {
        const ka = indexKey[node[a]!]!;
        const kb = indexKey[node[b]!]!;
        if (ka >= 0 && kb >= 0) return ka - kb;
        if (ka >= 0) return -1;
        if (kb >= 0) return 1;
        return a - b;
      });
      const nodes = order.map((a) => node[a]!);
      const edges = order.map((a) => edge[a]!);
      node.set(nodes, from);
      edge.set(edges, from);
    }
  }
  return { start, node, edge };
}

export function compactWorkflow(workflow: WorkflowSpec, options: CompactWorkflowOptions = {}): CompactDag {
  const base = options.path ?? '$';
  const problems: string[] = [];
  const { tasks, edges } = workflow;

  // Paths built only to name a problem (a 100,000-task workflow has as many tasks).
  const taskAt = (i: number) => `${base}.tasks[${i}]`;
  const edgeAt = (e: number) => `${base}.edges[${e}]`;

  // Tasks -> nodes (first occurrence of each valid id), in insertion order. What the compact
  // form copies is read here, in one pass in file order, not again in topological order.
  const nodeOfId = new Map<string, number>();
  const read: NodeFields = { id: [], funcNames: [], func: new Int32Array(tasks.length), inputBytes: new Float64Array(tasks.length), outputBytes: new Float64Array(tasks.length), edgeBytes: new Float64Array(edges.length) };
  const funcKey = new Map<unknown, number>();
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i]!;
    if (typeof task.id !== 'string' || task.id.length === 0) {
      problems.push(`${taskAt(i)}.id: task id must be a non-empty string`);
      continue;
    }
    if (nodeOfId.has(task.id)) {
      problems.push(`${taskAt(i)}.id: duplicate task id "${task.id}"`);
      continue;
    }
    if (typeof task.func !== 'string' || task.func.length === 0) problems.push(`${taskAt(i)}.func: task "${task.id}" needs a func name`);
    if (!isNonNegativeFinite(task.inputBytes)) problems.push(`${taskAt(i)}.inputBytes: task "${task.id}" has ${String(task.inputBytes)}; expected a finite number >= 0`);
    if (!isNonNegativeFinite(task.outputBytes)) problems.push(`${taskAt(i)}.outputBytes: task "${task.id}" has ${String(task.outputBytes)}; expected a finite number >= 0`);
    const k = read.id.length;
    nodeOfId.set(task.id, k);
    read.id.push(task.id);
    let f = funcKey.get(task.func);
    if (f === undefined) {
      f = read.funcNames.length;
      read.funcNames.push(task.func);
      funcKey.set(task.func, f);
    }
    read.func[k] = f;
    read.inputBytes[k] = task.inputBytes;
    read.outputBytes[k] = task.outputBytes;
  }
  const nodeCount = read.id.length;

  // Edge ends; then duplicates among the edges that would be added (known ends, no self-loop).
  const m = edges.length;
  const fromNode = new Int32Array(m);
  const toNode = new Int32Array(m);
  const accepted = new Uint8Array(m);
  for (let e = 0; e < m; e++) {
    const edge = edges[e]!;
    const u = nodeOfId.get(keyOf(edge.from));
    const v = nodeOfId.get(keyOf(edge.to));
    read.edgeBytes[e] = edge.bytes;
    fromNode[e] = u ?? -1;
    toNode[e] = v ?? -1;
    if (u !== undefined && v !== undefined && u !== v) accepted[e] = 1;
  }
  const duplicate = new Uint8Array(m);
  {
    const start = new Int32Array(nodeCount + 1);
    for (let e = 0; e < m; e++) if (accepted[e] === 1) start[fromNode[e]! + 1]!++;
    for (let k = 0; k < nodeCount; k++) start[k + 1]! += start[k]!;
    const fill = start.slice(0, nodeCount);
    const byFrom = new Int32Array(start[nodeCount]!);
    for (let e = 0; e < m; e++) if (accepted[e] === 1) byFrom[fill[fromNode[e]!]!++] = e;
    const seenFrom = new Int32Array(nodeCount).fill(-1);
    for (let u = 0; u < nodeCount; u++) {
      for (let a = start[u]!; a < start[u + 1]!; a++) {
        const e = byFrom[a]!;
        const v = toNode[e]!;
        if (seenFrom[v] === u) duplicate[e] = 1;
        else seenFrom[v] = u;
      }
    }
  }
  for (let e = 0; e < m; e++) {
    const edge = edges[e]!;
    if (fromNode[e]! < 0) problems.push(`${edgeAt(e)}.from: edge ${edge.from} -> ${edge.to} names unknown task "${edge.from}"`);
    if (toNode[e]! < 0) problems.push(`${edgeAt(e)}.to: edge ${edge.from} -> ${edge.to} names unknown task "${edge.to}"`);
    if (!isNonNegativeFinite(edge.bytes)) problems.push(`${edgeAt(e)}.bytes: edge ${edge.from} -> ${edge.to} has ${String(edge.bytes)}; expected a finite number >= 0`);
    if (fromNode[e]! < 0 || toNode[e]! < 0) continue;
    if (fromNode[e] === toNode[e]) problems.push(`${edgeAt(e)}: self-loop on task "${edge.from}"`);
    else if (duplicate[e] === 1) problems.push(`${edgeAt(e)}: duplicate edge ${edge.from} -> ${edge.to}`);
  }
  for (let e = 0; e < m; e++) if (duplicate[e] === 1) accepted[e] = 0;

  // Kahn's order over the added edges, successors in graphology's iteration order.
  const indexKey = new Float64Array(nodeCount);
  for (let k = 0; k < nodeCount; k++) indexKey[k] = arrayIndexOf(read.id[k]!);
  const out = adjacency(nodeCount, m, fromNode, toNode, accepted, indexKey);
  const inDegree = new Int32Array(nodeCount);
  for (let e = 0; e < m; e++) if (accepted[e] === 1) inDegree[toNode[e]!]!++;
  const order = new Int32Array(nodeCount);
  let tail = 0;
  for (let k = 0; k < nodeCount; k++) if (inDegree[k] === 0) order[tail++] = k;
  for (let head = 0; head < tail; head++) {
    const u = order[head]!;
    for (let a = out.start[u]!; a < out.start[u + 1]!; a++) {
      const v = out.node[a]!;
      if (--inDegree[v]! === 0) order[tail++] = v;
    }
  }
  if (tail < nodeCount) {
    const cycle = cycleInResidue(nodeCount, m, fromNode, toNode, accepted, indexKey, inDegree).map((k) => read.id[k]!);
    problems.push(`${base}.edges: cycle through tasks ${[...cycle, cycle[0]].join(' -> ')}`);
  }

  if (problems.length > 0) {
    const summary = problems.length === 1 ? problems[0]! : `${problems.length} problems in workflow "${workflow.name}":\n  ${problems.join('\n  ')}`;
    throw new SlacklineError('dag', summary, { ...(options.file ? { file: options.file } : {}) }, problems);
  }
  return compactOf(read, nodeOfId, order, out, toNode, options.shared ?? false);
}

/**
 * One cycle among the tasks Kahn's order could not reach (every one of them has a
 * remaining predecessor): from the first such task, walk to a remaining predecessor until
 * a task repeats; the walk between the two visits, reversed, is a cycle in edge direction.
 * Predecessors are taken in graphology's iteration order, as `find-cycle.ts` does.
 */
function cycleInResidue(nodeCount: number, m: number, fromNode: Int32Array, toNode: Int32Array, accepted: Uint8Array, indexKey: Float64Array, inDegree: Int32Array): number[] {
  const into = adjacency(nodeCount, m, toNode, fromNode, accepted, indexKey);
  let current = 0;
  while (inDegree[current] === 0) current++;
  const seenAt = new Int32Array(nodeCount).fill(-1);
  const walk: number[] = [];
  while (seenAt[current] === -1) {
    seenAt[current] = walk.length;
    walk.push(current);
    let previous = -1;
    for (let a = into.start[current]!; a < into.start[current + 1]! && previous < 0; a++) {
      if (inDegree[into.node[a]!]! > 0) previous = into.node[a]!;
    }
    current = previous;
  }
  return walk.slice(seenAt[current]).reverse();
}

/** What the compact form copies of each node (by node number) and edge (by edge number). */
interface NodeFields {
  readonly id: string[];
  /** Distinct funcs in node order; `func[k]` indexes them. */
  readonly funcNames: string[];
  readonly func: Int32Array;
  readonly inputBytes: Float64Array;
  readonly outputBytes: Float64Array;
  readonly edgeBytes: Float64Array;
}

/** The compact form; `nodeOfId` is turned into the DAG's task index (id -> compact index, `task-index.ts`). */
function compactOf(read: NodeFields, nodeOfId: Map<string, number>, order: Int32Array, out: { start: Int32Array; node: Int32Array; edge: Int32Array }, toNode: Int32Array, shared: boolean): CompactDag {
  const int32 = (length: number) => (shared ? new Int32Array(new SharedArrayBuffer(length * 4)) : new Int32Array(length));
  const float64 = (length: number) => (shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length));
  const n = order.length;
  const m = out.node.length;
  const position = new Int32Array(n);
  for (let i = 0; i < n; i++) position[order[i]!] = i;

  const taskIds: string[] = new Array<string>(n);
  // Funcs numbered by first use in index order, as before; `read` numbers them in node order.
  const funcNames: string[] = [];
  const funcIndex = new Int32Array(read.funcNames.length).fill(-1);
  const funcOf = int32(n);
  const inputBytes = float64(n);
  const outputBytes = float64(n);
  const succStart = int32(n + 1);
  const predStart = int32(n + 1);
  const predTask = int32(m);
  const predEdge = int32(m);
  const edgeFrom = int32(m);
  const edgeTo = int32(m);
  const edgeBytes = float64(m);
  for (let i = 0; i < n; i++) {
    const node = order[i]!;
    const id = read.id[node]!;
    taskIds[i] = id;
    nodeOfId.set(id, i);
    const g = read.func[node]!;
    if (funcIndex[g] === -1) {
      funcIndex[g] = funcNames.length;
      funcNames.push(read.funcNames[g]!);
    }
    funcOf[i] = funcIndex[g]!;
    inputBytes[i] = read.inputBytes[node]!;
    outputBytes[i] = read.outputBytes[node]!;
    succStart[i + 1] = succStart[i]! + out.start[node + 1]! - out.start[node]!;
  }
  // Predecessor CSR by counting sort over targets; visiting sources in increasing index
  // lists each task's sources in increasing index.
  for (let a = 0; a < m; a++) predStart[position[out.node[a]!]! + 1]!++;
  for (let i = 0; i < n; i++) predStart[i + 1]! += predStart[i]!;
  const fill = predStart.slice(0, n);
  const edgeOfSlot = new Int32Array(m);
  for (let i = 0; i < n; i++) {
    const node = order[i]!;
    for (let a = out.start[node]!; a < out.start[node + 1]!; a++) {
      const slot = fill[position[toNode[out.edge[a]!]!]!]!++;
      predTask[slot] = i;
      edgeOfSlot[slot] = out.edge[a]!;
    }
  }
  // Successor CSR with each task's targets in increasing index: visiting targets in
  // increasing index and appending each to its source's range sorts every range.
  const cursor = succStart.slice(0, n);
  for (let j = 0; j < n; j++) {
    for (let slot = predStart[j]!; slot < predStart[j + 1]!; slot++) {
      const i = predTask[slot]!;
      const at = cursor[i]!++;
      edgeFrom[at] = i;
      edgeTo[at] = j;
      edgeBytes[at] = read.edgeBytes[edgeOfSlot[slot]!]!;
      predEdge[slot] = at;
    }
  }
  const dag: CompactDag = { taskCount: n, edgeCount: m, taskIds, funcNames, funcOf, inputBytes, outputBytes, succStart, predStart, predTask, predEdge, edgeFrom, edgeTo, edgeBytes };
  rememberTaskIndex(dag, nodeOfId);
  return dag;
}

const built = new WeakMap<WorkflowSpec, CompactDag>();

/**
 * `compactWorkflow`, once per workflow object: validating a dataset builds the compact form
 * of each workflow, and preparing a plan on it later reuses that form instead of building
 * it again. Workflows are not mutated once loaded (their types are readonly). A shared
 * (SharedArrayBuffer) form is always built fresh.
 */
export function compactDagOf(workflow: WorkflowSpec, options: CompactWorkflowOptions = {}): CompactDag {
  if (options.shared) return compactWorkflow(workflow, options);
  let dag = built.get(workflow);
  if (dag === undefined) {
    dag = compactWorkflow(workflow, options);
    built.set(workflow, dag);
  }
  return dag;
}
