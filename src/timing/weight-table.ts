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
 * Rows filled before any move are also kept for the table's assignment (one snapshot per
 * duration table, below), so the next table, engine or full timing on the same assignment
 * copies them instead of computing them again.
 *
 * Memory: (tasks x levels) doubles, plus (edges x levels) when some task preloads (without
 * preload every edge weight is 0); the same again for the snapshot of each live duration table.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import type { TimingModel } from './timing-model.js';
import type { CompactPlan, DurationTable, TimingWeights } from './types.js';

/**
 * The last table computed for a duration table, with the assignment it was computed for
 * (weights depend on the DAG, the durations, which tasks share a worker, the prewarm flag
 * of each task's worker and the preload flags, never on levels or worker ids). The
 * planners build several engines and estimates on the same assignment and time their
 * candidates on it (deadline-downgrade: about ten engines and ten full timings on a
 * 100,000-task DAG, 50-100 ms each): a match copies or reads the rows instead. A row is in
 * the snapshot once some table of that assignment filled it before any move (`ready`).
 */
interface Snapshot {
  readonly dag: CompactDag;
  readonly workerOf: Int32Array;
  readonly prewarmOfTask: Uint8Array;
  readonly preload: Uint8Array;
  readonly nodeAt: Float64Array;
  readonly edgeAt: Float64Array | undefined;
  readonly ready: Uint8Array;
  /** Rows of `ready` still 0. */
  missing: number;
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

/** Whether two assignments group the tasks alike (worker ids may differ: `plan()` renumbers them). */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const n = a.length;
  const toB = new Int32Array(n + 1).fill(-1);
  const toA = new Int32Array(n + 1).fill(-1);
  for (let v = 0; v < n; v++) {
    const x = a[v]!;
    const y = b[v]!;
    if (x < 0 || y < 0 || x > n || y > n) return false;
    if (toB[x] === -1 && toA[y] === -1) {
      toB[x] = y;
      toA[y] = x;
    } else if (toB[x] !== y || toA[y] !== x) return false;
  }
  return true;
}

function matches(known: Snapshot, dag: CompactDag, workerOf: ArrayLike<number>, prewarmOfTask: Uint8Array, preload: ArrayLike<number>): boolean {
  return known.dag === dag && sameBytes(known.prewarmOfTask, prewarmOfTask) && sameBytes(known.preload, preload) && samePartition(known.workerOf, workerOf);
}

/**
 * The weights of `plan` (as `TimingModel.weights`) read from the snapshot of `table` when
 * it holds every row and was taken for the same assignment; undefined otherwise. The plan
 * is checked by the caller.
 */
export function knownWeights(dag: CompactDag, table: DurationTable, plan: CompactPlan): TimingWeights | undefined {
  const known = snapshots.get(table);
  if (known === undefined || known.missing > 0) return undefined;
  const n = dag.taskCount;
  const prewarmOfTask = new Uint8Array(n);
  for (let v = 0; v < n; v++) prewarmOfTask[v] = plan.prewarm[plan.workerOf[v]!]!;
  if (!matches(known, dag, plan.workerOf, prewarmOfTask, plan.preload)) return undefined;
  const L = table.levels;
  const nodeMs = new Float64Array(n);
  const edgeMs = new Float64Array(dag.edgeCount);
  for (let v = 0; v < n; v++) nodeMs[v] = known.nodeAt[v * L + plan.levelOf[plan.workerOf[v]!]!]!;
  const edgeAt = known.edgeAt;
  if (edgeAt !== undefined) for (let e = 0; e < dag.edgeCount; e++) edgeMs[e] = edgeAt[e * L + plan.levelOf[plan.workerOf[dag.edgeTo[e]!]!]!]!;
  return { nodeMs, edgeMs };
}

export class WeightTable {
  readonly model: TimingModel;
  readonly levels: number;
  private readonly nodeAt: Float64Array;
  private readonly edgeAt: Float64Array | undefined;
  /** 1 where task v's row (node and incoming edges) holds the model's current weights. */
  private readonly ready: Uint8Array;
  private missing: number;
  /** The snapshot this table's rows are also written to, until its first move (`refresh`). */
  private shared: Snapshot | undefined;

  constructor(model: TimingModel) {
    this.model = model;
    const L = model.table.levels;
    this.levels = L;
    const { taskCount, edgeCount } = model.dag;
    const prewarmOfTask = prewarmOfTasks(model);
    let known = snapshots.get(model.table);
    if (known === undefined || !matches(known, model.dag, model.workerOf, prewarmOfTask, model.preload)) {
      // Copies: the model's arrays move with the engine.
      known = {
        dag: model.dag,
        workerOf: model.workerOf.slice(),
        prewarmOfTask,
        preload: model.preload.slice(),
        nodeAt: new Float64Array(taskCount * L),
        edgeAt: model.preload.includes(1) ? new Float64Array(edgeCount * L) : undefined,
        ready: new Uint8Array(taskCount),
        missing: taskCount,
      };
      snapshots.set(model.table, known);
    }
    this.shared = known;
    this.nodeAt = known.nodeAt.slice();
    this.edgeAt = known.edgeAt?.slice();
    this.ready = known.ready.slice();
    this.missing = known.missing;
  }

  /** Drops the rows of `tasks` and of their incoming edges (after a move changed them). */
  refresh(tasks: readonly number[]): void {
    this.shared = undefined;
    for (const v of tasks) {
      if (this.ready[v] === 1) this.missing++;
      this.ready[v] = 0;
    }
  }

  /** False when every edge weight is 0 at every level (no task preloads). */
  get hasEdgeWeights(): boolean {
    return this.edgeAt !== undefined;
  }

  /** Whether every row is filled (then reading all of them costs no model call). */
  get complete(): boolean {
    return this.missing === 0;
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
    if (this.missing === 0) return;
    for (let v = 0; v < this.ready.length; v++) if (this.ready[v] === 0) this.fill(v);
  }

  private fill(v: number): void {
    const { model, levels: L, nodeAt, edgeAt, shared } = this;
    model.nodeRow(v, nodeAt, v * L);
    if (edgeAt !== undefined) {
      const { predStart, predEdge } = model.dag;
      for (let p = predStart[v]!; p < predStart[v + 1]!; p++) {
        const e = predEdge[p]!;
        for (let l = 0; l < L; l++) edgeAt[e * L + l] = model.edgeMs(e, l);
      }
    }
    this.ready[v] = 1;
    this.missing--;
    if (shared !== undefined && shared.ready[v] === 0) {
      shared.nodeAt.set(nodeAt.subarray(v * L, (v + 1) * L), v * L);
      if (edgeAt !== undefined) {
        const { predStart, predEdge } = model.dag;
        for (let p = predStart[v]!; p < predStart[v + 1]!; p++) {
          const e = predEdge[p]!;
          shared.edgeAt!.set(edgeAt.subarray(e * L, (e + 1) * L), e * L);
        }
      }
      shared.ready[v] = 1;
      shared.missing--;
    }
  }
}
