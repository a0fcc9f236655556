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
import type { WorkflowGraph } from './build-dag.js';
import { compactWorkflow } from './compact-workflow.js';
import type { EdgeSpec, TaskSpec } from './types.js';

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


export function toCompactDag(graph: WorkflowGraph, options: CompactDagOptions = {}): CompactDag {
  // The graph's nodes and edges in insertion order are the workflow it was built from;
  // `compactWorkflow` gives the index order graphology-dag's topological sort would.
  const tasks: TaskSpec[] = [];
  graph.forEachNode((_key, attributes) => void tasks.push(attributes));
  const edges: EdgeSpec[] = [];
  graph.forEachEdge((_key, attributes) => void edges.push(attributes));
  return compactWorkflow({ name: 'graph', tasks, edges }, options);
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
