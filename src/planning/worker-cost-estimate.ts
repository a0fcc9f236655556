/**
 * What a worker costs at each memory level, estimated from its own tasks: the summed busy
 * time of its tasks (worker start where paid, downloads, execution, upload, as the timing
 * model weighs them) times its memory. Waiting for inputs is left out, so the estimate is a
 * planner's ranking of levels, not the bill (the simulator computes that).
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { TimingModel } from '../timing/timing-model.js';
import { timeLess } from '../timing/tolerance.js';
import type { CompactPlan, DurationTable } from '../timing/types.js';
import { workerTasks, type WorkerTasks } from './assign-workers.js';

export class WorkerCostEstimate {
  readonly model: TimingModel;
  readonly byWorker: WorkerTasks;
  private readonly ladderMb: Float64Array;
  private readonly dag: CompactDag;

  /** Uses the plan's worker assignment and preload/prewarm flags (not its levels). */
  constructor(dag: CompactDag, table: DurationTable, plan: CompactPlan) {
    this.dag = dag;
    this.model = new TimingModel(dag, table, plan);
    this.byWorker = workerTasks(plan);
    this.ladderMb = table.ladderMb;
  }

  /** Summed busy time of worker w's tasks at `level`, ms. */
  busyMs(w: number, level: number): number {
    const { start, tasks } = this.byWorker;
    const { predStart, predEdge } = this.dag;
    let total = 0;
    for (let k = start[w]!; k < start[w + 1]!; k++) {
      const v = tasks[k]!;
      total += this.model.nodeMs(v, level);
      if (this.model.preload[v] === 1) {
        // With preload the downloads sit on the edges; the longest one is the busy part.
        let longest = 0;
        for (let p = predStart[v]!; p < predStart[v + 1]!; p++) longest = Math.max(longest, this.model.edgeMs(predEdge[p]!, level));
        total += longest;
      }
    }
    return total;
  }

  /** Estimated cost in MB-ms (memory x busy time): proportional to GB-s. */
  mbMs(w: number, level: number): number {
    return this.ladderMb[level]! * this.busyMs(w, level);
  }

  /** The level with the shortest busy time; the smallest such level on ties. */
  fastestLevel(w: number): number {
    let best = 0;
    let bestMs = this.busyMs(w, 0);
    for (let l = 1; l < this.ladderMb.length; l++) {
      const ms = this.busyMs(w, l);
      if (timeLess(ms, bestMs)) {
        best = l;
        bestMs = ms;
      }
    }
    return best;
  }

  /** Number of tasks of worker w. */
  taskCount(w: number): number {
    return this.byWorker.start[w + 1]! - this.byWorker.start[w]!;
  }
}
