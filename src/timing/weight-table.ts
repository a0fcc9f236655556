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
import type { CompactDag } from '../dag/compact-dag.js';
import type { TimingModel } from './timing-model.js';
import type { DurationTable } from './types.js';

/**
 * The last table computed for a duration table, with the assignment it was computed for
 * (weights depend on the DAG, the durations, which tasks share a worker, the prewarm flag
 * of each task's worker and the preload flags, never on levels). The planners build
 * several engines and estimates on the same assignment (deadline-downgrade: about ten on
 * a 100,000-task DAG, 100 ms each); a match copies the rows instead of computing them.
 */
interface Snapshot {
  readonly dag: CompactDag;
  readonly workerOf: Int32Array;
  readonly prewarmOfTask: Uint8Array;
  readonly preload: Uint8Array;
  readonly nodeAt: Float64Array;
  readonly edgeAt: Float64Array | undefined;
}
const snapshots = new WeakMap<DurationTable, Snapshot>();

function prewarmOfTasks(model: TimingModel): Uint8Array {
  const n = model.dag.taskCount;
  const out = new Uint8Array(n);
  for (let v = 0; v < n; v++) out[v] = model.prewarm[model.workerOf[v]!]!;
  return out;
}

function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

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
    const prewarmOfTask = prewarmOfTasks(model);
    const known = snapshots.get(model.table);
    if (known !== undefined && known.dag === model.dag && sameBytes(known.workerOf, model.workerOf) && sameBytes(known.prewarmOfTask, prewarmOfTask) && sameBytes(known.preload, model.preload)) {
      this.nodeAt = known.nodeAt.slice();
      this.edgeAt = known.edgeAt?.slice();
      return;
    }
    this.nodeAt = new Float64Array(taskCount * L);
    for (let v = 0; v < taskCount; v++) for (let l = 0; l < L; l++) this.nodeAt[v * L + l] = model.nodeMs(v, l);
    if (model.preload.includes(1)) {
      this.edgeAt = new Float64Array(edgeCount * L);
      for (let e = 0; e < edgeCount; e++) for (let l = 0; l < L; l++) this.edgeAt[e * L + l] = model.edgeMs(e, l);
    }
    // Copies: `refresh` changes this table's rows after a move, and the model's arrays move with the engine.
    snapshots.set(model.table, { dag: model.dag, workerOf: model.workerOf.slice(), prewarmOfTask, preload: model.preload.slice(), nodeAt: this.nodeAt.slice(), edgeAt: this.edgeAt?.slice() });
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
