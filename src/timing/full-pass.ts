/**
 * Critical path method over the compact DAG: one forward pass (earliest start/finish) and
 * one backward pass (latest start/finish) in topological-index order, then one critical
 * path (see `walk-critical-path.ts`). Typed arrays, no recursion, O(V+E); several sources
 * and sinks are fine.
 *
 * Generic longest path with node and edge weights:
 *   ES(v) = max over preds u of (EF(u) + edge(u->v)), 0 for sources;  EF(v) = ES(v) + node(v)
 *   makespan M = max EF (reached at a sink)
 *   after(v) = max over succs w of (edge(v->w) + node(w) + after(w)), 0 for sinks
 *   LF(v) = M - after(v);  LS(v) = LF(v) - node(v);  slack(v) = LS(v) - ES(v)
 * `after` (the longest path from v's finish to the end) is the backward quantity because it
 * does not depend on M: the incremental engine keeps it across makespan changes. It gives
 * the textbook LF(u) = min over succs w of (LS(w) - edge(u->w)), LF(sink) = M.
 *
 * Maxima are exact; every decision on times (ties, criticality) uses TIME_EPSILON_MS.
 * Reference: Kelley & Walker (1959); Cormen et al., "Introduction to Algorithms", 24.2
 * (shortest/longest paths in a DAG).
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { SlacklineError } from '../errors.js';
import type { TimingResult, TimingWeights } from './types.js';
import { walkCriticalPath } from './walk-critical-path.js';

/** The raw arrays of a pass, shared with the incremental engine. */
export interface LongestPaths {
  readonly earliestStart: Float64Array;
  readonly earliestFinish: Float64Array;
  /** Longest path from the task's finish to the end of the run (edges + later tasks). */
  readonly after: Float64Array;
  readonly makespanMs: number;
}

export function checkWeights(dag: CompactDag, weights: TimingWeights): void {
  if (weights.nodeMs.length !== dag.taskCount || weights.edgeMs.length !== dag.edgeCount) {
    throw new SlacklineError('timing', `weights have ${weights.nodeMs.length} tasks and ${weights.edgeMs.length} edges; the DAG has ${dag.taskCount} and ${dag.edgeCount}`);
  }
}

/** Forward and backward passes; no critical path, no latest times. */
export function longestPaths(dag: CompactDag, weights: TimingWeights): LongestPaths {
  checkWeights(dag, weights);
  const n = dag.taskCount;
  const { nodeMs, edgeMs } = weights;
  const earliestStart = new Float64Array(n);
  const earliestFinish = new Float64Array(n);
  const after = new Float64Array(n);
  let makespanMs = 0;
  for (let v = 0; v < n; v++) {
    const start = headOf(dag, v, earliestFinish, edgeMs);
    earliestStart[v] = start;
    const finish = start + nodeMs[v]!;
    earliestFinish[v] = finish;
    if (finish > makespanMs) makespanMs = finish;
  }
  for (let v = n - 1; v >= 0; v--) after[v] = tailOf(dag, v, nodeMs, edgeMs, after);
  return { earliestStart, earliestFinish, after, makespanMs };
}

/** ES(v): the latest arrival over v's predecessors (the one formula both engines use). */
export function headOf(dag: CompactDag, v: number, earliestFinish: Float64Array, edgeMs: Float64Array): number {
  const { predStart, predTask, predEdge } = dag;
  let start = 0;
  const end = predStart[v + 1]!;
  for (let k = predStart[v]!; k < end; k++) {
    const t = earliestFinish[predTask[k]!]! + edgeMs[predEdge[k]!]!;
    if (t > start) start = t;
  }
  return start;
}

/** after(v): the longest path from v's finish to the end, from its successors' values (the one formula both engines use). */
export function tailOf(dag: CompactDag, v: number, nodeMs: Float64Array, edgeMs: Float64Array, after: Float64Array): number {
  const { succStart, edgeTo } = dag;
  let tail = 0;
  const end = succStart[v + 1]!;
  for (let e = succStart[v]!; e < end; e++) {
    const w = edgeTo[e]!;
    const t = edgeMs[e]! + nodeMs[w]! + after[w]!;
    if (t > tail) tail = t;
  }
  return tail;
}

/** Latest times from `after` and the makespan (the one formula both engines use). */
export function latestTimes(nodeMs: Float64Array, after: Float64Array, makespanMs: number): { latestStart: Float64Array; latestFinish: Float64Array } {
  const n = after.length;
  const latestStart = new Float64Array(n);
  const latestFinish = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const lf = makespanMs - after[v]!;
    latestFinish[v] = lf;
    latestStart[v] = lf - nodeMs[v]!;
  }
  return { latestStart, latestFinish };
}

/** Earliest/latest times, makespan and one critical path of a weighted DAG. */
export function computeTiming(dag: CompactDag, weights: TimingWeights): TimingResult {
  const { earliestStart, earliestFinish, after, makespanMs } = longestPaths(dag, weights);
  const { latestStart, latestFinish } = latestTimes(weights.nodeMs, after, makespanMs);
  const criticalPath = walkCriticalPath(dag, weights.edgeMs, earliestStart, earliestFinish, makespanMs);
  return { makespanMs, earliestStart, earliestFinish, latestStart, latestFinish, criticalPath };
}

/** Slack of task i: how much it can slip without lengthening the makespan. */
export function slackOf(result: TimingResult, i: number): number {
  return result.latestStart[i]! - result.earliestStart[i]!;
}
