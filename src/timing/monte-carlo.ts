/**
 * Monte Carlo simulation of a plan: N scenarios of every task's execution, every upload
 * and download and every worker start, each drawn from its predicted distribution at the
 * plan's level (`QuantileGrids`, inverse-CDF sampling), pushed through the timing model's
 * rules (`src/timing/timing-model.ts`; the level-independent facts `uploads`, `paysStart`,
 * `remote`, `preload`, `prewarm` are read from a `TimingModel`, not re-derived) and the
 * billing rule of `planCost` (`plan-cost.ts`).
 *
 * Vectorised over scenarios: scenarios run in blocks of B (up to 256, fewer on huge DAGs so
 * the block's arrays stay near 24 MB); one forward pass over the DAG in topological-index
 * order advances every scenario of the block, with the values of task v for all B
 * scenarios side by side (`[v * B + s]`), so every inner loop is a typed-array sweep. An
 * optional backward pass counts, per task, the scenarios in which it lies on a critical
 * path (ES + W + after >= makespan - TIME_EPSILON_MS). Cost: O(N (V + E)) draws and
 * maxima, O(B (4V + E)) memory; no recursion.
 *
 * Determinism: scenario s draws from its own mulberry32 stream seeded by (seed, s), in a
 * fixed order per task (exec, upload, start, external input, remote downloads) that
 * depends only on the worker assignment. So a scenario's numbers do not depend on the block
 * size, on how scenarios are split over threads, or on the levels of the plan: two plans on
 * the same assignment see the same uniforms (common random numbers), which is what makes
 * the planners' comparisons of candidate plans low-noise.
 *
 * Draws are independent by default. `correlation` rho > 0 adds a per-run slowdown shared by
 * all tasks of a scenario (a Gaussian copula on execution times: u = Phi(sqrt(rho) Z_s +
 * sqrt(1 - rho) e), which keeps every marginal distribution and correlates executions by
 * rho); `fitRunCorrelation` fits rho from recorded runs. With zero-variance grids the
 * makespan and cost of every scenario equal the deterministic full pass exactly.
 */
import * as ss from 'simple-statistics';
import type { CompactDag } from '../dag/compact-dag.js';
import { SlacklineError } from '../errors.js';
import { checkGrids, tableAtQuantile, type QuantileGrids } from '../predict/quantile-grids.js';
import { TimingModel } from './timing-model.js';
import { flatCell, scenarioSeed } from './scenario-streams.js';
import { runScenariosInWasm } from './scenario-pass-wasm.js';
import { TIME_EPSILON_MS } from './tolerance.js';
import type { CompactPlan, DurationTable } from './types.js';
import type { CostModel } from './cost-model.js';

export { scenarioSeed };

export const DEFAULT_SAMPLES = 1000;
const MAX_BLOCK = 256;
const BLOCK_BYTES = 24 * 1024 * 1024;

export interface MonteCarloOptions {
  /** Scenarios. @default 1000 */
  readonly samples?: number;
  /** @default 1 */
  readonly seed?: number;
  /** Shared per-run slowdown: correlation of execution times within a scenario, in [0, 1). @default 0 */
  readonly correlation?: number;
  /** Count per-task criticality (one backward pass per block). @default true */
  readonly criticality?: boolean;
  /** Bill every scenario (`costUsd`); without, `costUsd` is NaN and the pass skips the billing intervals (makespans only). @default true */
  readonly costs?: boolean;
  readonly cost: CostModel;
  /** A model of the same plan and DAG, reused across calls (its facts do not depend on levels). */
  readonly model?: TimingModel;
  /** `auto`: the WebAssembly kernel when it is built and there is no shared slowdown (same numbers); `js`: always this module's pass (benchmarks and tests compare the two). @default 'auto' */
  readonly kernel?: 'auto' | 'js';
}

/** Raw per-scenario results of scenarios [first, first + count). */
export interface ScenarioResults {
  readonly first: number;
  readonly count: number;
  readonly makespanMs: Float64Array;
  readonly costUsd: Float64Array;
  /** Per task: scenarios in which it is on a critical path (zeros without `criticality`). */
  readonly criticalCount: Float64Array;
}

export interface QuantileSummary {
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
}

export interface MonteCarloReport {
  readonly samples: number;
  readonly seed: number;
  readonly correlation: number;
  readonly makespanQuantilesMs: QuantileSummary;
  readonly meanMakespanMs: number;
  readonly deadlineMs?: number;
  /** P(makespan <= deadline) over the scenarios (within TIME_EPSILON_MS). */
  readonly deadlineProbability?: number;
  readonly cost: { readonly meanUsd: number; readonly quantilesUsd: QuantileSummary };
  /** Per task (compact index): share of scenarios in which it is on a critical path. */
  readonly criticality: Float64Array;
}

const medianTables = new WeakMap<QuantileGrids, DurationTable>();

/** The timing model of `plan` for grids (its level-independent facts are what the sampler needs). */
export function modelForGrids(dag: CompactDag, grids: QuantileGrids, plan: CompactPlan, rules: DurationTable['rules'] = grids.rules): TimingModel {
  let table = medianTables.get(grids);
  if (table === undefined) medianTables.set(grids, (table = tableAtQuantile(grids, 0.5)));
  return new TimingModel(dag, rules !== undefined ? { ...table, rules } : table, plan);
}

/** Standard normal CDF (Numerical Recipes' erfc, fractional error < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - 0.5 * r : 0.5 * r;
}

/** The k-th uniform in [0, 1) of a mulberry32 stream, from its state after k steps. */
function uniformAt(state: number): number {
  const st = state >>> 0;
  let t = Math.imul(st ^ (st >>> 15), st | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A standard normal (Box-Muller) from two draws of a stream. */
function normalAt(seed: number, k1: number, k2: number): number {
  return Math.sqrt(-2 * Math.log(Math.max(uniformAt(seed + k1), Number.EPSILON))) * Math.cos(2 * Math.PI * uniformAt(seed + k2));
}

/** Inverse-CDF draw of cell `base` (its K quantiles) for every scenario of a block into `out` (module-level: one call target for V8). */
function drawCell(grid: Float64Array, base: number, out: Float64Array, bs: number, seed0: Uint32Array, step: number, km1: number): void {
  for (let s = 0; s < bs; s++) {
    const pos = uniformAt(seed0[s]! + step) * km1;
    const q = pos | 0;
    const lo = grid[base + q]!;
    out[s] = lo + (pos - q) * (grid[base + q + 1]! - lo);
  }
}

/** What a pass keeps per scenario (see `ScenarioPass`): starts and weights with billing or criticality, tails with criticality, per-edge waits with preload. */
export interface BlockLayout {
  readonly criticality: boolean;
  readonly billing: boolean;
  readonly preload: boolean;
}

const EVERY_ARRAY: BlockLayout = { criticality: true, billing: true, preload: true };

/**
 * Scenarios per block, so that the arrays the pass allocates stay near 24 MB: a pass that
 * keeps finishes only (the sweep's measurement: no billing, no criticality) takes blocks up
 * to 256 on DAGs where the full layout would allow far fewer (random-layered-5000: 256
 * instead of 78), which spreads the per-task work of a block over more scenarios. The
 * scenarios' numbers do not depend on the block size.
 */
export function blockSizeFor(dag: CompactDag, layout: BlockLayout = EVERY_ARRAY): number {
  // Finishes, plus one array's worth for the per-scenario scratch; starts and weights; tails.
  const perTask = 2 + (layout.criticality || layout.billing ? 2 : 0) + (layout.criticality ? 1 : 0);
  const perScenario = 8 * (perTask * dag.taskCount + (layout.preload ? dag.edgeCount : 0)) + 64;
  return Math.max(1, Math.min(MAX_BLOCK, Math.floor(BLOCK_BYTES / perScenario)));
}

function checkOptions(samples: number, correlation: number): void {
  if (!(Number.isSafeInteger(samples) && samples >= 1)) throw new SlacklineError('timing/monte-carlo', `samples must be an integer >= 1, got ${samples}`);
  if (!(correlation >= 0 && correlation < 1)) throw new SlacklineError('timing/monte-carlo', `correlation must be in [0, 1), got ${correlation}`);
}

/** Runs scenarios [first, first + count) of the plan. */
export function runScenarios(dag: CompactDag, grids: QuantileGrids, plan: CompactPlan, first: number, count: number, options: MonteCarloOptions): ScenarioResults {
  const seed = options.seed ?? 1;
  const rho = options.correlation ?? 0;
  checkOptions(Math.max(count, 1), rho);
  checkGrids(dag, grids);
  const billing = options.costs ?? true;
  const criticality = options.criticality ?? true;
  const model = options.model ?? modelForGrids(dag, grids, plan);
  // Invocations are billed per paid start (counted only when costs are asked for).
  let invocations = 0;
  if (billing) for (let v = 0; v < dag.taskCount; v++) invocations += model.paysStart[v]!;
  const bill = (mbMs: number) => (mbMs / 1024 / 1000) * options.cost.pricePerGbSecond + invocations * options.cost.pricePerInvocation;
  if (rho === 0 && options.kernel !== 'js') {
    // Without a shared slowdown: the WebAssembly kernel, the same numbers (scenario-pass-wasm.ts), when it is built.
    // Block size as the JavaScript pass's layout would take (waits per edge counted with criticality, the only layout that keeps them).
    const kernel = runScenariosInWasm(dag, grids, plan, model, first, count, seed, blockSizeFor(dag, { criticality, billing, preload: criticality }), { billing, criticality });
    if (kernel !== undefined) {
      const costUsd = new Float64Array(count);
      for (let s = 0; s < count; s++) costUsd[s] = billing ? bill(kernel.mbMs[s]!) : Number.NaN;
      return { first, count, makespanMs: kernel.makespanMs, costUsd, criticalCount: kernel.criticalCount };
    }
  }
  const pass = new ScenarioPass(dag, grids, plan, model, rho, criticality, undefined, billing);
  const makespanMs = new Float64Array(count);
  const costUsd = new Float64Array(count);
  const criticalCount = new Float64Array(dag.taskCount);
  const { B, mk, mbMs, n } = pass;
  for (let b0 = 0; b0 < count; b0 += B) {
    const bs = Math.min(B, count - b0);
    pass.startBlock(seed, first + b0, bs);
    for (let v = 0; v < n; v++) pass.forwardTask(v, bs);
    if (pass.criticality) for (let v = n - 1; v >= 0; v--) criticalCount[v]! += pass.backwardTask(v, bs);
    for (let s = 0; s < bs; s++) {
      makespanMs[b0 + s] = mk[s]!;
      costUsd[b0 + s] = billing ? bill(mbMs[s]!) : Number.NaN;
    }
  }
  return { first, count, makespanMs, costUsd, criticalCount };
}

/**
 * The arrays of one block of scenarios and the plan facts the pass reads, as one object of
 * fixed shape: V8 optimizes each method on its own (a long single function re-optimized
 * mid-run costs more than the per-task call). Exported for `incremental-scenarios.ts`,
 * which keeps one block of every scenario and re-runs only the tasks a level change reaches.
 */
export class ScenarioPass {
  readonly uploads: Uint8Array;
  readonly paysStart: Uint8Array;
  readonly remote: Uint8Array;
  readonly preload: Uint8Array;
  readonly prewarm: Uint8Array;
  readonly workerOf: Int32Array;
  readonly levelOf: Int32Array;
  readonly n: number;
  readonly L: number;
  readonly K: number;
  readonly km1: number;
  readonly gExec: Float64Array;
  readonly gUp: Float64Array;
  readonly gDown: Float64Array;
  readonly gIn: Float64Array;
  readonly gCold: Float64Array;
  readonly gWarm: Float64Array;
  readonly ladder: Float64Array;
  readonly predStart: Int32Array;
  readonly predTask: Int32Array;
  readonly predEdge: Int32Array;
  readonly succStart: Int32Array;
  readonly edgeTo: Int32Array;
  readonly criticality: boolean;
  /** Billed intervals (mbMs) are summed; without, only finishes (and, for criticality, starts and weights) are kept. */
  readonly billing: boolean;
  readonly anyPreload: boolean;
  readonly B: number;
  readonly ES: Float64Array;
  readonly W: Float64Array;
  readonly EF: Float64Array;
  readonly AFTER: Float64Array;
  readonly EW: Float64Array;
  readonly seed0: Uint32Array;
  readonly z: Float64Array;
  readonly execT: Float64Array;
  readonly upT: Float64Array;
  readonly startT: Float64Array;
  readonly leadT: Float64Array;
  readonly headT: Float64Array;
  readonly aliveT: Float64Array;
  readonly mk: Float64Array;
  readonly mbMs: Float64Array;
  readonly a: number;
  readonly b: number;
  readonly rho: number;
  /** Draws made so far in the block (the stream position, the same for every scenario). */
  k = 0;

  /** The timing model: issue 11's rules (CPU sharing at forks, orchestration overhead) are read through it. */
  readonly model: TimingModel;

  /** `blockSize` undefined: as many scenarios as the arrays this pass allocates allow (`blockSizeFor` of its layout). */
  constructor(dag: CompactDag, grids: QuantileGrids, plan: CompactPlan, model: TimingModel, rho: number, criticality: boolean, blockSize: number | undefined, billing = true) {
    this.model = model;
    this.uploads = model.uploads;
    this.paysStart = model.paysStart;
    this.remote = model.remote;
    this.preload = model.preload;
    this.prewarm = model.prewarm;
    this.workerOf = plan.workerOf;
    this.levelOf = plan.levelOf;
    const n = (this.n = dag.taskCount);
    const m = dag.edgeCount;
    this.L = grids.levels;
    this.K = grids.points;
    this.km1 = grids.points - 1;
    this.gExec = grids.execMs;
    this.gUp = grids.uploadMs;
    this.gDown = grids.downloadMs;
    this.gIn = grids.inputDownloadMs;
    this.gCold = grids.coldStartMs;
    this.gWarm = grids.warmStartMs;
    this.ladder = grids.ladderMb;
    this.predStart = dag.predStart;
    this.predTask = dag.predTask;
    this.predEdge = dag.predEdge;
    this.succStart = dag.succStart;
    this.edgeTo = dag.edgeTo;
    this.criticality = criticality;
    this.billing = billing;
    let anyPreload = false;
    for (let v = 0; v < n; v++) if (model.preload[v] === 1) anyPreload = true;
    this.anyPreload = anyPreload;
    const B = (this.B = blockSize ?? blockSizeFor(dag, { criticality, billing, preload: anyPreload }));
    // Starts and weights are read by the backward pass and written for billing only.
    const startsAndWeights = criticality || billing ? n * B : 0;
    this.ES = new Float64Array(startsAndWeights);
    this.W = new Float64Array(startsAndWeights);
    this.EF = new Float64Array(n * B);
    this.AFTER = criticality ? new Float64Array(n * B) : this.ES;
    this.EW = anyPreload ? new Float64Array(m * B) : new Float64Array(0);
    this.seed0 = new Uint32Array(B);
    this.z = new Float64Array(B);
    this.execT = new Float64Array(B);
    this.upT = new Float64Array(B);
    this.startT = new Float64Array(B);
    this.leadT = new Float64Array(B);
    this.headT = new Float64Array(B);
    this.aliveT = new Float64Array(B);
    this.mk = new Float64Array(B);
    this.mbMs = new Float64Array(B);
    this.rho = rho;
    this.a = Math.sqrt(rho);
    this.b = Math.sqrt(1 - rho);
  }

  /** Inverse-CDF draw of cell `base` for every scenario of the block (the next draw of each stream). */
  draw(grid: Float64Array, base: number, out: Float64Array, bs: number): void {
    const step = Math.imul(++this.k, 0x6d2b79f5);
    if (flatCell(grid, base, this.K)) out.fill(grid[base]!, 0, bs);
    else drawCell(grid, base, out, bs, this.seed0, step, this.km1);
  }

  /** Seeds the streams of scenarios [firstScenario, firstScenario + bs); with a shared slowdown, draws each scenario's run factor. */
  startBlock(seed: number, firstScenario: number, bs: number): void {
    const { seed0, mk, mbMs, z } = this;
    this.k = 0;
    for (let s = 0; s < bs; s++) {
      seed0[s] = scenarioSeed(seed, firstScenario + s);
      mk[s] = 0;
      mbMs[s] = 0;
    }
    if (this.rho > 0) {
      const k1 = Math.imul(++this.k, 0x6d2b79f5);
      const k2 = Math.imul(++this.k, 0x6d2b79f5);
      for (let s = 0; s < bs; s++) z[s] = normalAt(seed0[s]!, k1, k2);
    }
  }

  /** Task v for every scenario of the block: its draws, start, finish, and its billed interval. */
  forwardTask(v: number, bs: number): void {
    const { uploads, paysStart, remote, preload, prewarm, workerOf, levelOf, L, K, km1, gExec, gUp, gDown, gIn, gCold, gWarm, ladder, predStart, predTask, predEdge, B, ES, W, EF, EW, seed0, z, execT, upT, startT, leadT, headT, aliveT, mk, mbMs, a, b, rho } = this;
    const lvl = levelOf[workerOf[v]!]!;
    const x = v * L + lvl;
    const base = v * B;
    // Execution (through the copula when runs share a slowdown).
    if (rho > 0) {
      const k1 = Math.imul(++this.k, 0x6d2b79f5);
      const k2 = Math.imul(++this.k, 0x6d2b79f5);
      for (let s = 0; s < bs; s++) {
        const pos = Math.min(normalCdf(a * z[s]! + b * normalAt(seed0[s]!, k1, k2)), 1 - 1e-12) * km1;
        const q = pos | 0;
        const lo = gExec[x * K + q]!;
        execT[s] = lo + (pos - q) * (gExec[x * K + q + 1]! - lo);
      }
    } else this.draw(gExec, x * K, execT, bs);
    // CPU sharing (timing-rules.ts): siblings of a fork share the worker's vCPUs; the
    // drawn time is scaled by the model's shared / alone ratio (exact at the model's time).
    if (this.model.siblingsOf(v) > 1) {
      const alone = this.model.table.execMs[v * this.model.table.levels + lvl]!;
      const shared = this.model.execMs(v, lvl);
      const ratio = alone > 0 ? shared / alone : 1;
      for (let s = 0; s < bs; s++) execT[s] = execT[s] === alone ? shared : execT[s]! * ratio;
    }
    const uploadsV = uploads[v] === 1;
    if (uploadsV) this.draw(gUp, x * K, upT, bs);
    const startsV = paysStart[v] === 1;
    if (startsV) this.draw(prewarm[workerOf[v]!] === 1 ? gWarm : gCold, lvl * K, startT, bs);
    else startT.fill(0, 0, bs);

    const from = predStart[v]!;
    const to = predStart[v + 1]!;
    // Where the task's billed interval starts: 0 (source), the head (last input), or aliveT.
    let billFrom: 'zero' | 'head' | 'alive' = 'head';
    if (from === to) {
      // A source: start + external input download, from time 0.
      this.draw(gIn, x * K, leadT, bs);
      for (let s = 0; s < bs; s++) {
        leadT[s] = startT[s]! + leadT[s]!;
        headT[s] = 0;
      }
      billFrom = 'zero';
    } else if (preload[v] === 0) {
      // Downloads in parallel once the last input is complete.
      headT.fill(0, 0, bs);
      leadT.fill(0, 0, bs);
      for (let p = from; p < to; p++) {
        const u = predTask[p]! * B;
        const e = predEdge[p]!;
        if (remote[e] === 0) {
          for (let s = 0; s < bs; s++) if (EF[u + s]! > headT[s]!) headT[s] = EF[u + s]!;
          continue;
        }
        const g = (e * L + lvl) * K;
        const step = Math.imul(++this.k, 0x6d2b79f5);
        if (flatCell(gDown, g, K)) {
          const d = gDown[g]!;
          for (let s = 0; s < bs; s++) {
            if (EF[u + s]! > headT[s]!) headT[s] = EF[u + s]!;
            if (d > leadT[s]!) leadT[s] = d;
          }
          continue;
        }
        for (let s = 0; s < bs; s++) {
          if (EF[u + s]! > headT[s]!) headT[s] = EF[u + s]!;
          const pos = uniformAt(seed0[s]! + step) * km1;
          const q = pos | 0;
          const lo = gDown[g + q]!;
          const d = lo + (pos - q) * (gDown[g + q + 1]! - lo);
          if (d > leadT[s]!) leadT[s] = d;
        }
      }
      for (let s = 0; s < bs; s++) leadT[s] = startT[s]! + leadT[s]!;
    } else {
      // Preload: each remote download starts when its producer completes.
      headT.fill(0, 0, bs);
      leadT.fill(0, 0, bs);
      for (let p = from; p < to; p++) {
        const u = predTask[p]! * B;
        const e = predEdge[p]!;
        const eb = e * B;
        if (remote[e] === 0) {
          for (let s = 0; s < bs; s++) {
            EW[eb + s] = 0;
            const t = EF[u + s]! + 0;
            if (t > headT[s]!) headT[s] = t;
          }
          continue;
        }
        const g = (e * L + lvl) * K;
        const step = Math.imul(++this.k, 0x6d2b79f5);
        if (flatCell(gDown, g, K)) {
          const d = gDown[g]!;
          for (let s = 0; s < bs; s++) {
            const w = startT[s]! + d;
            EW[eb + s] = w;
            const t = EF[u + s]! + w;
            if (t > headT[s]!) headT[s] = t;
          }
          continue;
        }
        for (let s = 0; s < bs; s++) {
          const pos = uniformAt(seed0[s]! + step) * km1;
          const q = pos | 0;
          const lo = gDown[g + q]!;
          const w = startT[s]! + (lo + (pos - q) * (gDown[g + q + 1]! - lo));
          EW[eb + s] = w;
          const t = EF[u + s]! + w;
          if (t > headT[s]!) headT[s] = t;
        }
      }
    }

    const rules = this.model.rules;
    const overhead = rules.overheadPerTaskMs + (from === to ? rules.overheadPerRunMs : 0);
    if (!this.billing) {
      // Makespans only: the same finishes, no billed interval.
      const keepAll = this.criticality;
      for (let s = 0; s < bs; s++) {
        const lead = overhead + leadT[s]!;
        const weight = uploadsV ? lead + execT[s]! + upT[s]! : lead + execT[s]! + 0;
        const head = headT[s]!;
        const finish = head + weight;
        if (keepAll) {
          ES[base + s] = head;
          W[base + s] = weight;
        }
        EF[base + s] = finish;
        if (finish > mk[s]!) mk[s] = finish;
      }
      return;
    }
    // Billing start of the task's interval (the rule of `planCost`).
    if (from !== to) {
      const w = workerOf[v]!;
      if (!startsV) {
        billFrom = 'alive';
        aliveT.fill(-Infinity, 0, bs);
        for (let p = from; p < to; p++) {
          const uTask = predTask[p]!;
          if (workerOf[uTask] !== w) continue;
          const u = uTask * B;
          for (let s = 0; s < bs; s++) if (EF[u + s]! > aliveT[s]!) aliveT[s] = EF[u + s]!;
        }
      } else if (preload[v] === 1) {
        billFrom = 'alive';
        aliveT.fill(Infinity, 0, bs);
        for (let p = from; p < to; p++) {
          const u = predTask[p]! * B;
          for (let s = 0; s < bs; s++) if (EF[u + s]! < aliveT[s]!) aliveT[s] = EF[u + s]!;
        }
      }
    }
    const mem = ladder[lvl]!;
    const alive = billFrom === 'alive' ? aliveT : headT;
    const zeroFrom = billFrom === 'zero';
    // Orchestration overhead (timing-rules.ts), summed in TimingModel.nodeMs's order.
    for (let s = 0; s < bs; s++) {
      const lead = overhead + leadT[s]!;
      const weight = uploadsV ? lead + execT[s]! + upT[s]! : lead + execT[s]! + 0;
      const head = headT[s]!;
      const finish = head + weight;
      ES[base + s] = head;
      W[base + s] = weight;
      EF[base + s] = finish;
      if (finish > mk[s]!) mk[s] = finish;
      mbMs[s]! += mem * Math.max(0, finish - (zeroFrom ? 0 : alive[s]!));
    }
  }

  /** Task v backwards: its longest path to the end per scenario; returns the scenarios in which it is on a critical path. */
  backwardTask(v: number, bs: number): number {
    const { succStart, edgeTo, anyPreload, B, ES, W, AFTER, EW, mk } = this;
    const base = v * B;
    const end = succStart[v + 1]!;
    for (let s = 0; s < bs; s++) AFTER[base + s] = 0;
    for (let e = succStart[v]!; e < end; e++) {
      const w = edgeTo[e]! * B;
      if (anyPreload) {
        const eb = e * B;
        for (let s = 0; s < bs; s++) {
          const t = EW[eb + s]! + W[w + s]! + AFTER[w + s]!;
          if (t > AFTER[base + s]!) AFTER[base + s] = t;
        }
      } else {
        for (let s = 0; s < bs; s++) {
          const t = 0 + W[w + s]! + AFTER[w + s]!;
          if (t > AFTER[base + s]!) AFTER[base + s] = t;
        }
      }
    }
    let hits = 0;
    for (let s = 0; s < bs; s++) if (ES[base + s]! + W[base + s]! + AFTER[base + s]! >= mk[s]! - TIME_EPSILON_MS) hits++;
    return hits;
  }
}

/** Concatenates results of consecutive scenario ranges (in order). */
export function mergeScenarioResults(parts: readonly ScenarioResults[]): ScenarioResults {
  const sorted = [...parts].sort((x, y) => x.first - y.first);
  const count = sorted.reduce((sum, p) => sum + p.count, 0);
  const n = sorted[0]?.criticalCount.length ?? 0;
  const makespanMs = new Float64Array(count);
  const costUsd = new Float64Array(count);
  const criticalCount = new Float64Array(n);
  let at = 0;
  for (const p of sorted) {
    if (p.first !== (sorted[0]?.first ?? 0) + at) throw new SlacklineError('timing/monte-carlo', `scenario ranges are not consecutive at ${p.first}`);
    makespanMs.set(p.makespanMs, at);
    costUsd.set(p.costUsd, at);
    for (let v = 0; v < n; v++) criticalCount[v]! += p.criticalCount[v]!;
    at += p.count;
  }
  return { first: sorted[0]?.first ?? 0, count, makespanMs, costUsd, criticalCount };
}

function quantiles(sorted: Float64Array): QuantileSummary {
  const values = sorted as unknown as number[];
  return { p50: ss.quantileSorted(values, 0.5), p90: ss.quantileSorted(values, 0.9), p95: ss.quantileSorted(values, 0.95), p99: ss.quantileSorted(values, 0.99) };
}

/** Probability that a makespan sample stays within `deadlineMs` (within TIME_EPSILON_MS). */
export function probabilityWithin(makespanMs: Float64Array, deadlineMs: number): number {
  let hits = 0;
  for (let s = 0; s < makespanMs.length; s++) if (makespanMs[s]! <= deadlineMs + TIME_EPSILON_MS) hits++;
  return makespanMs.length === 0 ? 0 : hits / makespanMs.length;
}

/** The q-quantile (simple-statistics' rule, as the SLA statistics) of a sample. */
export function sampleQuantile(values: Float64Array, q: number): number {
  return ss.quantileSorted(Float64Array.from(values).sort() as unknown as number[], q);
}

export function summarizeScenarios(results: ScenarioResults, options: { readonly seed?: number; readonly correlation?: number; readonly deadlineMs?: number }): MonteCarloReport {
  const N = results.count;
  if (N === 0) throw new SlacklineError('timing/monte-carlo', 'no scenarios to summarize');
  const makespans = Float64Array.from(results.makespanMs).sort();
  const costs = Float64Array.from(results.costUsd).sort();
  const criticality = new Float64Array(results.criticalCount.length);
  for (let v = 0; v < criticality.length; v++) criticality[v] = results.criticalCount[v]! / N;
  return {
    samples: N,
    seed: options.seed ?? 1,
    correlation: options.correlation ?? 0,
    makespanQuantilesMs: quantiles(makespans),
    meanMakespanMs: ss.mean(makespans as unknown as number[]),
    ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs, deadlineProbability: probabilityWithin(results.makespanMs, options.deadlineMs) } : {}),
    cost: { meanUsd: ss.mean(costs as unknown as number[]), quantilesUsd: quantiles(costs) },
    criticality,
  };
}

/** N scenarios of the plan in this thread; see `src/bench/monte-carlo-pool.ts` for the thread-split version. */
export function monteCarlo(dag: CompactDag, grids: QuantileGrids, plan: CompactPlan, options: MonteCarloOptions & { readonly deadlineMs?: number }): MonteCarloReport {
  const samples = options.samples ?? DEFAULT_SAMPLES;
  checkOptions(samples, options.correlation ?? 0);
  return summarizeScenarios(runScenarios(dag, grids, plan, 0, samples, options), options);
}
