/**
 * The compact form of a workflow DAG, for hot loops and for worker threads.
 *
 * Tasks are renumbered in topological order (index i only depends on indices < i), so a
 * forward pass is a plain `for (i = 0; i < n; i++)` and a backward pass runs it in reverse.
 * Adjacency is CSR in both directions (Int32Array); per-task and per-edge numbers are
 * Float64Array. Edges are numbered in successor-CSR order: the successors of task i are
 * edges `succStart[i] .. succStart[i+1]-1`, and `edgeTo[e]` is the target.
 *
 * Built in O(V+E) without recursion. With `shared: true` every array lives on a
 * SharedArrayBuffer, so posting the DAG to a worker thread copies no numbers; otherwise
 * `compactDagTransferList` lists the buffers to move.
 */
import { topologicalSort } from 'graphology-dag';
import type { WorkflowGraph } from './build-dag.js';

export interface CompactDag {
  readonly taskCount: number;
  readonly edgeCount: number;
  /** Task id of each index; indices are in topological order. */
  readonly taskIds: readonly string[];
  /** Distinct func names; `funcOf[i]` indexes into it. */
  readonly funcNames: readonly string[];
  readonly funcOf: Int32Array;
  readonly inputBytes: Float64Array;
  readonly outputBytes: Float64Array;
  /** Successor CSR: targets of task i are `edgeTo[succStart[i] .. succStart[i+1])`. */
  readonly succStart: Int32Array;
  /** Predecessor CSR: `predTask[predStart[i] .. predStart[i+1])` are the sources of task i, `predEdge` the edge numbers. */
  readonly predStart: Int32Array;
  readonly predTask: Int32Array;
  readonly predEdge: Int32Array;
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  readonly edgeBytes: Float64Array;
}

export interface CompactDagOptions {
  /** Allocate every array on a SharedArrayBuffer (zero-copy to worker threads). */
  readonly shared?: boolean;
}

function allocator(shared: boolean) {
  return {
    int32: (length: number) => (shared ? new Int32Array(new SharedArrayBuffer(length * 4)) : new Int32Array(length)),
    float64: (length: number) => (shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length)),
  };
}

export function toCompactDag(graph: WorkflowGraph, options: CompactDagOptions = {}): CompactDag {
  const alloc = allocator(options.shared ?? false);
  const order = topologicalSort(graph);
  const n = order.length;
  const m = graph.size;
  const indexOf = new Map<string, number>();
  for (let i = 0; i < n; i++) indexOf.set(order[i]!, i);

  const funcNames: string[] = [];
  const funcIndex = new Map<string, number>();
  const funcOf = alloc.int32(n);
  const inputBytes = alloc.float64(n);
  const outputBytes = alloc.float64(n);
  const succStart = alloc.int32(n + 1);
  const predStart = alloc.int32(n + 1);
  const edgeFrom = alloc.int32(m);
  const edgeTo = alloc.int32(m);
  const edgeBytes = alloc.float64(m);
  const predTask = alloc.int32(m);
  const predEdge = alloc.int32(m);

  // Successor CSR, filled task by task in topological order.
  let e = 0;
  for (let i = 0; i < n; i++) {
    const attrs = graph.getNodeAttributes(order[i]!);
    let f = funcIndex.get(attrs.func);
    if (f === undefined) {
      f = funcNames.length;
      funcNames.push(attrs.func);
      funcIndex.set(attrs.func, f);
    }
    funcOf[i] = f;
    inputBytes[i] = attrs.inputBytes;
    outputBytes[i] = attrs.outputBytes;
    succStart[i] = e;
    const first = e;
    graph.forEachOutEdge(order[i]!, (_edge, edgeAttrs, _source, target) => {
      edgeFrom[e] = i;
      edgeTo[e] = indexOf.get(target)!;
      edgeBytes[e] = edgeAttrs.bytes;
      e++;
    });
    // Sort this task's successors by index so the layout does not depend on insertion order.
    sortEdgeRange(first, e, edgeTo, edgeBytes);
    for (let k = first; k < e; k++) predStart[edgeTo[k]! + 1]!++;
  }
  succStart[n] = e;

  // Predecessor CSR by counting sort over targets; sources come out in increasing index.
  for (let i = 0; i < n; i++) predStart[i + 1]! += predStart[i]!;
  const fill = Int32Array.from(predStart.subarray(0, n));
  for (let k = 0; k < m; k++) {
    const slot = fill[edgeTo[k]!]!++;
    predTask[slot] = edgeFrom[k]!;
    predEdge[slot] = k;
  }

  return { taskCount: n, edgeCount: m, taskIds: order, funcNames, funcOf, inputBytes, outputBytes, succStart, predStart, predTask, predEdge, edgeFrom, edgeTo, edgeBytes };
}

/** Insertion sort of one task's successor edges by target index (degrees are small). */
function sortEdgeRange(from: number, to: number, targets: Int32Array, bytes: Float64Array): void {
  for (let a = from + 1; a < to; a++) {
    const t = targets[a]!;
    const b = bytes[a]!;
    let k = a - 1;
    while (k >= from && targets[k]! > t) {
      targets[k + 1] = targets[k]!;
      bytes[k + 1] = bytes[k]!;
      k--;
    }
    targets[k + 1] = t;
    bytes[k + 1] = b;
  }
}

/** Map from task id to compact index (built on demand: not part of the transferable form). */
export function taskIndexMap(dag: CompactDag): Map<string, number> {
  const map = new Map<string, number>();
  dag.taskIds.forEach((id, i) => map.set(id, i));
  return map;
}

/** The ArrayBuffers to pass in a `postMessage` transfer list (empty when shared). */
export function compactDagTransferList(dag: CompactDag): ArrayBuffer[] {
  const arrays = [dag.funcOf, dag.inputBytes, dag.outputBytes, dag.succStart, dag.predStart, dag.predTask, dag.predEdge, dag.edgeFrom, dag.edgeTo, dag.edgeBytes];
  return arrays.map((a) => a.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

/** Sources (no predecessors) and sinks (no successors), by index. */
export function isSource(dag: CompactDag, i: number): boolean {
  return dag.predStart[i] === dag.predStart[i + 1];
}
export function isSink(dag: CompactDag, i: number): boolean {
  return dag.succStart[i] === dag.succStart[i + 1];
}
