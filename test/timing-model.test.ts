/**
 * The timing model on small hand-drawn DAGs, every expected number computed by hand in the
 * comments (one memory level, durations in ms).
 */
import { describe, expect, it } from 'vitest';
import { taskIndexMap, type CompactDag } from '../src/dag/compact-dag.js';
import { slackOf } from '../src/timing/full-pass.js';
import { planTiming, timingWeights } from '../src/timing/timing-model.js';
import { TIME_EPSILON_MS } from '../src/timing/tolerance.js';
import type { CompactPlan, DurationTable } from '../src/timing/types.js';
import { SlacklineError } from '../src/errors.js';
import { compactOf } from './support/timing-fixtures.js';

interface Hand {
  exec: Record<string, number>;
  upload?: Record<string, number>;
  /** Keyed `from->to`. */
  download?: Record<string, number>;
  input?: Record<string, number>;
  cold: number;
  warm?: number;
}

/** A one-level table from per-id numbers (missing = 0). */
function handTable(dag: CompactDag, hand: Hand): DurationTable {
  const n = dag.taskCount;
  const at = (record: Record<string, number> | undefined, key: string) => record?.[key] ?? 0;
  return {
    ladderMb: Float64Array.of(1024),
    levels: 1,
    execMs: Float64Array.from(dag.taskIds, (id) => at(hand.exec, id)),
    uploadMs: Float64Array.from(dag.taskIds, (id) => at(hand.upload, id)),
    downloadMs: Float64Array.from({ length: dag.edgeCount }, (_, e) => at(hand.download, `${dag.taskIds[dag.edgeFrom[e]!]}->${dag.taskIds[dag.edgeTo[e]!]}`)),
    inputDownloadMs: Float64Array.from({ length: n }, (_, i) => at(hand.input, dag.taskIds[i]!)),
    coldStartMs: Float64Array.of(hand.cold),
    warmStartMs: Float64Array.of(hand.warm ?? 0),
  };
}

/** Plan from `worker` per task id; `preload`/`prewarm` list ids / worker numbers. */
function handPlan(dag: CompactDag, worker: Record<string, number>, options: { preload?: string[]; prewarm?: number[] } = {}): CompactPlan {
  const workerOf = Int32Array.from(dag.taskIds, (id) => worker[id]!);
  const workerCount = Math.max(...workerOf) + 1;
  return {
    workerCount,
    workerOf,
    levelOf: new Int32Array(workerCount),
    prewarm: Uint8Array.from({ length: workerCount }, (_, w) => (options.prewarm?.includes(w) ? 1 : 0)),
    preload: Uint8Array.from(dag.taskIds, (id) => (options.preload?.includes(id) ? 1 : 0)),
  };
}

function ids(dag: CompactDag, path: Int32Array): string[] {
  return [...path].map((i) => dag.taskIds[i]!);
}

describe('timing model', () => {
  /*
   *   a (w0) --+
   *   b (w1) --+--> d (w3)       cold start 10, uploads 1
   *   c (w2) --+
   *
   *   completion: a = 10 + 2 + 1 = 13,  b = 10 + 6 + 1 = 17,  c = 10 + 4 + 1 = 15
   *   downloads at d: a->d 5, b->d 1, c->d 4
   *   no preload: ready(d) = max(13,17,15) + 10 + max(5,1,4) = 32, finish 32 + 2 + 1 = 35
   *   preload:    ready(d) = max(13+10+5, 17+10+1, 15+10+4) = max(28, 28, 29) = 29, finish 32
   */
  const fanIn = compactOf(['a', 'b', 'c', 'd'], [['a', 'd'], ['b', 'd'], ['c', 'd']]);
  const fanInTable = handTable(fanIn, {
    exec: { a: 2, b: 6, c: 4, d: 2 },
    upload: { a: 1, b: 1, c: 1, d: 1 },
    download: { 'a->d': 5, 'b->d': 1, 'c->d': 4 },
    cold: 10,
  });
  const fanInWorkers = { a: 0, b: 1, c: 2, d: 3 };

  it('preload shortens a fan-in exactly as computed by hand', () => {
    const plain = planTiming(fanIn, fanInTable, handPlan(fanIn, fanInWorkers));
    const preloaded = planTiming(fanIn, fanInTable, handPlan(fanIn, fanInWorkers, { preload: ['d'] }));
    expect(plain.makespanMs).toBeCloseTo(35, 9);
    expect(preloaded.makespanMs).toBeCloseTo(32, 9);
    // Without preload the slowest producer (b) is critical; with it, c's late download is.
    expect(ids(fanIn, plain.criticalPath)).toEqual(['b', 'd']);
    expect(ids(fanIn, preloaded.criticalPath)).toEqual(['c', 'd']);
    const d = taskIndexMap(fanIn).get('d')!;
    expect(preloaded.earliestFinish[d]).toBeCloseTo(32, 9);
    // a's path reaches d at 28, one ms before c's: slack 1.
    expect(slackOf(preloaded, taskIndexMap(fanIn).get('a')!)).toBeCloseTo(1, 9);
  });

  it('a pre-warmed worker pays the warm start instead of the cold one', () => {
    // d's worker warm (start 3): no preload: 17 + 3 + 5 + 2 + 1 = 28.
    const table = { ...fanInTable, warmStartMs: Float64Array.of(3) };
    expect(planTiming(fanIn, table, handPlan(fanIn, fanInWorkers, { prewarm: [3] })).makespanMs).toBeCloseTo(28, 9);
  });

  /*
   *   a --> b      exec a 4, b 3; upload a 2, b 5; download a->b 6; cold 10; input of a 1
   *   same worker:     a = 10 + 1 + 4 (no upload: b is local) = 15; b = 15 + 3 + 5 (sink) = 23
   *   two workers:     a = 10 + 1 + 4 + 2 = 17;  b = 17 + 10 + 6 + 3 + 5 = 41
   */
  const pair = compactOf(['a', 'b'], [['a', 'b']]);
  const pairTable = handTable(pair, { exec: { a: 4, b: 3 }, upload: { a: 2, b: 5 }, download: { 'a->b': 6 }, input: { a: 1 }, cold: 10 });

  it('co-located tasks pay no transfer and no second start; the sink uploads', () => {
    const together = planTiming(pair, pairTable, handPlan(pair, { a: 0, b: 0 }));
    expect(together.makespanMs).toBeCloseTo(23, 9);
    const w = timingWeights(pair, pairTable, handPlan(pair, { a: 0, b: 0 }));
    expect([...w.nodeMs]).toEqual([15, 8]);
    expect([...w.edgeMs]).toEqual([0]);
    const apart = planTiming(pair, pairTable, handPlan(pair, { a: 0, b: 1 }));
    expect(apart.makespanMs).toBeCloseTo(41, 9);
    // Preload on a single input changes nothing but where the weight sits.
    const apartPreload = planTiming(pair, pairTable, handPlan(pair, { a: 0, b: 1 }, { preload: ['b'] }));
    expect(apartPreload.makespanMs).toBeCloseTo(41, 9);
  });

  it('a lone sink pays start, input download, execution and upload', () => {
    const one = compactOf(['x'], []);
    const table = handTable(one, { exec: { x: 7 }, upload: { x: 2 }, input: { x: 3 }, cold: 10 });
    const result = planTiming(one, table, handPlan(one, { x: 0 }));
    expect(result.makespanMs).toBeCloseTo(22, 9);
    expect([...result.criticalPath]).toEqual([0]);
    expect(result.latestFinish[0]).toBeCloseTo(22, 9);
  });

  /*
   * Tree reduction, every task on its own worker, cold 10, uploads 1, downloads 2:
   *
   *   l0 (exec 1) --+
   *                 +-- r0 (exec 1) --+
   *   l1 (exec 9) --+                 |
   *                                   +-- root (exec 1)
   *   l2 (exec 2) --+                 |
   *                 +-- r1 (exec 1) --+
   *   l3 (exec 3) --+
   *
   *   leaves complete at 10 + exec + 1: 12, 20, 13, 14
   *   r0 = 20 + 10 + 2 + 1 + 1 = 34;  r1 = 14 + 14 = 28;  root = 34 + 14 = 48
   * The slow leaf l1 sits under the SECOND input of r0; a path following first inputs
   * (l0 -> r0 -> root = 12 + 14 + 14 = 40) would be too low.
   */
  it("a tree reduction's critical path is not too low", () => {
    const dag = compactOf(['l0', 'l1', 'l2', 'l3', 'r0', 'r1', 'root'], [['l0', 'r0'], ['l1', 'r0'], ['l2', 'r1'], ['l3', 'r1'], ['r0', 'root'], ['r1', 'root']]);
    const exec = { l0: 1, l1: 9, l2: 2, l3: 3, r0: 1, r1: 1, root: 1 };
    const upload = Object.fromEntries(Object.keys(exec).map((k) => [k, 1]));
    const download = { 'l0->r0': 2, 'l1->r0': 2, 'l2->r1': 2, 'l3->r1': 2, 'r0->root': 2, 'r1->root': 2 };
    const table = handTable(dag, { exec, upload, download, cold: 10 });
    const workers = Object.fromEntries(dag.taskIds.map((id, i) => [id, i]));
    const result = planTiming(dag, table, handPlan(dag, workers));
    expect(result.makespanMs).toBeCloseTo(48, 9);
    expect(ids(dag, result.criticalPath)).toEqual(['l1', 'r0', 'root']);
    let length = 0;
    const w = timingWeights(dag, table, handPlan(dag, workers));
    for (const v of result.criticalPath) length += w.nodeMs[v]!;
    expect(length).toBeCloseTo(48, 9);
    const index = taskIndexMap(dag);
    expect(slackOf(result, index.get('l0')!)).toBeCloseTo(8, 9); // 20 - 12
    expect(slackOf(result, index.get('r1')!)).toBeCloseTo(6, 9); // 34 - 28
    for (const v of result.criticalPath) expect(Math.abs(slackOf(result, v))).toBeLessThanOrEqual(TIME_EPSILON_MS);
  });

  it('rejects a plan that does not fit the DAG or the ladder, naming the task', () => {
    const bad = { ...handPlan(pair, { a: 0, b: 0 }), workerOf: Int32Array.of(0, 5) };
    expect(() => planTiming(pair, pairTable, bad)).toThrow(SlacklineError);
    expect(() => planTiming(pair, pairTable, bad)).toThrow(/task "b" has worker 5/);
    const badLevel = { ...handPlan(pair, { a: 0, b: 0 }), levelOf: Int32Array.of(3) };
    expect(() => planTiming(pair, pairTable, badLevel)).toThrow(/memory level 3/);
  });
});
