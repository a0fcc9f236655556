/**
 * Node weights of the split/merge search's mirror model (`split-merge.ts`) at every level,
 * each computed once: the search prices the same tasks again and again (every cut of a
 * worker, every merge partner, every pass), and `TimingModel.nodeMs` scans a task's
 * incoming edges each time. Values are exactly the model's.
 *
 * Two layers. Committed rows: the weights of the mirror as the accepted moves left it, a
 * `WeightTable` (filled on first use, refreshed for the tasks an accepted move touches:
 * `commit`). Trial
 * rows: while a move is tried in the mirror (`openTrial` with the tasks it touches, as
 * `TimingModel.moveTasks` names them), those tasks read rows computed in the moved state;
 * every other task's weight is unchanged by the move, so it reads its committed row.
 * Memory: 2 x tasks x levels doubles (and the table's edge rows when some task preloads).
 */
import type { TimingModel } from '../timing/timing-model.js';
import { WeightTable } from '../timing/weight-table.js';

export class MirrorWeights {
  private readonly L: number;
  private readonly committed: WeightTable;
  private readonly trial: Float64Array;
  /** `trialGeneration` where the task is touched by the move under trial. */
  private readonly trialMark: Int32Array;
  /** `trialGeneration` where the task's trial row is filled. */
  private readonly trialReady: Int32Array;
  private trialGeneration = 0;
  private trialOpen = false;

  constructor(private readonly model: TimingModel) {
    this.L = model.table.levels;
    const n = model.dag.taskCount;
    this.committed = new WeightTable(model);
    this.trial = new Float64Array(n * this.L);
    this.trialMark = new Int32Array(n);
    this.trialReady = new Int32Array(n);
  }

  /** `model.nodeMs(c, level)` in the mirror's current state. */
  nodeMs(c: number, level: number): number {
    const L = this.L;
    if (this.trialOpen && this.trialMark[c] === this.trialGeneration) {
      if (this.trialReady[c] !== this.trialGeneration) {
        this.model.nodeRow(c, this.trial, c * L);
        this.trialReady[c] = this.trialGeneration;
      }
      return this.trial[c * L + level]!;
    }
    return this.committed.node(c, level);
  }

  /** The mirror now holds a tried move that changes the weights of `touched` only. */
  openTrial(touched: readonly number[]): void {
    const generation = ++this.trialGeneration;
    for (const c of touched) this.trialMark[c] = generation;
    this.trialOpen = true;
  }

  /** The mirror is back to its committed state. */
  closeTrial(): void {
    this.trialOpen = false;
  }

  /** An accepted move changed the weights of `touched`. */
  commit(touched: readonly number[]): void {
    this.committed.refresh(touched);
  }
}
