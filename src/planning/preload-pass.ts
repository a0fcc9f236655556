/**
 * The preload pass: marks the fan-in tasks where preloading (starting each remote
 * download as soon as its producer completes, instead of after the last input is ready)
 * makes the task ready earlier under the current timing. Under the timing model preload
 * never delays a task, but it keeps the worker alive (and billed) from its first input
 * on, so it is only set where it shortens the path. One O(V+E) pass plus one full timing.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { TimingModel } from '../timing/timing-model.js';
import { timeLess } from '../timing/tolerance.js';
import type { CompactPlan, DurationTable, TimingResult } from '../timing/types.js';
import { copyPlan } from './plan-builders.js';

export interface PreloadPassResult {
  /** A copy of the plan with `preload` set on the annotated tasks. */
  readonly plan: CompactPlan;
  /** Task indices newly marked. */
  readonly marked: readonly number[];
}

export function preloadPass(dag: CompactDag, table: DurationTable, plan: CompactPlan, timing: TimingResult): PreloadPassResult {
  const out = copyPlan(plan);
  const model = new TimingModel(dag, table, plan);
  const { predStart, predTask, predEdge } = dag;
  const L = table.levels;
  const marked: number[] = [];
  for (let v = 0; v < dag.taskCount; v++) {
    const from = predStart[v]!;
    const to = predStart[v + 1]!;
    if (to - from < 2 || out.preload[v] === 1) continue;
    const level = plan.levelOf[plan.workerOf[v]!]!;
    const start = model.startMs(v, level);
    let latestInput = 0;
    let longestDownload = 0;
    let withPreload = 0;
    let remote = false;
    for (let k = from; k < to; k++) {
      const e = predEdge[k]!;
      const c = timing.earliestFinish[predTask[k]!]!;
      latestInput = Math.max(latestInput, c);
      if (model.remote[e] === 1) {
        remote = true;
        const d = table.downloadMs[e * L + level]!;
        longestDownload = Math.max(longestDownload, d);
        withPreload = Math.max(withPreload, c + start + d);
      } else {
        withPreload = Math.max(withPreload, c);
      }
    }
    if (!remote) continue;
    if (timeLess(withPreload, latestInput + start + longestDownload)) {
      out.preload[v] = 1;
      marked.push(v);
    }
  }
  return { plan: out, marked };
}
