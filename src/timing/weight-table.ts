/**
 * Every weight of a timing model at every memory level, each computed once: `node(v, level)`
 * and `edge(e, level)` are array reads where `TimingModel.nodeMs` scans the task's incoming
 * edges for its longest download. The downgrade search asks for the same weights again and
 * again (each trial move, each screen, each pass's ordering), so the planners and the
 * incremental engine read them here. Values are exactly the model's (computed by it).
 *
 * Rows are filled on first use (a task's node row with its incoming edges' rows): an engine
 * that changes a few workers reads a few rows, so building one costs no pass over the DAG.
 * A move (`TimingModel.moveTasks`) changes the weights of the tasks it names: `refresh`
 * drops their rows, which the next read recomputes from the model. Every other task's
 * weights are unchanged by the move, so a row filled later holds what it would have held
 * when the table was made.
 *
 * Memory: (tasks x levels) doubles, plus (edges x levels) when some task preloads (without
 * preload every edge weight is 0).
 */
import type { TimingModel } from './timing-model.js';

export class WeightTable {
  readonly model: TimingModel;
  readonly levels: number;
  private readonly nodeAt: Float64Array;
  private readonly edgeAt: Float64Array | undefined;
  /** 1 where task v's row (node and incoming edges) holds the model's current weights. */
  private readonly ready: Uint8Array;

  constructor(model: TimingModel) {
    this.model = model;
    const L = model.table.levels;
    this.levels = L;
    const { taskCount, edgeCount } = model.dag;
    this.nodeAt = new Float64Array(taskCount * L);
    this.ready = new Uint8Array(taskCount);
    if (model.preload.includes(1)) this.edgeAt = new Float64Array(edgeCount * L);
  }

  /** Drops the rows of `tasks` and of their incoming edges (after a move changed them). */
  refresh(tasks: readonly number[]): void {
    for (const v of tasks) this.ready[v] = 0;
  }

  /** `model.nodeMs(v, level)`. */
  node(v: number, level: number): number {
    if (this.ready[v] === 0) this.fill(v);
    return this.nodeAt[v * this.levels + level]!;
  }

  /** `model.edgeMs(e, level)`. */
  edge(e: number, level: number): number {
    if (this.edgeAt === undefined) return 0;
    const v = this.model.dag.edgeTo[e]!;
    if (this.ready[v] === 0) this.fill(v);
    return this.edgeAt[e * this.levels + level]!;
  }

  /** Fills every row now (for readers that will read them all). */
  fillAll(): void {
    for (let v = 0; v < this.ready.length; v++) if (this.ready[v] === 0) this.fill(v);
  }

  private fill(v: number): void {
    const { model, levels: L, nodeAt, edgeAt } = this;
    for (let l = 0; l < L; l++) nodeAt[v * L + l] = model.nodeMs(v, l);
    if (edgeAt !== undefined) {
      const { predStart, predEdge } = model.dag;
      for (let p = predStart[v]!; p < predStart[v + 1]!; p++) {
        const e = predEdge[p]!;
        for (let l = 0; l < L; l++) edgeAt[e * L + l] = model.edgeMs(e, l);
      }
    }
    this.ready[v] = 1;
  }
}
