import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import type { WorkflowSpec } from '../src/dag/types.js';
import { chain } from '../src/generate/chain.js';
import { fanOutFanIn } from '../src/generate/fan-out-fan-in.js';
import { gemm } from '../src/generate/gemm.js';
import { mapReduce } from '../src/generate/map-reduce.js';
import { montageLike } from '../src/generate/montage-like.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { DAG_SHAPES } from '../src/generate/shapes.js';
import { treeReduction, UNEQUAL_SPREAD } from '../src/generate/tree-reduction.js';
import { SlacklineError } from '../src/errors.js';

const sources = (w: WorkflowSpec) => w.tasks.filter((t) => !w.edges.some((e) => e.to === t.id));
const sinks = (w: WorkflowSpec) => w.tasks.filter((t) => !w.edges.some((e) => e.from === t.id));
const funcs = (w: WorkflowSpec) => new Set(w.tasks.map((t) => t.func));

/** inputBytes = bytes of incoming edges (+ external input for sources only). */
function expectConsistentBytes(w: WorkflowSpec): void {
  const incoming = new Map<string, number>();
  for (const e of w.edges) incoming.set(e.to, (incoming.get(e.to) ?? 0) + e.bytes);
  const isSource = new Set(sources(w).map((t) => t.id));
  for (const t of w.tasks) {
    expect(t.outputBytes).toBeGreaterThan(0);
    if (isSource.has(t.id)) expect(t.inputBytes).toBeGreaterThan(0);
    else expect(t.inputBytes).toBe(incoming.get(t.id));
  }
}

describe('generators', () => {
  it('chain: length tasks, one source, one sink, a path', () => {
    const w = chain({ length: 12 });
    buildDag(w);
    expect(w.tasks).toHaveLength(12);
    expect(w.edges).toHaveLength(11);
    expect(sources(w).map((t) => t.id)).toEqual(['load']);
    expect(sinks(w).map((t) => t.id)).toEqual(['store']);
    expect(funcs(w).size).toBeGreaterThanOrEqual(4);
    expectConsistentBytes(w);
    expect(chain({ length: 1 }).tasks).toHaveLength(1);
  });

  it('fan-out/fan-in: width + 2 tasks, every branch between split and merge', () => {
    const w = fanOutFanIn({ width: 16 });
    buildDag(w);
    expect(w.tasks).toHaveLength(18);
    expect(w.edges).toHaveLength(32);
    expect(sources(w).map((t) => t.id)).toEqual(['split']);
    expect(sinks(w).map((t) => t.id)).toEqual(['merge']);
    expectConsistentBytes(w);
  });

  it.each([1, 2, 7, 8, 64])('tree reduction of %i leaves: leaves - 1 reducers, one root', (leaves) => {
    const w = treeReduction({ leaves });
    buildDag(w);
    const reducers = w.tasks.filter((t) => t.func === 'reduce');
    expect(w.tasks.filter((t) => t.func === 'load-partition')).toHaveLength(leaves);
    expect(reducers).toHaveLength(leaves - 1);
    expect(sinks(w)).toHaveLength(1);
    for (const r of reducers) expect(w.edges.filter((e) => e.to === r.id)).toHaveLength(2);
    expect(toCompactDag(buildDag(w)).taskCount).toBe(2 * leaves - 1);
    expectConsistentBytes(w);
  });

  it('tree reduction with unequal inputs spans 100x across leaves; equal ones do not', () => {
    const leafInputs = (w: WorkflowSpec) => w.tasks.filter((t) => t.func === 'load-partition').map((t) => t.inputBytes);
    const unequal = leafInputs(treeReduction({ leaves: 32, unequal: true, seed: 4 }));
    expect(Math.max(...unequal) / Math.min(...unequal)).toBeCloseTo(UNEQUAL_SPREAD, 3);
    const equal = leafInputs(treeReduction({ leaves: 32, seed: 4 }));
    expect(Math.max(...equal) / Math.min(...equal)).toBeLessThan(2);
  });

  it('map-reduce: mappers + reducers + 1 tasks, a complete shuffle', () => {
    const w = mapReduce({ mappers: 10, reducers: 3 });
    buildDag(w);
    expect(w.tasks).toHaveLength(14);
    expect(w.edges).toHaveLength(10 * 3 + 3);
    expect(sources(w)).toHaveLength(10);
    expect(sinks(w).map((t) => t.id)).toEqual(['collect']);
    expectConsistentBytes(w);
  });

  it('gemm: 2b^2 + b^3 + b^2 + 1 tasks', () => {
    for (const blocks of [1, 2, 4]) {
      const w = gemm({ blocks });
      buildDag(w);
      expect(w.tasks).toHaveLength(2 * blocks ** 2 + blocks ** 3 + blocks ** 2 + 1);
      expect(w.tasks.filter((t) => t.func === 'multiply-tiles').every((t) => w.edges.filter((e) => e.to === t.id).length === 2)).toBe(true);
      expectConsistentBytes(w);
    }
  });

  it('montage-like: stages in order, one jpeg sink', () => {
    const w = montageLike({ images: 9 });
    const dag = toCompactDag(buildDag(w));
    expect(sinks(w).map((t) => t.id)).toEqual(['jpeg']);
    expect(sources(w).every((t) => t.func === 'm-project')).toBe(true);
    // 3x3 grid: 12 overlapping pairs; 2 * 9 + 12 + 6 tasks.
    expect(w.tasks).toHaveLength(36);
    expect(funcs(w).size).toBe(9);
    expect(dag.taskIds[dag.taskCount - 1]).toBe('jpeg');
    expectConsistentBytes(w);
  });

  it('random layered: exact task count, every non-source reads from the previous layer, seeded', () => {
    const w = randomLayered({ tasks: 500, seed: 3 });
    buildDag(w);
    expect(w.tasks).toHaveLength(500);
    expect(sources(w).length).toBeLessThan(100);
    expect(randomLayered({ tasks: 500, seed: 3 })).toEqual(w);
    expect(randomLayered({ tasks: 500, seed: 4 })).not.toEqual(w);
    expect(randomLayered({ tasks: 50, seed: 1, layers: 50 }).edges.length).toBeGreaterThanOrEqual(49);
    expectConsistentBytes(w);
  });

  it('every shape is deterministic for a seed and builds a valid DAG', () => {
    for (const shape of DAG_SHAPES) {
      const a = shape.make({ size: shape.defaultSize, seed: 9, unequal: false });
      expect(shape.make({ size: shape.defaultSize, seed: 9, unequal: false })).toEqual(a);
      expect(() => buildDag(a)).not.toThrow();
    }
  });

  it('rejects bad sizes with a clear error', () => {
    expect(() => chain({ length: 0 })).toThrow(SlacklineError);
    expect(() => treeReduction({ leaves: 2.5 })).toThrow(/leaves must be an integer >= 1/);
  });
});
