/**
 * What the DAG and Gantt views draw of one plan: the timing model's earliest starts and
 * slack, each task's time split into segments (worker start, downloads, execution,
 * upload), its critical path, and a Gantt layout (one row per worker, ordered by first
 * start; tasks of one worker that overlap in time go to separate lanes of its row).
 *
 * Segments follow the timing model's node weight (`timing-model.ts`): without preload,
 * W(v) = start + slowest remote download (a source: its external input) + exec + upload,
 * so the segments sum to EF - ES exactly. With preload the start and downloads happen on
 * the incoming edges, before ES, overlapping the producers: they are not drawn as
 * segments (the task is listed in `preload`).
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { TimingModel, planTiming } from '../timing/timing-model.js';
import type { CompactPlan, DurationTable } from '../timing/types.js';

export const round2 = (x: number) => Math.round(x * 100) / 100;

export interface PlanViewArrays {
  readonly earliestStartMs: number[];
  readonly earliestFinishMs: number[];
  readonly slackMs: number[];
  readonly segmentsMs: number[];
  readonly preload: number[];
  readonly criticalPath: number[];
  readonly makespanMs: number;
  readonly rowOfWorker: number[];
  readonly lanesOfWorker: number[];
  readonly laneOf: number[];
}

export function planView(dag: CompactDag, table: DurationTable, plan: CompactPlan): PlanViewArrays {
  const timing = planTiming(dag, table, plan);
  const model = new TimingModel(dag, table, plan);
  const n = dag.taskCount;
  const L = table.levels;
  const segmentsMs = new Array<number>(4 * n);
  const preload: number[] = [];
  for (let v = 0; v < n; v++) {
    const level = plan.levelOf[plan.workerOf[v]!]!;
    const x = v * L + level;
    const from = dag.predStart[v]!;
    const to = dag.predStart[v + 1]!;
    let start = 0;
    let download = 0;
    if (from === to) {
      start = model.startMs(v, level);
      download = table.inputDownloadMs[x]!;
    } else if (plan.preload[v] === 0) {
      start = model.startMs(v, level);
      for (let k = from; k < to; k++) {
        const e = dag.predEdge[k]!;
        if (model.remote[e] === 1) download = Math.max(download, table.downloadMs[e * L + level]!);
      }
    } else preload.push(v);
    // The orchestration overhead rides with the start; execution includes CPU sharing (timing-rules.ts).
    start += model.rules.overheadPerTaskMs + (from === to ? model.rules.overheadPerRunMs : 0);
    segmentsMs[4 * v] = round2(start);
    segmentsMs[4 * v + 1] = round2(download);
    segmentsMs[4 * v + 2] = round2(model.execMs(v, level));
    segmentsMs[4 * v + 3] = round2(model.uploads[v] === 1 ? table.uploadMs[x]! : 0);
  }
  const gantt = ganttLanes(plan, timing.earliestStart, timing.earliestFinish);
  return {
    earliestStartMs: Array.from(timing.earliestStart, round2),
    earliestFinishMs: Array.from(timing.earliestFinish, round2),
    slackMs: Array.from(timing.latestStart, (ls, v) => round2(Math.max(0, ls - timing.earliestStart[v]!))),
    segmentsMs,
    preload,
    criticalPath: Array.from(timing.criticalPath),
    makespanMs: timing.makespanMs,
    ...gantt,
  };
}

/**
 * Rows and lanes: workers ordered by their first start (ties: index); within a worker,
 * tasks by start, each into the first lane free at its start (interval partitioning, so
 * a worker gets as many lanes as it has tasks running at once at most).
 */
export function ganttLanes(plan: CompactPlan, start: ArrayLike<number>, finish: ArrayLike<number>): { rowOfWorker: number[]; lanesOfWorker: number[]; laneOf: number[] } {
  const W = plan.workerCount;
  const n = plan.workerOf.length;
  const first = new Float64Array(W).fill(Number.POSITIVE_INFINITY);
  const tasksOf: number[][] = Array.from({ length: W }, () => []);
  for (let v = 0; v < n; v++) {
    const w = plan.workerOf[v]!;
    tasksOf[w]!.push(v);
    if (start[v]! < first[w]!) first[w] = start[v]!;
  }
  const order = Array.from({ length: W }, (_, w) => w).sort((a, b) => first[a]! - first[b]! || a - b);
  const rowOfWorker = new Array<number>(W);
  order.forEach((w, row) => (rowOfWorker[w] = row));
  const laneOf = new Array<number>(n).fill(0);
  const lanesOfWorker = new Array<number>(W).fill(1);
  for (let w = 0; w < W; w++) {
    const tasks = tasksOf[w]!.sort((a, b) => start[a]! - start[b]! || a - b);
    const laneEnd: number[] = [];
    for (const v of tasks) {
      let lane = laneEnd.findIndex((end) => end <= start[v]! + 1e-9);
      if (lane < 0) lane = laneEnd.push(0) - 1;
      laneEnd[lane] = finish[v]!;
      laneOf[v] = lane;
    }
    lanesOfWorker[w] = Math.max(1, laneEnd.length);
  }
  return { rowOfWorker, lanesOfWorker, laneOf };
}
