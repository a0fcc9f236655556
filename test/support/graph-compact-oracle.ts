/**
 * The graph path to the compact form, as it was before `compactWorkflow`: graphology-dag's
 * topological sort, then CSR from the graph's adjacency. Kept as the independent oracle
 * `compactWorkflow` (and so `toCompactDag`) is compared with.
 */
import { topologicalSort } from 'graphology-dag';
import type { WorkflowGraph } from '../../src/dag/build-dag.js';
import type { CompactDag, CompactDagOptions } from '../../src/dag/compact-dag.js';

function allocator(shared: boolean) {
  return {
    int32: (length: number) => (shared ? new Int32Array(new SharedArrayBuffer(length * 4)) : new Int32Array(length)),
    float64: (length: number) => (shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length)),
  };
}

export function graphToCompactDag(graph: WorkflowGraph, options: CompactDagOptions = {}): CompactDag {
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

