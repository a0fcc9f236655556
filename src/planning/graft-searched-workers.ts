/**
 * The workers a split/merge search changed, grafted onto the fixed-assignment plan's
 * downgraded levels: the cheap way to finish a search that stopped on its work budget
 * (large DAGs, `downgrade-planner.ts`), where downgrading the whole searched plan again
 * would cost as much as the first downgrade for the few workers the search reached.
 *
 * A searched worker is changed when its task set is not a worker of the fixed plan (a
 * split, a merge), or when one of its tasks' weight rules differs from the fixed plan's
 * (start, upload, remote inputs, CPU-sharing siblings, prewarm, preload: a neighbour's
 * move). The graft keeps the searched assignment; a changed worker keeps the level the
 * search gave it and is free to downgrade; every other worker takes its level in the
 * fixed plan and stays frozen (same tasks, same weights). O(tasks + edges).
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { TimingModel } from '../timing/timing-model.js';
import type { CompactPlan, DurationTable } from '../timing/types.js';
import { copyPlan } from './plan-builders.js';

export interface GraftedPlan {
  /** The searched assignment, at the fixed plan's levels except on changed workers. */
  readonly plan: CompactPlan;
  /** 1 for the workers that keep their fixed level (the unchanged ones). */
  readonly frozen: Uint8Array;
  /** Changed workers. */
  readonly changed: number;
}

/** `fixed` keeps the assignment the search started from; `searched` is the search's plan. */
export function graftSearchedWorkers(dag: CompactDag, table: DurationTable, fixed: CompactPlan, searched: CompactPlan): GraftedPlan {
  const f = new TimingModel(dag, table, fixed);
  const s = new TimingModel(dag, table, searched);
  const image = sameWorkerIn(searched, fixed);
  const plan = copyPlan(searched);
  const frozen = new Uint8Array(searched.workerCount);
  for (let x = 0; x < searched.workerCount; x++) frozen[x] = image[x]! >= 0 ? 1 : 0;
  for (let c = 0; c < dag.taskCount; c++) if (!sameRules(dag, f, s, fixed, searched, c)) frozen[searched.workerOf[c]!] = 0;
  let changed = 0;
  for (let x = 0; x < searched.workerCount; x++) {
    if (frozen[x] === 1) plan.levelOf[x] = fixed.levelOf[image[x]!]!;
    else changed++;
  }
  return { plan, frozen, changed };
}

/** For every worker of `a`, the worker of `b` with exactly its tasks, or -1. */
function sameWorkerIn(a: CompactPlan, b: CompactPlan): Int32Array {
  const image = new Int32Array(a.workerCount).fill(-1);
  const split = new Uint8Array(a.workerCount);
  const size = new Int32Array(a.workerCount);
  const sizeB = new Int32Array(b.workerCount);
  for (let c = 0; c < a.workerOf.length; c++) {
    const w = a.workerOf[c]!;
    const x = b.workerOf[c]!;
    size[w] = size[w]! + 1;
    sizeB[x] = sizeB[x]! + 1;
    if (image[w] === -1) image[w] = x;
    else if (image[w] !== x) split[w] = 1;
  }
  for (let w = 0; w < a.workerCount; w++) if (split[w] === 1 || (image[w]! >= 0 && size[w] !== sizeB[image[w]!])) image[w] = -1;
  return image;
}

/** Whether task c's weight follows the same rules in both models (levels aside). */
function sameRules(dag: CompactDag, f: TimingModel, s: TimingModel, fixed: CompactPlan, searched: CompactPlan, c: number): boolean {
  if (f.paysStart[c] !== s.paysStart[c] || f.uploads[c] !== s.uploads[c] || f.siblingsOf(c) !== s.siblingsOf(c)) return false;
  if (fixed.preload[c] !== searched.preload[c] || fixed.prewarm[fixed.workerOf[c]!] !== searched.prewarm[searched.workerOf[c]!]) return false;
  for (let k = dag.predStart[c]!; k < dag.predStart[c + 1]!; k++) if (f.remote[dag.predEdge[k]!] !== s.remote[dag.predEdge[k]!]) return false;
  return true;
}
