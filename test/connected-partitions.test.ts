/**
 * Connected set partitions against a brute force: every set partition (restricted growth
 * strings) filtered by a union-find connectivity check of each block, on random small DAGs.
 */
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag, type CompactDag } from '../src/dag/compact-dag.js';
import { forEachConnectedPartition } from '../src/planning/connected-partitions.js';
import { randomInt, seededRandom } from '../src/util/random.js';
import { compactOf, randomSparse } from './support/timing-fixtures.js';

function bruteForce(dag: CompactDag): Set<string> {
  const n = dag.taskCount;
  const out = new Set<string>();
  const a = new Int32Array(n);
  const rec = (i: number, max: number): void => {
    if (i === n) {
      const parent = Int32Array.from({ length: n }, (_, k) => k);
      const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
      for (let e = 0; e < dag.edgeCount; e++) {
        const u = dag.edgeFrom[e]!;
        const v = dag.edgeTo[e]!;
        if (a[u] === a[v]) parent[find(u)] = find(v);
      }
      const roots = new Set<number>();
      for (let k = 0; k < n; k++) roots.add(find(k));
      if (roots.size === max + 1) out.add(Array.from(a).join(','));
      return;
    }
    for (let b = 0; b <= max + 1; b++) {
      a[i] = b;
      rec(i + 1, Math.max(max, b));
    }
  };
  if (n > 0) {
    a[0] = 0;
    rec(1, 0);
  }
  return out;
}

function enumerated(dag: CompactDag): string[] {
  const list: string[] = [];
  forEachConnectedPartition(dag, (workerOf) => {
    list.push(Array.from(workerOf).join(','));
    return true;
  });
  return list;
}

describe('connected partitions', () => {
  it('a path of 4 has 2^3 of them, a triangle all 5', () => {
    expect(enumerated(compactOf(['a', 'b', 'c', 'd'], [['a', 'b'], ['b', 'c'], ['c', 'd']])).length).toBe(8);
    expect(enumerated(compactOf(['a', 'b', 'c'], [['a', 'b'], ['b', 'c'], ['a', 'c']])).length).toBe(5);
  });

  it('equal the brute force on 60 random DAGs, each once', () => {
    const random = seededRandom(99);
    let total = 0;
    for (let k = 0; k < 60; k++) {
      const dag = toCompactDag(buildDag(randomSparse(randomInt(random, 1, 8), random)));
      const list = enumerated(dag);
      expect(new Set(list).size).toBe(list.length);
      expect(new Set(list)).toEqual(bruteForce(dag));
      total += list.length;
    }
    expect(total).toBeGreaterThan(500);
  });

  it('stops when the visitor says so', () => {
    let seen = 0;
    const finished = forEachConnectedPartition(compactOf(['a', 'b', 'c', 'd'], [['a', 'b'], ['b', 'c'], ['c', 'd']]), () => ++seen < 3);
    expect([finished, seen]).toEqual([false, 3]);
  });
});
