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

  // Edges grouped by source in topological order (targets in graph order for now).
  const rawTo = new Int32Array(m);
  const rawBytes = new Float64Array(m);
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
    graph.forEachOutEdge(order[i]!, (_edge, edgeAttrs, _source, target) => {
      const j = indexOf.get(target)!;
      edgeFrom[e] = i;
      rawTo[e] = j;
      rawBytes[e] = edgeAttrs.bytes;
      predStart[j + 1]!++;
      e++;
    });
  }
  succStart[n] = e;

  // Predecessor CSR by counting sort over targets; sources come out in increasing index.
  for (let i = 0; i < n; i++) predStart[i + 1]! += predStart[i]!;
  const fill = Int32Array.from(predStart.subarray(0, n));
  const rawEdgeOfSlot = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const slot = fill[rawTo[k]!]!++;
    predTask[slot] = edgeFrom[k]!;
    rawEdgeOfSlot[slot] = k;
  }
  // Successor CSR with each task's targets in increasing index (layout independent of
  // insertion order): visiting targets in increasing index and appending each to its
  // source's range sorts every range in O(V+E), with no per-task sort.
  const cursor = Int32Array.from(succStart.subarray(0, n));
  for (let j = 0; j < n; j++) {
    for (let slot = predStart[j]!; slot < predStart[j + 1]!; slot++) {
      const at = cursor[predTask[slot]!]!++;
      edgeTo[at] = j;
      edgeBytes[at] = rawBytes[rawEdgeOfSlot[slot]!]!;
      predEdge[slot] = at;
    }
  }

  return { taskCount: n, edgeCount: m, taskIds: order, funcNames, funcOf, inputBytes, outputBytes, succStart, predStart, predTask, predEdge, edgeFrom, edgeTo, edgeBytes };
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
