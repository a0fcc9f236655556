/**
 * Scenario makespans of a plan whose levels change a few workers at a time, as the
 * distribution planners search (ORION's raises, Jolteon's descent): the Monte Carlo pass
 * of `monte-carlo.ts` is run once over every scenario (its blocks all kept) and kept as
 * the base; a query re-runs only the cone of the change: the tasks of the workers
 * whose level differs from the base, and their descendants, in topological-index order.
 *
 * Same numbers as a full pass, bit for bit: a scenario's draws depend only on its stream
 * and on the position in it (`kAt`, recorded per task in the base pass: the order of draws
 * depends on the worker assignment, not on levels), so each re-run task repeats the very
 * computation of a full pass on the same inputs; tasks outside the cone keep their values,
 * and a makespan is the maximum of every finish, taken afresh. A query whose cone holds
 * most of the work (a change near the sources of a layered DAG) runs the full pass instead. Cost per query:
 * O(S x (cone tasks + their in-edges)) draws plus O(S V) maxima (S scenarios), against
 * O(S (V + E)) draws for a full pass. Memory: 8 S (4 V + E) bytes (`stateBytes`); callers
 * use full passes where that would be too much, or where a typical change reaches most of
 * the DAG anyway (`worthIncremental`).
 * Only makespans and criticality are kept up to date (not cost): what the planners read.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { checkGrids, type QuantileGrids } from '../predict/quantile-grids.js';
import type { CostModel } from './cost-model.js';
import { blockSizeFor, runScenarios, ScenarioPass } from './monte-carlo.js';
import type { TimingModel } from './timing-model.js';
import type { CompactPlan } from './types.js';

/** Largest state kept (the pool's threads have a 2 GB heap; this leaves room for everything else). */
export const MAX_INCREMENTAL_STATE_BYTES = 256 * 1024 * 1024;

/** Above this share of the work (tasks + in-edges) in a change's cone, a query runs the full pass instead (same numbers, no copies). */
const FULL_PASS_SHARE = 0.6;

/** Bytes of the state of `samples` scenarios of `dag`. */
export function stateBytes(dag: CompactDag, samples: number): number {
  return 8 * samples * (4 * dag.taskCount + dag.edgeCount);
}

/** Makespans do not depend on prices: the full-pass fallback needs some. */
const NO_COST: CostModel = { pricePerGbSecond: 0, pricePerInvocation: 0 };

/** Workers sampled to judge how far a change reaches. */
const SAMPLED_WORKERS = 32;

/**
 * Median share of the work (tasks + in-edges) in the cone of one worker of `plan`'s
 * assignment, over up to 32 workers spread over the ids: near 1 on layered DAGs where
 * every worker reaches almost everything (map-reduce, random layered), small on wide ones.
 */
export function typicalConeShare(dag: CompactDag, plan: CompactPlan): number {
  const n = dag.taskCount;
  const W = plan.workerCount;
  const picks = Math.min(W, SAMPLED_WORKERS);
  const inCone = new Uint8Array(n);
  const shares: number[] = [];
  const { predStart, predTask } = dag;
  for (let i = 0; i < picks; i++) {
    const w = Math.floor((i * W) / picks);
    let work = 0;
    for (let v = 0; v < n; v++) {
      let reached = plan.workerOf[v] === w;
      for (let p = predStart[v]!; p < predStart[v + 1]! && !reached; p++) reached = inCone[predTask[p]!] === 1;
      inCone[v] = reached ? 1 : 0;
      if (reached) work += 1 + predStart[v + 1]! - predStart[v]!;
    }
    shares.push(work / Math.max(1, n + dag.edgeCount));
  }
  shares.sort((a, b) => a - b);
  return shares.length === 0 ? 1 : shares[shares.length >> 1]!;
}

/** Whether keeping the scenarios pays: the state fits, and a typical change reaches less than most of the DAG (else a full pass per query is as cheap). */
export function worthIncremental(dag: CompactDag, plan: CompactPlan, samples: number): boolean {
  return stateBytes(dag, samples) <= MAX_INCREMENTAL_STATE_BYTES && typicalConeShare(dag, plan) <= FULL_PASS_SHARE;
}

/** One block of scenarios [first, first + count) with its pass (arrays indexed `v * count + s`). */
interface Block {
  readonly first: number;
  readonly count: number;
  readonly pass: ScenarioPass;
}

export class IncrementalScenarios {
  readonly samples: number;
  private readonly blocks: Block[] = [];
  private readonly dag: CompactDag;
  private readonly grids: QuantileGrids;
  private readonly plan: CompactPlan;
  private readonly model: TimingModel;
  private readonly seed: number;
  private readonly correlation: number;
  /** Stream position before each task's first draw (the same in every scenario). */
  private readonly kAt: Int32Array;
  /** Levels the base was computed at. */
  private readonly baseLevel: Int32Array;
  private readonly baseMakespan: Float64Array;
  private readonly changed: Uint8Array;
  private readonly inCone: Uint8Array;
  private readonly cone: Int32Array;
  /** Tasks whose finishes can hold a makespan: the sinks when every duration is non-negative (a finish is then never below a predecessor's), else all. */
  private readonly ends: Int32Array;
  private coneWork = 0;
  private saved = new Float64Array(0);

  /** The base: a full pass of `plan` at its current levels over scenarios [0, samples), in blocks of the full pass's size (cache-sized). */
  constructor(dag: CompactDag, grids: QuantileGrids, plan: CompactPlan, model: TimingModel, samples: number, seed: number, correlation: number) {
    checkGrids(dag, grids);
    this.dag = dag;
    this.grids = grids;
    this.plan = plan;
    this.model = model;
    this.seed = seed;
    this.correlation = correlation;
    this.samples = samples;
    const n = dag.taskCount;
    this.kAt = new Int32Array(n);
    this.changed = new Uint8Array(plan.workerCount);
    this.inCone = new Uint8Array(n);
    this.cone = new Int32Array(n);
    this.ends = finishesThatCanEnd(dag, grids, model);
    const B = blockSizeFor(dag);
    for (let first = 0; first < samples; first += B) {
      const count = Math.min(B, samples - first);
      const pass = new ScenarioPass(dag, grids, plan, model, correlation, true, count, false);
      pass.startBlock(seed, first, count);
      for (let v = 0; v < n; v++) {
        this.kAt[v] = pass.k;
        pass.forwardTask(v, count);
      }
      this.blocks.push({ first, count, pass });
    }
    this.baseMakespan = this.maxFinish();
    this.baseLevel = Int32Array.from(plan.levelOf);
  }

  /** Makespan of every scenario at the plan's current levels; the base is kept. */
  makespans(): Float64Array {
    const count = this.markCone();
    if (count === 0) return Float64Array.from(this.baseMakespan);
    if (this.coneWork > FULL_PASS_SHARE * (this.dag.taskCount + this.dag.edgeCount)) {
      return runScenarios(this.dag, this.grids, this.plan, 0, this.samples, { cost: NO_COST, seed: this.seed, correlation: this.correlation, criticality: false, costs: false, model: this.model }).makespanMs;
    }
    this.save(count);
    this.rerun(count);
    const out = this.maxFinish();
    this.restore(count);
    return out;
  }

  /** Makes the plan's current levels the base. */
  rebase(): void {
    const count = this.markCone();
    if (count === 0) return;
    this.rerun(count);
    this.baseMakespan.set(this.maxFinish());
    this.baseLevel.set(this.plan.levelOf);
  }

  /** Makespans of the base (a copy). */
  baseMakespans(): Float64Array {
    return Float64Array.from(this.baseMakespan);
  }

  /** Per task, the scenarios of the base in which it lies on a critical path (the full pass's backward count, summed over blocks). */
  criticalCount(): Float64Array {
    const n = this.dag.taskCount;
    const out = new Float64Array(n);
    for (const { first, count, pass } of this.blocks) {
      pass.mk.set(this.baseMakespan.subarray(first, first + count));
      for (let v = n - 1; v >= 0; v--) out[v]! += pass.backwardTask(v, count);
    }
    return out;
  }

  /** Marks the cone of the level changes since the base, in topological-index order; returns its size (and its work in `coneWork`). */
  private markCone(): number {
    const { changed, inCone, cone, baseLevel } = this;
    const { levelOf, workerOf } = this.plan;
    let any = false;
    for (let w = 0; w < changed.length; w++) {
      changed[w] = levelOf[w] !== baseLevel[w] ? 1 : 0;
      if (changed[w] === 1) any = true;
    }
    this.coneWork = 0;
    if (!any) return 0;
    const { predStart, predTask } = this.dag;
    let count = 0;
    for (let v = 0; v < this.dag.taskCount; v++) {
      let reached = changed[workerOf[v]!] === 1;
      for (let p = predStart[v]!; p < predStart[v + 1]! && !reached; p++) reached = inCone[predTask[p]!] === 1;
      inCone[v] = reached ? 1 : 0;
      if (reached) {
        cone[count++] = v;
        this.coneWork += 1 + predStart[v + 1]! - predStart[v]!;
      }
    }
    return count;
  }

  private rerun(count: number): void {
    const { kAt, cone } = this;
    for (const block of this.blocks) {
      for (let i = 0; i < count; i++) {
        const v = cone[i]!;
        block.pass.k = kAt[v]!;
        block.pass.forwardTask(v, block.count);
      }
    }
  }

  /** Maximum finish over every task, per scenario (what a full pass's makespan is), taken over `ends`. */
  private maxFinish(): Float64Array {
    const out = new Float64Array(this.samples);
    const { ends } = this;
    for (const { first, count: S, pass } of this.blocks) {
      const EF = pass.EF;
      for (let i = 0; i < ends.length; i++) {
        const base = ends[i]! * S;
        for (let s = 0; s < S; s++) if (EF[base + s]! > out[first + s]!) out[first + s] = EF[base + s]!;
      }
    }
    return out;
  }

  /** Rows a re-run overwrites, per block: ES, W, EF of the cone's tasks and, with preloads, EW of their in-edges. */
  private rows(count: number, visit: (array: Float64Array, start: number, length: number) => void): void {
    const { cone } = this;
    const { predStart, predEdge } = this.dag;
    for (const { count: S, pass } of this.blocks) {
      for (let i = 0; i < count; i++) {
        const v = cone[i]!;
        visit(pass.ES, v * S, S);
        visit(pass.W, v * S, S);
        visit(pass.EF, v * S, S);
        if (pass.anyPreload) for (let p = predStart[v]!; p < predStart[v + 1]!; p++) visit(pass.EW, predEdge[p]! * S, S);
      }
    }
  }

  private save(count: number): void {
    let need = 0;
    this.rows(count, (_array, _start, length) => (need += length));
    if (this.saved.length < need) this.saved = new Float64Array(need);
    let at = 0;
    this.rows(count, (array, start, length) => {
      this.saved.set(array.subarray(start, start + length), at);
      at += length;
    });
  }

  private restore(count: number): void {
    let at = 0;
    this.rows(count, (array, start, length) => {
      array.set(this.saved.subarray(at, at + length), start);
      at += length;
    });
  }
}

/**
 * The sinks when no drawn duration can be negative (every grid value, the model's execution
 * times and the timing rules' overheads finite and >= 0): a task's finish is then at least each predecessor's, so the
 * largest finish is a sink's. Otherwise every task.
 */
function finishesThatCanEnd(dag: CompactDag, grids: QuantileGrids, model: TimingModel): Int32Array {
  const ok = (x: number) => Number.isFinite(x) && x >= 0;
  let nonNegative = ok(model.rules.overheadPerTaskMs) && ok(model.rules.overheadPerRunMs);
  // The model's execution times scale drawn ones under CPU sharing (a shared / alone ratio).
  for (const grid of [grids.execMs, grids.uploadMs, grids.downloadMs, grids.inputDownloadMs, grids.coldStartMs, grids.warmStartMs, model.table.execMs]) {
    for (let i = 0; i < grid.length && nonNegative; i++) nonNegative = ok(grid[i]!);
  }
  const ends: number[] = [];
  for (let v = 0; v < dag.taskCount; v++) if (!nonNegative || dag.succStart[v + 1] === dag.succStart[v]) ends.push(v);
  return Int32Array.from(ends);
}
