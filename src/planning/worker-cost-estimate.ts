/**
 * What a worker costs at each memory level, estimated from its own tasks: the summed busy
 * time of its tasks (worker start where paid, downloads, execution, upload, as the timing
 * model weighs them) times its memory. Waiting for inputs is left out, so the estimate is a
 * planner's ranking of levels, not the bill (the simulator computes that). Every (worker,
 * level) figure is computed once, when first asked for (a downgrade that freezes most
 * workers reads few).
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { TimingModel } from '../timing/timing-model.js';
import { timeLess } from '../timing/tolerance.js';
import { WeightTable } from '../timing/weight-table.js';
import type { CompactPlan, DurationTable } from '../timing/types.js';
import { workerTasks, type WorkerTasks } from './assign-workers.js';

export class WorkerCostEstimate {
  readonly model: TimingModel;
  /** The model's weights at every level (the downgrade screen reads them too). */
  readonly weights: WeightTable;
  readonly byWorker: WorkerTasks;
  private readonly ladderMb: Float64Array;
  /** Busy time of worker w at level l: `busy[w * levels + l]`, computed once per worker on first use (the plan's assignment does not change). */
  private readonly busy: Float64Array;
  private readonly busyReady: Uint8Array;
  private readonly levels: number;

  /**
   * Uses the plan's worker assignment and preload/prewarm flags (not its levels). `fillRows`
   * (default) fills every weight row now, so later engines and full timings of this
   * assignment copy them (`weight-table.ts`); off, rows are filled as read, for a caller
   * that reads a few workers of an assignment it soon leaves (random-search).
   */
  constructor(dag: CompactDag, table: DurationTable, plan: CompactPlan, options: { readonly fillRows?: boolean } = {}) {
    this.model = new TimingModel(dag, table, plan);
    this.weights = new WeightTable(this.model);
    if (options.fillRows ?? true) this.weights.fillAll();
    this.byWorker = workerTasks(plan);
    this.ladderMb = table.ladderMb;
    this.levels = table.levels;
    const W = this.byWorker.start.length - 1;
    this.busy = new Float64Array(W * this.levels);
    this.busyReady = new Uint8Array(W);
  }

  /** Worker w's busy time at every level. */
  private fill(w: number): void {
    const L = this.levels;
    const { start, tasks } = this.byWorker;
    const { predStart, predEdge } = this.model.dag;
    for (let level = 0; level < L; level++) {
      let total = 0;
      for (let k = start[w]!; k < start[w + 1]!; k++) {
        const v = tasks[k]!;
        total += this.weights.node(v, level);
        if (this.model.preload[v] === 1) {
          // With preload the downloads sit on the edges; the longest one is the busy part.
          let longest = 0;
          for (let p = predStart[v]!; p < predStart[v + 1]!; p++) longest = Math.max(longest, this.weights.edge(predEdge[p]!, level));
          total += longest;
        }
      }
      this.busy[w * L + level] = total;
    }
    this.busyReady[w] = 1;
  }

  /** Summed busy time of worker w's tasks at `level`, ms. */
  busyMs(w: number, level: number): number {
    if (this.busyReady[w] === 0) this.fill(w);
    return this.busy[w * this.levels + level]!;
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
