import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { compactDagTransferList, isSink, isSource, taskIndexMap, toCompactDag } from '../src/dag/compact-dag.js';
import type { WorkflowSpec } from '../src/dag/types.js';
import { randomLayered } from '../src/generate/random-layered.js';

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
