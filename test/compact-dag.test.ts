import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { buildDag } from '../src/dag/build-dag.js';
import { compactDagTransferList, isSink, isSource, taskIndexMap, toCompactDag } from '../src/dag/compact-dag.js';
import type { WorkflowSpec } from '../src/dag/types.js';
import { randomLayered } from '../src/generate/random-layered.js';
import type { CompactDag } from '../src/dag/compact-dag.js';

/**
 * A plain-JS worker thread that checks the CSR it received and answers with a digest of it
 * (longest path in edges, sum of edge bytes) and, when the arrays are shared, marks a task
 * in place so the main thread can see it was the same memory.
 */
const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.once('message', (dag) => {
  const n = dag.taskCount;
  const depth = new Int32Array(n);
  let longest = 0, bytes = 0, ok = dag.succStart[n] === dag.edgeCount;
  for (let i = 0; i < n; i++) {
    for (let e = dag.succStart[i]; e < dag.succStart[i + 1]; e++) {
      const j = dag.edgeTo[e];
      if (j <= i || dag.edgeFrom[e] !== i) ok = false;
      if (depth[i] + 1 > depth[j]) depth[j] = depth[i] + 1;
      bytes += dag.edgeBytes[e];
    }
    if (depth[i] > longest) longest = depth[i];
  }
  if (dag.inputBytes.buffer instanceof SharedArrayBuffer) dag.inputBytes[0] = -1;
  parentPort.postMessage({ ok, longest, bytes, isInt32: dag.edgeTo instanceof Int32Array, isFloat64: dag.edgeBytes instanceof Float64Array });
});`;

function digestInWorker(dag: CompactDag, transfer: ArrayBuffer[]): Promise<{ ok: boolean; longest: number; bytes: number; isInt32: boolean; isFloat64: boolean }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true });
    worker.once('message', (answer) => {
      void worker.terminate();
      resolve(answer);
    });
    worker.once('error', reject);
    worker.postMessage(dag, transfer);
  });
}

function localDigest(dag: CompactDag): { longest: number; bytes: number } {
  const depth = new Int32Array(dag.taskCount);
  let longest = 0;
  let bytes = 0;
  for (let i = 0; i < dag.taskCount; i++) {
    for (let e = dag.succStart[i]!; e < dag.succStart[i + 1]!; e++) {
      const j = dag.edgeTo[e]!;
      depth[j] = Math.max(depth[j]!, depth[i]! + 1);
      bytes += dag.edgeBytes[e]!;
    }
    longest = Math.max(longest, depth[i]!);
  }
  return { longest, bytes };
}

describe('compact DAG', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('equals the graphology graph on a random DAG (seed %i)', (seed) => {
    const workflow = randomLayered({ tasks: 30 + seed * 25, seed, edgeProbability: 0.15 + seed / 40 });
    const graph = buildDag(workflow);
    const dag = toCompactDag(graph);
    expect(dag.taskCount).toBe(graph.order);
    expect(dag.edgeCount).toBe(graph.size);
    const index = taskIndexMap(dag);
    expect(index.size).toBe(graph.order);

    // Same tasks with the same funcs and bytes.
    graph.forEachNode((id, attrs) => {
      const i = index.get(id)!;
      expect(dag.funcNames[dag.funcOf[i]!]).toBe(attrs.func);
      expect(dag.inputBytes[i]).toBe(attrs.inputBytes);
      expect(dag.outputBytes[i]).toBe(attrs.outputBytes);
      expect(isSource(dag, i)).toBe(graph.inDegree(id) === 0);
      expect(isSink(dag, i)).toBe(graph.outDegree(id) === 0);
    });

    // Same edges with the same bytes, through the successor CSR; index order is topological.
    const seen = new Set<string>();
    for (let i = 0; i < dag.taskCount; i++) {
      for (let e = dag.succStart[i]!; e < dag.succStart[i + 1]!; e++) {
        const j = dag.edgeTo[e]!;
        expect(j).toBeGreaterThan(i);
        expect(dag.edgeFrom[e]).toBe(i);
        const from = dag.taskIds[i]!;
        const to = dag.taskIds[j]!;
        expect(graph.hasDirectedEdge(from, to)).toBe(true);
        expect(dag.edgeBytes[e]).toBe(graph.getEdgeAttribute(from, to, 'bytes'));
        seen.add(`${from}>${to}`);
      }
    }
    expect(seen.size).toBe(graph.size);

    // The predecessor CSR lists the same edges from the other side.
    for (let j = 0; j < dag.taskCount; j++) {
      const preds: string[] = [];
      for (let k = dag.predStart[j]!; k < dag.predStart[j + 1]!; k++) {
        const e = dag.predEdge[k]!;
        expect(dag.edgeTo[e]).toBe(j);
        expect(dag.edgeFrom[e]).toBe(dag.predTask[k]);
        preds.push(dag.taskIds[dag.predTask[k]!]!);
      }
      expect(preds.sort()).toEqual(graph.inNeighbors(dag.taskIds[j]!).sort());
    }
  });

  it('does not depend on the order tasks and edges were written in', () => {
    const workflow = randomLayered({ tasks: 120, seed: 5 });
    const reversed: WorkflowSpec = { ...workflow, tasks: [...workflow.tasks].reverse(), edges: [...workflow.edges].reverse() };
    const a = toCompactDag(buildDag(workflow));
    const b = toCompactDag(buildDag(reversed));
    // Orders may differ, but each task keeps its successors and bytes.
    const succ = (dag: typeof a) => {
      const out = new Map<string, string[]>();
      for (let i = 0; i < dag.taskCount; i++) {
        const list: string[] = [];
        for (let e = dag.succStart[i]!; e < dag.succStart[i + 1]!; e++) list.push(`${dag.taskIds[dag.edgeTo[e]!]}:${dag.edgeBytes[e]}`);
        out.set(dag.taskIds[i]!, list.sort());
      }
      return out;
    };
    expect(succ(b)).toEqual(succ(a));
  });

  it('moves to a worker thread: transferred (buffers detached here) or shared (same memory)', async () => {
    const workflow = randomLayered({ tasks: 400, seed: 11 });
    const expected = localDigest(toCompactDag(buildDag(workflow)));
    expect(expected.longest).toBeGreaterThan(1);

    const moved = toCompactDag(buildDag(workflow));
    const transfer = compactDagTransferList(moved);
    expect(transfer).toHaveLength(10);
    const answer = await digestInWorker(moved, transfer);
    expect(answer).toEqual({ ok: true, ...expected, isInt32: true, isFloat64: true });
    expect(moved.edgeTo.byteLength).toBe(0); // moved, not copied

    const shared = toCompactDag(buildDag(workflow), { shared: true });
    const sharedAnswer = await digestInWorker(shared, compactDagTransferList(shared));
    expect(sharedAnswer).toEqual({ ok: true, ...expected, isInt32: true, isFloat64: true });
    expect(shared.inputBytes[0]).toBe(-1); // the worker wrote into the same memory
  });

  it('handles a 100,000-task chain without recursion', () => {
    const n = 100_000;
    const tasks = Array.from({ length: n }, (_, i) => ({ id: `t${i}`, func: i % 2 ? 'odd' : 'even', inputBytes: i, outputBytes: i + 1 }));
    const edges = Array.from({ length: n - 1 }, (_, i) => ({ from: `t${i}`, to: `t${i + 1}`, bytes: i + 1 }));
    const dag = toCompactDag(buildDag({ name: 'long-chain', tasks, edges }), { shared: true });
    expect(dag.taskCount).toBe(n);
    expect(dag.edgeCount).toBe(n - 1);
    for (let i = 0; i < n - 1; i++) {
      if (dag.taskIds[i] !== `t${i}` || dag.edgeTo[dag.succStart[i]!] !== i + 1 || dag.edgeBytes[i] !== i + 1) throw new Error(`chain broken at ${i}`);
    }
    expect(dag.funcNames).toEqual(['even', 'odd']);
    expect(dag.edgeTo.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(compactDagTransferList(dag)).toEqual([]);
  });
});
