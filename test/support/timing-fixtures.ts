/**
 * Fixtures for the timing-engine tests: compact DAGs from small specs, seeded random DAGs
 * of several shapes, seeded random duration tables and plans, and an oracle of the timing
 * model written straight from its rules (no weights, no shared code with src/timing).
 */
import { buildDag } from '../../src/dag/build-dag.js';
import { toCompactDag, type CompactDag } from '../../src/dag/compact-dag.js';
import type { WorkflowSpec } from '../../src/dag/types.js';
import { chain } from '../../src/generate/chain.js';
import { fanOutFanIn } from '../../src/generate/fan-out-fan-in.js';
import { gemm } from '../../src/generate/gemm.js';
import { mapReduce } from '../../src/generate/map-reduce.js';
import { montageLike } from '../../src/generate/montage-like.js';
import { randomLayered } from '../../src/generate/random-layered.js';
import { treeReduction } from '../../src/generate/tree-reduction.js';
import { slackOf } from '../../src/timing/full-pass.js';
import { TIME_EPSILON_MS, timeEqual } from '../../src/timing/tolerance.js';
import type { CompactPlan, DurationTable, TimingResult, TimingWeights } from '../../src/timing/types.js';
import { randomInt, type RandomSource } from '../../src/util/random.js';

export { randomTable } from '../../src/timing/random-duration-table.js';

/** Compact DAG of tasks named by id and edges `[from, to]` (bytes are irrelevant to timing). */
export function compactOf(tasks: readonly string[], edges: readonly (readonly [string, string])[]): CompactDag {
  const spec: WorkflowSpec = {
    name: 'fixture',
    tasks: tasks.map((id) => ({ id, func: 'f', inputBytes: 0, outputBytes: 0 })),
    edges: edges.map(([from, to]) => ({ from, to, bytes: 0 })),
  };
  return toCompactDag(buildDag(spec));
}

/** A DAG with random edges between any earlier and later task (several sources and sinks). */
export function randomSparse(tasks: number, random: RandomSource): WorkflowSpec {
  const ids = Array.from({ length: tasks }, (_, i) => `s${i}`);
  // Shuffle so that the compact topological order differs from the naming order.
  for (let i = ids.length - 1; i > 0; i--) {
    const j = randomInt(random, 0, i);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  const p = Math.min(1, 2.5 / Math.max(tasks, 1));
  const edges: { from: string; to: string; bytes: number }[] = [];
  for (let j = 1; j < tasks; j++) for (let i = 0; i < j; i++) if (random() < p) edges.push({ from: ids[i]!, to: ids[j]!, bytes: 1 });
  return { name: 'random-sparse', tasks: ids.map((id) => ({ id, func: 'f', inputBytes: 1, outputBytes: 1 })), edges };
}

export const SHAPES = ['random-layered', 'random-sparse', 'tree-reduction', 'fan-out-fan-in', 'chain', 'map-reduce', 'gemm', 'montage-like'] as const;
export type Shape = (typeof SHAPES)[number];

/** A seeded random DAG of the given shape with roughly 5-60 tasks. */
export function randomShape(shape: Shape, random: RandomSource): WorkflowSpec {
  const seed = randomInt(random, 1, 1_000_000);
  switch (shape) {
    case 'random-layered':
      return randomLayered({ tasks: randomInt(random, 5, 60), seed });
    case 'random-sparse':
      return randomSparse(randomInt(random, 5, 60), random);
    case 'tree-reduction':
      return treeReduction({ leaves: randomInt(random, 2, 24), unequal: random() < 0.5, seed });
    case 'fan-out-fan-in':
      return fanOutFanIn({ width: randomInt(random, 1, 30), seed });
    case 'chain':
      return chain({ length: randomInt(random, 2, 30), seed });
    case 'map-reduce':
      return mapReduce({ mappers: randomInt(random, 1, 12), reducers: randomInt(random, 1, 6), seed });
    case 'gemm':
      return gemm({ blocks: randomInt(random, 1, 3), seed });
    case 'montage-like':
      return montageLike({ images: randomInt(random, 2, 10), seed });
  }
}

/** A random plan: tasks often continue on a predecessor's worker, random levels, preload and prewarm. */
export function randomPlan(dag: CompactDag, levels: number, random: RandomSource): CompactPlan {
  const n = dag.taskCount;
  const workerOf = new Int32Array(n);
  let workers = 0;
  const stay = random();
  for (let v = 0; v < n; v++) {
    const from = dag.predStart[v]!;
    const to = dag.predStart[v + 1]!;
    if (to > from && random() < stay) workerOf[v] = workerOf[dag.predTask[randomInt(random, from, to - 1)]!]!;
    else if (workers > 0 && random() < 0.1) workerOf[v] = randomInt(random, 0, workers - 1); // an unrelated task on a used worker
    else workerOf[v] = workers++;
  }
  const preloadRate = random();
  return {
    workerCount: workers,
    workerOf,
    levelOf: Int32Array.from({ length: workers }, () => randomInt(random, 0, levels - 1)),
    prewarm: Uint8Array.from({ length: workers }, () => (random() < 0.3 ? 1 : 0)),
    preload: Uint8Array.from({ length: n }, () => (random() < preloadRate ? 1 : 0)),
  };
}

/**
 * A plan of `workerCount` workers whose tasks are scattered over the whole index range
 * (paths leave a worker and come back: its tasks are not closed); tasks 0..workerCount-1
 * open one worker each, so no worker is empty and the engine's worker ids are the plan's.
 */
export function scatteredPlan(dag: CompactDag, levels: number, random: RandomSource, workerCount: number): CompactPlan {
  const workerOf = Int32Array.from({ length: dag.taskCount }, (_, v) => (v < workerCount ? v : randomInt(random, 0, workerCount - 1)));
  const levelOf = Int32Array.from({ length: workerCount }, () => randomInt(random, 0, levels - 1));
  return { workerCount, workerOf, levelOf, prewarm: new Uint8Array(workerCount), preload: Uint8Array.from({ length: dag.taskCount }, () => (random() < 0.3 ? 1 : 0)) };
}

/** Completion time of every task, computed directly from the rules of the timing model. */
export function oracleCompletion(dag: CompactDag, table: DurationTable, plan: CompactPlan): Float64Array {
  const n = dag.taskCount;
  const L = table.levels;
  const done = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const worker = plan.workerOf[v]!;
    const level = plan.levelOf[worker]!;
    const preds: { u: number; e: number; remote: boolean }[] = [];
    for (let k = dag.predStart[v]!; k < dag.predStart[v + 1]!; k++) {
      const u = dag.predTask[k]!;
      preds.push({ u, e: dag.predEdge[k]!, remote: plan.workerOf[u] !== worker });
    }
    const start = preds.some((p) => !p.remote) ? 0 : plan.prewarm[worker] ? table.warmStartMs[level]! : table.coldStartMs[level]!;
    let ready: number;
    if (preds.length === 0) {
      ready = start + table.inputDownloadMs[v * L + level]!;
    } else if (!plan.preload[v]) {
      const inputs = Math.max(...preds.map((p) => done[p.u]!));
      const download = Math.max(0, ...preds.filter((p) => p.remote).map((p) => table.downloadMs[p.e * L + level]!));
      ready = inputs + start + download;
    } else {
      ready = Math.max(...preds.map((p) => done[p.u]! + (p.remote ? start + table.downloadMs[p.e * L + level]! : 0)));
    }
    let uploads = dag.succStart[v] === dag.succStart[v + 1];
    for (let e = dag.succStart[v]!; e < dag.succStart[v + 1]!; e++) if (plan.workerOf[dag.edgeTo[e]!] !== worker) uploads = true;
    const rules = { cpuSharing: 'processor-sharing', overheadPerTaskMs: 0, overheadPerRunMs: 0, ...table.rules };
    const overhead = rules.overheadPerTaskMs + (preds.length === 0 ? rules.overheadPerRunMs : 0);
    const exec = rules.cpuSharing === 'none' ? table.execMs[v * L + level]! : oracleSharedExec(dag, table, plan, v);
    done[v] = overhead + ready + exec + (uploads ? table.uploadMs[v * L + level]! : 0);
  }
  return done;
}

/**
 * Execution of v under CPU sharing, from the rule's words: the siblings are the tasks of
 * v's worker that continue the same same-worker predecessor (the latest one) as v; each
 * runs at cpu(m) / siblings vCPUs (AWS Lambda's share), the time read off the
 * polyline of the task's (1 / cpu, time) points, extended past the smallest size along
 * its first segment, never faster than alone.
 */
export function oracleSharedExec(dag: CompactDag, table: DurationTable, plan: CompactPlan, v: number): number {
  const L = table.levels;
  const worker = plan.workerOf[v]!;
  const level = plan.levelOf[worker]!;
  const anchorOf = (x: number): number => {
    let a = -1;
    for (let k = dag.predStart[x]!; k < dag.predStart[x + 1]!; k++) {
      const u = dag.predTask[k]!;
      if (plan.workerOf[u] === plan.workerOf[x] && u > a) a = u;
    }
    return a;
  };
  const alone = table.execMs[v * L + level]!;
  const a = anchorOf(v);
  if (a < 0) return alone;
  let siblings = 0;
  for (let x = 0; x < dag.taskCount; x++) if (plan.workerOf[x] === worker && anchorOf(x) === a) siblings++;
  if (siblings <= 1) return alone;
  // AWS Lambda as `cpuShare` states it: m / 1769 up to 1769 MB, then linear to 6 vCPUs at 10240 MB, 6 above.
  const cpu = (mb: number) => (mb <= 1769 ? mb / 1769 : mb >= 10240 ? 6 : 1 + (5 * (mb - 1769)) / (10240 - 1769));
  const points = Array.from({ length: L }, (_, l) => ({ x: 1 / cpu(table.ladderMb[l]!), t: table.execMs[v * L + l]! }));
  const x = siblings / cpu(table.ladderMb[level]!);
  let t: number | undefined;
  for (let l = 0; l + 1 < L && t === undefined; l++) {
    const [p, q] = [points[l]!, points[l + 1]!];
    if (p.x >= x && x >= q.x) t = p.x === q.x ? p.t : q.t + ((p.t - q.t) * (x - q.x)) / (p.x - q.x);
  }
  if (t === undefined) {
    const [p, q] = [points[0]!, points[1]];
    t = q !== undefined && p.x > q.x ? p.t + ((p.t - q.t) / (p.x - q.x)) * (x - p.x) : p.t * (x / p.x);
    t = Math.max(t, p.t);
  }
  return Math.max(t, alone);
}

/** Every invariant of a timing result; returns the first violation, or '' when none. */
export function timingViolation(dag: CompactDag, w: TimingWeights, r: TimingResult): string {
  const n = dag.taskCount;
  let makespan = 0;
  for (let v = 0; v < n; v++) makespan = Math.max(makespan, r.earliestFinish[v]!);
  if (!timeEqual(makespan, r.makespanMs)) return `makespan ${r.makespanMs} != max EF ${makespan}`;
  for (let v = 0; v < n; v++) {
    let es = 0;
    for (let k = dag.predStart[v]!; k < dag.predStart[v + 1]!; k++) es = Math.max(es, r.earliestFinish[dag.predTask[k]!]! + w.edgeMs[dag.predEdge[k]!]!);
    if (!timeEqual(es, r.earliestStart[v]!)) return `ES(${v})`;
    if (!timeEqual(r.earliestStart[v]! + w.nodeMs[v]!, r.earliestFinish[v]!)) return `EF(${v})`;
    // Textbook latest finish: min over successors of LS - edge; the makespan at sinks.
    let lf = r.makespanMs;
    for (let e = dag.succStart[v]!; e < dag.succStart[v + 1]!; e++) lf = Math.min(lf, r.latestStart[dag.edgeTo[e]!]! - w.edgeMs[e]!);
    if (!timeEqual(lf, r.latestFinish[v]!)) return `LF(${v}) ${r.latestFinish[v]} != ${lf}`;
    if (!timeEqual(r.latestFinish[v]! - w.nodeMs[v]!, r.latestStart[v]!)) return `LS(${v})`;
    if (slackOf(r, v) < -TIME_EPSILON_MS) return `negative slack at ${v}`;
  }
  const path = r.criticalPath;
  if (n === 0) return path.length === 0 ? '' : 'path on empty DAG';
  const first = path[0]!;
  const last = path[path.length - 1]!;
  if (dag.predStart[first] !== dag.predStart[first + 1]) return 'critical path does not start at a source';
  if (dag.succStart[last] !== dag.succStart[last + 1]) return 'critical path does not end at a sink';
  let length = w.nodeMs[first]!;
  for (let k = 1; k < path.length; k++) {
    const u = path[k - 1]!;
    const v = path[k]!;
    let edge = -1;
    for (let e = dag.succStart[u]!; e < dag.succStart[u + 1]!; e++) if (dag.edgeTo[e] === v) edge = e;
    if (edge < 0) return `critical path uses a missing edge ${u} -> ${v}`;
    length += w.edgeMs[edge]! + w.nodeMs[v]!;
  }
  if (!timeEqual(length, r.makespanMs)) return `critical path length ${length} != makespan ${r.makespanMs}`;
  for (const v of path) if (Math.abs(slackOf(r, v)) > TIME_EPSILON_MS) return `critical task ${v} has slack ${slackOf(r, v)}`;
  return '';
}
