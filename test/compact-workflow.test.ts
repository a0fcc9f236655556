/**
 * `compactWorkflow` (arrays, no graph) against the graph path it replaces (graphology-dag's
 * topological sort over `buildDag`'s graph, kept in `support/graph-compact-oracle.ts`): the same compact DAG, array by array and in the same
 * index order, on every shipped workflow and on random workflows whose tasks and edges are
 * shuffled and whose ids are sometimes array indices ("0", "17": graphology iterates those
 * first); and the same problems, word for word and in order, on random broken workflows
 * (unknown ends, self-loops, duplicates, bad bytes, bad ids, cycles).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import type { CompactDag } from '../src/dag/compact-dag.js';
import { compactWorkflow } from '../src/dag/compact-workflow.js';
import type { EdgeSpec, TaskSpec, WorkflowSpec } from '../src/dag/types.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { shippedDatasets } from '../src/dataset/registry.js';
import { isSlacklineError } from '../src/errors.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { graphToCompactDag } from './support/graph-compact-oracle.js';

type Outcome = { dag: CompactDag } | { message: string; details: readonly string[] };

function outcome(build: () => CompactDag): Outcome {
  try {
    return { dag: build() };
  } catch (error) {
    if (!isSlacklineError(error)) throw error;
    return { message: error.message, details: error.details };
  }
}

const viaGraph = (w: WorkflowSpec) => outcome(() => graphToCompactDag(buildDag(w, { file: 'w.json', path: '$.workflows[3]' })));
const viaArrays = (w: WorkflowSpec) => outcome(() => compactWorkflow(w, { file: 'w.json', path: '$.workflows[3]' }));

/** Plain arrays, so toEqual compares values and reports the first difference readably. */
function plain(o: Outcome): unknown {
  if (!('dag' in o)) return o;
  return Object.fromEntries(Object.entries(o.dag).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v]));
}

/** A random workflow: a random DAG, tasks and edges in random order, some ids array indices. */
const workflowArb = fc
  .record({ n: fc.integer({ min: 1, max: 40 }), seed: fc.integer({ min: 0, max: 1e6 }), indexIds: fc.integer({ min: 0, max: 2 }), edgeSeeds: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 200, maxLength: 200 }), shuffle: fc.array(fc.nat(), { minLength: 200, maxLength: 200 }) })
  .map(({ n, seed, indexIds, edgeSeeds, shuffle }) => {
    const base = randomLayered({ tasks: n, seed });
    // Renaming: 0 keeps "t..." ids, 1 uses array-index ids ("3", "12"), 2 mixes them (and "01", which is not an index).
    const rename = new Map(base.tasks.map((t, i) => [t.id, indexIds === 0 ? t.id : indexIds === 1 ? String((i * 7919) % 1000) : i % 3 === 0 ? String(n - i) : i % 3 === 1 ? `0${i}` : t.id]));
    const tasks: TaskSpec[] = base.tasks.map((t) => ({ ...t, id: rename.get(t.id)! }));
    const edges: EdgeSpec[] = base.edges.map((e) => ({ ...e, from: rename.get(e.from)!, to: rename.get(e.to)! }));
    const order = <T>(list: T[]) => list.map((x, i) => [shuffle[i % shuffle.length]! + edgeSeeds[i % edgeSeeds.length]!, x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);
    return { name: base.name, tasks: order(tasks), edges: order(edges) } satisfies WorkflowSpec;
  });

/** Breaks a workflow in one of several ways (or several at once). */
const brokenArb = fc
  .record({ w: workflowArb, breaks: fc.array(fc.record({ kind: fc.integer({ min: 0, max: 8 }), at: fc.nat(), other: fc.nat() }), { minLength: 1, maxLength: 4 }) })
  .map(({ w, breaks }) => {
    const tasks: Record<string, unknown>[] = w.tasks.map((t) => ({ ...t }));
    const edges: Record<string, unknown>[] = w.edges.map((e) => ({ ...e }));
    const id = (k: number) => tasks[k % tasks.length]!['id'];
    for (const { kind, at, other } of breaks) {
      const edge = edges.length > 0 ? edges[at % edges.length]! : undefined;
      const task = tasks[at % tasks.length]!;
      switch (kind) {
        case 0: if (edge) edge['to'] = 'ghost'; break;
        case 1: if (edge) edge['from'] = edge['to']; break; // self-loop
        case 2: if (edge) edges.push({ ...edge }); break; // duplicate
        case 3: if (edge) edge['bytes'] = -1; break;
        case 4: task['inputBytes'] = Number.NaN; break;
        case 5: tasks.push({ ...task }); break; // duplicate id
        case 6: task['id'] = ''; break;
        case 7: edges.push({ from: id(other), to: id(at), bytes: 1 }); break; // may close a cycle
        case 8: task['func'] = ''; break;
      }
    }
    return { name: w.name, tasks, edges } as unknown as WorkflowSpec;
  });

describe('compactWorkflow', () => {
  it('builds the same compact DAG as the graph path on every shipped workflow', () => {
    for (const shipped of shippedDatasets()) {
      for (const workflow of loadDataset(shipped.file).workflows) expect(plain(viaArrays(workflow)), `${shipped.name}/${workflow.name}`).toEqual(plain(viaGraph(workflow)));
    }
  });

  it('builds the same compact DAG on random workflows in any order, with array-index ids', () => {
    fc.assert(fc.property(workflowArb, (w) => void expect(plain(viaArrays(w))).toEqual(plain(viaGraph(w)))), { numRuns: 300, seed: 14 });
  });

  it('reports the same problems, word for word and in order, on broken workflows', () => {
    let broken = 0;
    fc.assert(
      fc.property(brokenArb, (w) => {
        const expected = viaGraph(w);
        if (!('dag' in expected)) broken++;
        expect(plain(viaArrays(w))).toEqual(plain(expected));
      }),
      { numRuns: 400, seed: 41 },
    );
    expect(broken).toBeGreaterThan(300); // the generator does break most workflows
  });

  it('names a cycle the way find-cycle does', () => {
    const w: WorkflowSpec = { name: 'c', tasks: ['src', '7', 'x', '2', 'y'].map((id) => ({ id, func: 'f', inputBytes: 0, outputBytes: 0 })), edges: [['src', 'x'], ['x', '7'], ['7', 'y'], ['y', 'x'], ['2', '7'], ['y', '2']].map(([from, to]) => ({ from: from!, to: to!, bytes: 0 })) };
    const got = viaArrays(w);
    expect(got).toEqual(viaGraph(w));
    expect('details' in got && got.details[0]).toMatch(/^\$\.workflows\[3\]\.edges: cycle through tasks /);
  });

  it('allocates on SharedArrayBuffers when asked', () => {
    const dag = compactWorkflow(randomLayered({ tasks: 50, seed: 3 }), { shared: true });
    expect(dag.succStart.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(dag.edgeBytes.buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});
