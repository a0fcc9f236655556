/**
 * Assignment inside the search: splits and merges of workers, the structural moves of the
 * downgrade planners (issue 11). Starting from a plan held by the incremental engine:
 *
 *  - split: on a worker W (tasks in index order, so a chain in chain order), a candidate
 *    cut is where two consecutive tasks differ in func, in their cheapest level (memory x
 *    busy time least) or in their fastest level. Either the tail from the cut or the single task moves to a free
 *    worker at its own level lS, and what stays on W may take a new level lR;
 *  - merge: every task of a worker X joins a neighbouring worker Y (one that runs a
 *    predecessor or a successor of X's tasks), at a level l for both.
 *
 * A candidate's cost change is estimated exactly in the planner's terms: memory x busy
 * time (start, downloads, execution with CPU sharing, upload) of every task whose weight
 * changes, plus the price of the invocations added or saved: so a split pays for the
 * start and the transfers it adds, and a merge earns what it saves. Level pairs that save
 * are tried fast ones first (each part at its fastest level, or the rest kept at its
 * level: the slack stays for the downgrade that follows, instead of the first split
 * taking it all), then cheapest first; the first one whose timing keeps the target is
 * applied. The timing check is the incremental engine's: `whatIfMove`
 * (apply with a journal and roll back: the moved tasks, their neighbours and the cone
 * behind them, never a full recompute), then `whatIf` for the level change; a move is
 * accepted when the makespan stays <= T, every moved task finishes by its latest finish
 * plus (T - M) minus margin x T, and (unless `allowNewCriticalPath`) no task with slack
 * becomes critical.
 *
 * Passes repeat over the workers in id order (the first visits all, later ones only the
 * workers an accepted move touched, split-off ones included) until one accepts nothing, `passes` is reached, the try budget or the work budget
 * (task visits of the estimates, `SPLIT_MERGE_WORK`, so large DAGs stay bounded) is
 * spent. Deterministic.
 * Source: original (the engine's "best resources, then downgrade" extended to the worker
 * assignment, issue 11).
 */
import type { CompactDag } from '../dag/compact-dag.js';
import type { CostModel } from '../timing/cost-model.js';
import { TimingModel } from '../timing/timing-model.js';
import { TIME_EPSILON_MS } from '../timing/tolerance.js';
import type { CompactPlan, DurationTable } from '../timing/types.js';
import { MirrorWeights } from './mirror-weights.js';
import type { IncrementalTimingEngine, WhatIfAnswer } from './types.js';

/** Task visits (estimates and the engine's propagation, trials included) the search may spend: at least this, */
export const SPLIT_MERGE_WORK = 200_000;
/** ... or this many per task + edge, so the search stays a bounded share of planning on large DAGs, ... */
export const SPLIT_MERGE_WORK_PER_ELEMENT = 40;
/**
 * ... counted on at most this many tasks + edges: a larger DAG gets the budget of this size
 * (the search then reaches only its first workers, and the planners graft its moves onto
 * the fixed plan instead of downgrading its whole plan again: `downgrade-planner.ts`).
 */
export const SPLIT_MERGE_MAX_ELEMENTS = 40_000;

/** The search's work budget, task visits, for `workPerElement` on a DAG of `elements` tasks + edges. */
export function splitMergeWorkLimit(workPerElement: number, elements: number): number {
  return Math.max(SPLIT_MERGE_WORK, workPerElement * Math.min(elements, SPLIT_MERGE_MAX_ELEMENTS));
}
/** Workers with more tasks than this are not merged (merging large workers seldom saves). */
export const MERGE_MAX_TASKS = 16;

export interface SplitMergeOptions {
  readonly targetMs: number;
  readonly margin: number;
  readonly allowNewCriticalPath: boolean;
  readonly tryBudget: number;
  readonly passes: number;
  /** Cuts tried per worker and pass. */
  readonly cutsPerWorker: number;
  /** Level pairs timed per candidate. */
  readonly levelTrials: number;
  readonly cost: CostModel;
  readonly merges: boolean;
  /** Work budget per task + edge (default `SPLIT_MERGE_WORK_PER_ELEMENT`). */
  readonly workPerElement?: number;
}

export interface SplitMergeResult {
  readonly plan: CompactPlan;
  readonly splits: number;
  readonly merges: number;
  readonly trials: number;
  readonly workSpent: boolean;
}

export function splitAndMerge(engine: IncrementalTimingEngine, dag: CompactDag, table: DurationTable, start: CompactPlan, options: SplitMergeOptions): SplitMergeResult {
  return new SplitMerge(engine, dag, table, start, options).run();
}

class SplitMerge {
  private readonly model: TimingModel;
  /** The mirror's weights, each computed once (`mirror-weights.ts`). */
  private readonly weights: MirrorWeights;
  private readonly L: number;
  private readonly usdPerMbMs: number;
  private readonly usdPerStart: number;
  private trials = 0;
  private work = 0;
  private splits = 0;
  private merges = 0;
  /** Tasks whose weights the last accepted move changed (their workers are revisited). */
  private lastTouched: readonly number[] = [];
  private readonly visitsAtStart: number;
  private readonly workLimit: number;

  constructor(
    private readonly engine: IncrementalTimingEngine,
    private readonly dag: CompactDag,
    private readonly table: DurationTable,
    start: CompactPlan,
    private readonly options: SplitMergeOptions,
  ) {
    // A mirror of the engine's assignment flags (same worker ids) for the cost estimates.
    const capacity = Math.max(dag.taskCount, start.workerCount);
    const levelOf = new Int32Array(capacity);
    const prewarm = new Uint8Array(capacity);
    prewarm.set(start.prewarm);
    this.model = new TimingModel(dag, table, { workerCount: capacity, workerOf: Int32Array.from(start.workerOf), levelOf, prewarm, preload: Uint8Array.from(start.preload) });
    this.weights = new MirrorWeights(this.model);
    this.L = table.levels;
    this.visitsAtStart = engine.visits ?? 0;
    this.workLimit = splitMergeWorkLimit(options.workPerElement ?? SPLIT_MERGE_WORK_PER_ELEMENT, dag.taskCount + dag.edgeCount);
    this.usdPerMbMs = options.cost.pricePerGbSecond / 1024 / 1000;
    this.usdPerStart = options.cost.pricePerInvocation;
  }

  run(): SplitMergeResult {
    const { engine } = this;
    const capacity = this.model.workerOf.length;
    // Workers to visit: all in the first pass, then those an accepted move touched.
    let dirty = new Uint8Array(capacity).fill(1);
    let spent = false;
    for (let pass = 0; pass < this.options.passes && !spent; pass++) {
      const next = new Uint8Array(capacity);
      let accepted = 0;
      for (let w = 0; w < capacity && !spent; w++) {
        if (dirty[w] === 0 || engine.tasksOf(w).length === 0) continue;
        const moved = this.trySplits(w) || (this.options.merges && this.tryMerge(w));
        if (moved) {
          accepted++;
          for (const x of this.lastTouched) next[this.model.workerOf[x]!] = 1;
          next[w] = 1;
        }
        spent = this.spent();
      }
      if (accepted === 0) break;
      dirty = next;
    }
    return { plan: engine.plan(), splits: this.splits, merges: this.merges, trials: this.trials, workSpent: this.workDone() >= this.workLimit };
  }

  private spent(): boolean {
    return this.trials >= this.options.tryBudget || this.workDone() >= this.workLimit;
  }

  private workDone(): number {
    return this.work + (this.engine.visits ?? 0) - this.visitsAtStart;
  }

  /** Estimated USD of task c at `level` under the mirror's current flags. */
  private taskUsd(c: number, level: number): number {
    this.work++;
    return this.table.ladderMb[level]! * this.weights.nodeMs(c, level) * this.usdPerMbMs + (this.model.paysStart[c] === 1 ? this.usdPerStart : 0);
  }

  private sumUsd(tasks: readonly number[], level: number): number {
    let total = 0;
    for (const c of tasks) total += this.taskUsd(c, level);
    return total;
  }

  /** The levels where the task alone is cheapest (memory x busy time) and fastest, smallest on ties. */
  private preferred(c: number): { cheapest: number; fastest: number } {
    let cheapest = 0;
    let cheapestUsd = Infinity;
    let fastest = 0;
    let fastestMs = Infinity;
    for (let l = 0; l < this.L; l++) {
      const usd = this.taskUsd(c, l);
      if (usd < cheapestUsd * (1 - 1e-12)) {
        cheapest = l;
        cheapestUsd = usd;
      }
      const ms = this.weights.nodeMs(c, l);
      if (ms < fastestMs - TIME_EPSILON_MS) {
        fastest = l;
        fastestMs = ms;
      }
    }
    return { cheapest, fastest };
  }

  /** The level where the tasks' summed busy time is least (under the mirror's flags), smallest on ties. */
  private fastestOf(tasks: readonly number[]): number {
    let best = 0;
    let bestMs = Infinity;
    for (let l = 0; l < this.L; l++) {
      let ms = 0;
      for (const c of tasks) ms += this.weights.nodeMs(c, l);
      this.work += tasks.length;
      if (ms < bestMs - TIME_EPSILON_MS) {
        best = l;
        bestMs = ms;
      }
    }
    return best;
  }

  /** Tasks whose weight a move of `tasks` to `to` may change (mirror left as it was). */
  private touchedBy(tasks: readonly number[], to: number): number[] {
    const back = tasks.map((v) => this.model.workerOf[v]!);
    const touched = new Set(this.model.moveTasks(tasks, to));
    for (const v of this.restore(tasks, back)) touched.add(v);
    return Array.from(touched);
  }

  /** Moves every task back to its worker in `back`; returns the touched tasks. */
  private restore(tasks: readonly number[], back: readonly number[]): number[] {
    const groups = new Map<number, number[]>();
    tasks.forEach((v, i) => {
      const list = groups.get(back[i]!) ?? [];
      list.push(v);
      groups.set(back[i]!, list);
    });
    const touched: number[] = [];
    for (const [w, list] of groups) for (const v of this.model.moveTasks(list, w)) touched.push(v);
    return touched;
  }

  private accepts(answer: WhatIfAnswer): boolean {
    const { targetMs: T, margin, allowNewCriticalPath } = this.options;
    const slackLeft = T - this.engine.makespanMs - margin * T;
    if (answer.makespanMs > T + TIME_EPSILON_MS) return false;
    if (answer.maxFinishOverLatestMs > slackLeft + TIME_EPSILON_MS) return false;
    return allowNewCriticalPath || !answer.createsCriticalPath;
  }

  /**
   * A screen for a split's trial, exact like the downgrade's `provablyRejected`: called with
   * the mirror as it is, it keeps the touched tasks' weights; the returned check, called
   * with the part moved in the mirror, says for a part level `ls` whether the trial is
   * sure to fail. When no touched weight decreases, no start or tail can shrink, so a
   * touched task t whose weight grows by d ends at least d - slack(t) past its latest
   * finish: past T when that exceeds T - M, and past a moved task's allowance when it
   * exceeds the slack left. Undefined (no screen) where some task preloads (edge weights).
   */
  private lateScreen(touched: readonly number[], levelOfTask: (c: number) => number): ((inPart: ReadonlySet<number>, ls: number) => boolean) | undefined {
    const { model, engine } = this;
    if (touched.some((c) => model.preload[c] === 1)) return undefined;
    const old = touched.map((c) => this.weights.nodeMs(c, levelOfTask(c)));
    const slack = touched.map((c) => engine.slackMs(c));
    this.work += 2 * touched.length;
    const { targetMs: T, margin } = this.options;
    const M = engine.makespanMs;
    const slackLeft = T - M - margin * T;
    return (inPart, ls) => {
      let late = false;
      for (let j = 0; j < touched.length; j++) {
        const c = touched[j]!;
        const moved = inPart.has(c);
        const d = this.weights.nodeMs(c, moved ? ls : levelOfTask(c)) - old[j]!;
        if (d < -TIME_EPSILON_MS) return false;
        if (d - slack[j]! > (moved ? slackLeft : T - M) + TIME_EPSILON_MS) late = true;
      }
      this.work += touched.length;
      return late;
    };
  }

  private trySplits(w: number): boolean {
    const members = this.engine.tasksOf(w).slice();
    if (members.length < 2) return false;
    const prefs = members.map((c) => this.preferred(c));
    const funcOf = this.dag.funcOf;
    let cuts = 0;
    for (let i = 1; i < members.length && cuts < this.options.cutsPerWorker && !this.spent(); i++) {
      const [a, b] = [prefs[i - 1]!, prefs[i]!];
      if (a.cheapest === b.cheapest && a.fastest === b.fastest && funcOf[members[i - 1]!] === funcOf[members[i]!]) continue;
      cuts++;
      const tail = members.slice(i);
      if (this.trySplit(w, members, tail)) return true;
      if (i < members.length - 1 && this.trySplit(w, members, [members[i]!])) return true;
    }
    return false;
  }

  /** Moves `part` of worker w's `members` to a free worker, at the cheapest level pair whose timing fits. */
  private trySplit(w: number, members: readonly number[], part: readonly number[]): boolean {
    const { engine, model, L } = this;
    const fresh = engine.freeWorker();
    if (fresh < 0) return false;
    const inPart = new Set(part);
    const rest = members.filter((c) => !inPart.has(c));
    const lw = engine.levelOf(w);
    const touched = this.touchedBy(part, fresh);
    const outside = touched.filter((c) => model.workerOf[c] !== w);
    // Before: the whole worker at its level and the neighbours at theirs.
    const levelOfTask = (c: number) => engine.levelOf(model.workerOf[c]!);
    let before = this.sumUsd(members, lw);
    for (const c of outside) before += this.taskUsd(c, levelOfTask(c));
    // After: part and rest priced at every level (separable), neighbours at their own.
    const back = part.map(() => w);
    const screen = this.lateScreen(touched, levelOfTask);
    model.moveTasks(part, fresh);
    this.weights.openTrial(touched);
    const partUsd = Array.from({ length: L }, (_, l) => this.sumUsd(part, l));
    const restUsd = Array.from({ length: L }, (_, l) => this.sumUsd(rest, l));
    let neighbours = 0;
    for (const c of outside) neighbours += this.taskUsd(c, levelOfTask(c));
    const late = Array.from({ length: L }, (_, ls) => screen?.(inPart, ls) ?? false);
    this.weights.closeTrial();
    this.restore(part, back);
    // Fast pairs first (each part at its fastest level, or the rest kept at W's): the slack
    // is left to the downgrade that follows; then any saving pair, cheapest first.
    const fastPart = this.fastestOf(part);
    const fastRest = this.fastestOf(rest);
    const pairs: { ls: number; lr: number; usd: number; fast: number }[] = [];
    for (let ls = 0; ls < L; ls++) {
      for (let lr = 0; lr < L; lr++) {
        const usd = partUsd[ls]! + restUsd[lr]! + neighbours;
        const fast = ls === fastPart && (lr === fastRest || lr === lw) ? 0 : 1;
        if (usd < before * (1 - 1e-9)) pairs.push({ ls, lr, usd, fast });
      }
    }
    pairs.sort((a, b) => a.fast - b.fast || a.usd - b.usd || a.ls - b.ls || a.lr - b.lr);
    // The move's timing depends on the part's level only (the rest's comes after): one trial per level.
    const moveFits = new Map<number, boolean>();
    for (const { ls, lr } of pairs.slice(0, this.options.levelTrials)) {
      if (this.spent()) return false;
      if (late[ls]) continue;
      let fits = moveFits.get(ls);
      if (fits === undefined) {
        engine.setWorkerLevel(fresh, ls);
        this.trials++;
        fits = this.accepts(engine.whatIfMove(part, fresh, !this.options.allowNewCriticalPath, this.options.targetMs));
        moveFits.set(ls, fits);
      }
      if (!fits) continue;
      engine.setWorkerLevel(fresh, ls);
      engine.moveTasks(part, fresh);
      model.moveTasks(part, fresh);
      if (lr !== lw) {
        this.trials++;
        if (!this.accepts(engine.whatIf(w, lr, this.options.targetMs, !this.options.allowNewCriticalPath))) {
          engine.moveTasks(part, w);
          model.moveTasks(part, w);
          continue;
        }
        engine.setWorkerLevel(w, lr);
      }
      this.splits++;
      this.lastTouched = touched;
      this.weights.commit(touched);
      return true;
    }
    return false;
  }

  /** Moves every task of worker x to a neighbouring worker, at the cheapest common level whose timing fits. */
  private tryMerge(x: number): boolean {
    const { engine, model, dag, L } = this;
    const tasks = engine.tasksOf(x).slice();
    if (tasks.length > MERGE_MAX_TASKS) return false;
    const neighbours = new Set<number>();
    for (const c of tasks) {
      for (let k = dag.predStart[c]!; k < dag.predStart[c + 1]!; k++) neighbours.add(model.workerOf[dag.predTask[k]!]!);
      for (let e = dag.succStart[c]!; e < dag.succStart[c + 1]!; e++) neighbours.add(model.workerOf[dag.edgeTo[e]!]!);
    }
    neighbours.delete(x);
    const levelOfTask = (c: number) => engine.levelOf(model.workerOf[c]!);
    for (const y of Array.from(neighbours).sort((a, b) => a - b)) {
      if (this.spent()) return false;
      const ly = engine.levelOf(y);
      const ys = engine.tasksOf(y).slice();
      const touched = this.touchedBy(tasks, y);
      const outside = touched.filter((c) => model.workerOf[c] !== x && model.workerOf[c] !== y);
      let before = this.sumUsd(tasks, engine.levelOf(x)) + this.sumUsd(ys, ly);
      for (const c of outside) before += this.taskUsd(c, levelOfTask(c));
      const back = tasks.map(() => x);
      model.moveTasks(tasks, y);
      this.weights.openTrial(touched);
      const merged = ys.concat(tasks);
      const usdAt = Array.from({ length: L }, (_, l) => this.sumUsd(merged, l));
      let rest = 0;
      for (const c of outside) rest += this.taskUsd(c, levelOfTask(c));
      this.weights.closeTrial();
      this.restore(tasks, back);
      const levels = Array.from({ length: L }, (_, l) => l).filter((l) => usdAt[l]! + rest < before * (1 - 1e-9));
      // Y's own level or the merged worker's fastest first (slack left to the downgrade), then cheapest first.
      const fastMerged = this.fastestOf(merged);
      const rank = (l: number) => (l === ly || l === fastMerged ? 0 : 1);
      levels.sort((a, b) => rank(a) - rank(b) || usdAt[a]! - usdAt[b]! || a - b);
      // The move itself is timed at Y's level whatever l is: one trial for all of them, and
      // one move for all of them (each level is a what-if on the moved tasks; moving back and
      // forth between levels would recompute every touched row twice per level).
      let moveFits: boolean | undefined;
      let moved = false;
      const moveBack = () => {
        if (!moved) return;
        engine.moveTasks(tasks, x);
        model.moveTasks(tasks, x);
        moved = false;
      };
      for (const l of levels.slice(0, this.options.levelTrials)) {
        if (this.spent()) {
          moveBack();
          return false;
        }
        if (moveFits === undefined) {
          this.trials++;
          moveFits = this.accepts(engine.whatIfMove(tasks, y, !this.options.allowNewCriticalPath, this.options.targetMs));
        }
        if (!moveFits) break;
        if (!moved) {
          engine.moveTasks(tasks, y);
          model.moveTasks(tasks, y);
          moved = true;
        }
        if (l !== ly) {
          this.trials++;
          if (!this.accepts(engine.whatIf(y, l, this.options.targetMs, !this.options.allowNewCriticalPath))) continue;
          engine.setWorkerLevel(y, l);
        }
        this.merges++;
        this.lastTouched = touched;
        this.weights.commit(touched);
        return true;
      }
      moveBack();
    }
    return false;
  }
}
