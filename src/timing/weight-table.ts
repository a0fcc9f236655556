/**
 * Every weight of a timing model at every memory level, computed once: `node(v, level)` and
 * `edge(e, level)` are array reads where `TimingModel.nodeMs` scans the task's incoming
 * edges for its longest download. The downgrade search asks for the same weights again and
 * again (each trial move, each screen, each pass's ordering), so the planners and the
 * incremental engine read them here. Values are exactly the model's (computed by it).
 *
 * A move (`TimingModel.moveTasks`) changes the weights of the tasks it names: `refresh`
 * recomputes their rows and those of their incoming edges.
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

  constructor(model: TimingModel) {
    this.model = model;
    const L = model.table.levels;
    this.levels = L;
    const { taskCount, edgeCount } = model.dag;
    this.nodeAt = new Float64Array(taskCount * L);
    for (let v = 0; v < taskCount; v++) for (let l = 0; l < L; l++) this.nodeAt[v * L + l] = model.nodeMs(v, l);
    if (model.preload.includes(1)) {
      this.edgeAt = new Float64Array(edgeCount * L);
      for (let e = 0; e < edgeCount; e++) for (let l = 0; l < L; l++) this.edgeAt[e * L + l] = model.edgeMs(e, l);
    }
  }

  /** Recomputes the rows of `tasks` and of their incoming edges from the model (after a move). */
  refresh(tasks: readonly number[]): void {
    const { model, levels: L, nodeAt, edgeAt } = this;
    const { predStart, predEdge } = model.dag;
    for (const v of tasks) {
      for (let l = 0; l < L; l++) nodeAt[v * L + l] = model.nodeMs(v, l);
      if (edgeAt === undefined) continue;
      for (let p = predStart[v]!; p < predStart[v + 1]!; p++) {
        const e = predEdge[p]!;
        for (let l = 0; l < L; l++) edgeAt[e * L + l] = model.edgeMs(e, l);
      }
    }
  }

  /** False when every edge weight is 0 at every level (no task preloads). */
  get hasEdgeWeights(): boolean {
    return this.edgeAt !== undefined;
  }

  /** `model.nodeMs(v, level)`. */
  node(v: number, level: number): number {
    return this.nodeAt[v * this.levels + level]!;
  }

  /** `model.edgeMs(e, level)`. */
  edge(e: number, level: number): number {
    return this.edgeAt === undefined ? 0 : this.edgeAt[e * this.levels + level]!;
  }
}
