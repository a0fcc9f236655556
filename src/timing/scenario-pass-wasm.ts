/**
 * Host of the WebAssembly kernel `wasm/scenario-pass.ts` (SIMD): the Monte Carlo pass of
 * `ScenarioPass` without a shared slowdown, in every layout `runScenarios` asks for
 * (makespans only: the sweep's P95 / P(<= D) measurement and the planners' probes; with
 * billing: `simulate --samples`' cost distribution and the confidence checks; with
 * criticality: orion's raises and `simulate`'s criticality). Same scenarios, same numbers,
 * bit for bit, as the JavaScript pass (test/monte-carlo-wasm.test.ts compares them), 3-3.7x
 * faster (`npm run bench -- monte-carlo`): four scenarios' uniforms and two scenarios' doubles per instruction.
 *
 * The plan is laid out once per call in the kernel's memory: one cell (K quantiles) per
 * draw site at the plan's level (execution, upload, worker start, a source's input, each
 * remote input), so the kernel never indexes the full grids; then block after block of
 * scenarios runs there (forward, and backward for criticality). One instance per thread;
 * its memory grows as plans need it.
 *
 * The kernel is built by `npm run build` (`dist/src/timing/wasm/scenario-pass.wasm`);
 * without it (a checkout that was never built), or with `SLACKLINE_MC_KERNEL=js`,
 * `runScenarios` keeps its JavaScript pass. `SLACKLINE_MC_KERNEL=wasm` makes a missing
 * kernel an error. A shared slowdown (`correlation` > 0) runs in JavaScript: its normal
 * draws call Math.log and Math.cos, whose last bits a WebAssembly port would not match.
 * `IncrementalScenarios` (which keeps every block and re-runs a cone) runs in JavaScript.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CompactDag } from '../dag/compact-dag.js';
import { SlacklineError } from '../errors.js';
import type { QuantileGrids } from '../predict/quantile-grids.js';
import { packagePath } from '../util/package-root.js';
import { runsFromSources } from '../util/worker-module.js';
import { flatCell, scenarioSeed } from './scenario-streams.js';
import type { TimingModel } from './timing-model.js';
import { TIME_EPSILON_MS } from './tolerance.js';
import type { CompactPlan } from './types.js';

// Node's own types declare no WebAssembly values here (lib ES2023, no DOM): the little this file uses.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: unknown };
};

interface KernelExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  setLayout(...offsets: number[]): void;
  scratchBytes(stride: number): number;
  runBlock(n: number, bs: number, billing: number, criticality: number, keepWaits: number): number;
  backwardBlock(n: number, bs: number, counts: number, withWaits: number): void;
  makespansAt(): number;
  billedAt(): number;
}

/** What a pass keeps and returns besides the makespans (`ScenarioPass`'s layout). */
export interface KernelLayout {
  readonly billing: boolean;
  readonly criticality: boolean;
}

/** Per scenario: makespan and billed MB x ms (zeros without billing); per task: scenarios on a critical path (zeros without criticality). */
export interface KernelScenarios {
  readonly makespanMs: Float64Array;
  readonly mbMs: Float64Array;
  readonly criticalCount: Float64Array;
}

const KERNEL_FILE = 'scenario-pass.wasm';
/**
 * Plans whose layout would need more than this stay on the JavaScript pass: the layout
 * copies K quantiles per draw site (about 8 K (3 V + E) bytes: 8 MB for random-layered-5000,
 * 0.15 GB at 100,000 tasks) beside the block's rows, and a thread's kernel memory never shrinks.
 */
export const MAX_KERNEL_BYTES = 512 * 1024 * 1024;
const PAGE = 65536;

/** Where the build leaves the kernel: beside the compiled host; from sources, in `dist/`. */
export function kernelFile(): string {
  return runsFromSources(import.meta.url) ? packagePath('dist', 'src', 'timing', 'wasm', KERNEL_FILE) : fileURLToPath(new URL(`./wasm/${KERNEL_FILE}`, import.meta.url));
}

let kernel: KernelExports | null | undefined;

/** The kernel of this thread, or null when it is not built or turned off (`SLACKLINE_MC_KERNEL=js`). */
export function scenarioKernel(): KernelExports | null {
  if (kernel !== undefined) return kernel;
  const choice = process.env.SLACKLINE_MC_KERNEL;
  if (choice === 'js') return (kernel = null);
  const file = kernelFile();
  if (!existsSync(file)) {
    if (choice === 'wasm') throw new SlacklineError('timing/monte-carlo', 'SLACKLINE_MC_KERNEL=wasm, but the Monte Carlo kernel is not built: run npm run build', { file });
    return (kernel = null);
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), { env: { abort: () => { throw new SlacklineError('timing/monte-carlo', 'the WebAssembly kernel aborted'); } } });
  return (kernel = instance.exports as unknown as KernelExports);
}

/** Byte offsets of the layout, each 16-byte aligned. */
class Arena {
  size = 0;
  take(bytes: number): number {
    const at = this.size;
    this.size += Math.ceil(bytes / 16) * 16;
    return at;
  }
}

/**
 * Scenarios [first, first + count) of `plan` in blocks of `blockSize`, computed by the kernel:
 * makespans, and with `layout.billing` each scenario's billed MB x ms, with
 * `layout.criticality` the per-task critical counts; undefined when the kernel is not
 * available or the plan's layout is too large for it (the caller then runs the JavaScript pass).
 */
export function runScenariosInWasm(dag: CompactDag, grids: QuantileGrids, plan: CompactPlan, model: TimingModel, first: number, count: number, seed: number, blockSize: number, layout: KernelLayout): KernelScenarios | undefined {
  const wasm = scenarioKernel();
  if (wasm === null) return undefined;
  const n = dag.taskCount;
  const m = dag.edgeCount;
  const K = grids.points;
  const L = grids.levels;
  const stride = (Math.max(1, blockSize) + 3) & ~3;
  const { uploads, paysStart, remote, preload, prewarm } = model;
  const { workerOf, levelOf } = plan;
  const { predStart, predTask, predEdge, succStart, edgeTo } = dag;
  const { billing, criticality } = layout;
  const keepAll = billing || criticality;
  let anyPreload = false;
  for (let v = 0; v < n; v++) if (preload[v] === 1) anyPreload = true;
  const keepWaits = criticality && anyPreload;

  // Draw sites: execution of every task, uploads, paid starts, sources' inputs, remote inputs.
  let cells = n;
  for (let v = 0; v < n; v++) {
    cells += uploads[v]! + paysStart[v]!;
    if (predStart[v] === predStart[v + 1]) cells++;
  }
  for (let p = 0; p < m; p++) if (remote[predEdge[p]!] === 1) cells++;

  const arena = new Arena();
  const at = {
    pool: arena.take(cells * K * 8),
    flat: arena.take(cells),
    cExec: arena.take(n * 4),
    cUp: arena.take(n * 4),
    cStart: arena.take(n * 4),
    cIn: arena.take(n * 4),
    preload: arena.take(n),
    overhead: arena.take(n * 8),
    share: arena.take(n),
    alone: arena.take(n * 8),
    shared: arena.take(n * 8),
    ratio: arena.take(n * 8),
    predStart: arena.take((n + 1) * 4),
    predTask: arena.take(m * 4),
    predCell: arena.take(m * 4),
    predEdge: arena.take(m * 4),
    seeds: arena.take(stride * 4),
    ef: arena.take(n * stride * 8),
    scratch: arena.take(wasm.scratchBytes(stride)),
    es: keepAll ? arena.take(n * stride * 8) : 0,
    w: keepAll ? arena.take(n * stride * 8) : 0,
    after: criticality ? arena.take(n * stride * 8) : 0,
    ew: keepWaits ? arena.take(m * stride * 8) : 0,
    mem: arena.take(n * 8),
    billMode: arena.take(n),
    predSame: arena.take(m),
    succStart: arena.take((n + 1) * 4),
    edgeTo: arena.take(m * 4),
    counts: arena.take(n * 8),
  };
  if (arena.size > MAX_KERNEL_BYTES) return undefined;
  const pages = Math.ceil(arena.size / PAGE);
  const have = wasm.memory.buffer.byteLength / PAGE;
  if (pages > have) wasm.memory.grow(pages - have);
  const buffer = wasm.memory.buffer;

  const pool = new Float64Array(buffer, at.pool, cells * K);
  const flat = new Uint8Array(buffer, at.flat, cells);
  const cExec = new Int32Array(buffer, at.cExec, n);
  const cUp = new Int32Array(buffer, at.cUp, n);
  const cStart = new Int32Array(buffer, at.cStart, n);
  const cIn = new Int32Array(buffer, at.cIn, n);
  const preloadOf = new Uint8Array(buffer, at.preload, n);
  const overhead = new Float64Array(buffer, at.overhead, n);
  const share = new Uint8Array(buffer, at.share, n);
  const alone = new Float64Array(buffer, at.alone, n);
  const shared = new Float64Array(buffer, at.shared, n);
  const ratio = new Float64Array(buffer, at.ratio, n);
  new Int32Array(buffer, at.predStart, n + 1).set(predStart.subarray(0, n + 1));
  new Int32Array(buffer, at.predTask, m).set(predTask.subarray(0, m));
  new Int32Array(buffer, at.predEdge, m).set(predEdge.subarray(0, m));
  new Int32Array(buffer, at.succStart, n + 1).set(succStart.subarray(0, n + 1));
  new Int32Array(buffer, at.edgeTo, m).set(edgeTo.subarray(0, m));
  const predCell = new Int32Array(buffer, at.predCell, m);
  const memOf = new Float64Array(buffer, at.mem, n);
  const billMode = new Uint8Array(buffer, at.billMode, n);
  const predSame = new Uint8Array(buffer, at.predSame, m);
  const counts = new Float64Array(buffer, at.counts, n);
  counts.fill(0);
  // Waits of inputs that are not preloaded stay 0, as in the JavaScript pass's fresh arrays.
  if (keepWaits) new Float64Array(buffer, at.ew, m * stride).fill(0);

  let next = 0;
  const cell = (grid: Float64Array, base: number): number => {
    const c = next++;
    pool.set(grid.subarray(base, base + K), c * K);
    flat[c] = flatCell(grid, base, K) ? 1 : 0;
    return c;
  };
  const rules = model.rules;
  for (let v = 0; v < n; v++) {
    const lvl = levelOf[workerOf[v]!]!;
    const x = (v * L + lvl) * K;
    const source = predStart[v] === predStart[v + 1];
    cExec[v] = cell(grids.execMs, x);
    cUp[v] = uploads[v] === 1 ? cell(grids.uploadMs, x) : -1;
    cStart[v] = paysStart[v] === 1 ? cell(prewarm[workerOf[v]!] === 1 ? grids.warmStartMs : grids.coldStartMs, lvl * K) : -1;
    cIn[v] = source ? cell(grids.inputDownloadMs, x) : -1;
    for (let p = predStart[v]!; p < predStart[v + 1]!; p++) {
      const e = predEdge[p]!;
      predCell[p] = remote[e] === 0 ? -1 : cell(grids.downloadMs, (e * L + lvl) * K);
      predSame[p] = workerOf[predTask[p]!] === workerOf[v] ? 1 : 0;
    }
    memOf[v] = grids.ladderMb[lvl]!;
    // planCost's rule: from 0 (a source), the worker's last input (no start paid), the first input (preload), else the head.
    billMode[v] = source ? 0 : paysStart[v] !== 1 ? 2 : preload[v] === 1 ? 3 : 1;
    preloadOf[v] = preload[v]!;
    overhead[v] = rules.overheadPerTaskMs + (source ? rules.overheadPerRunMs : 0);
    // CPU sharing at forks, as ScenarioPass.forwardTask scales it.
    share[v] = model.siblingsOf(v) > 1 ? 1 : 0;
    if (share[v] === 1) {
      alone[v] = model.table.execMs[v * model.table.levels + lvl]!;
      shared[v] = model.execMs(v, lvl);
      ratio[v] = alone[v]! > 0 ? shared[v]! / alone[v]! : 1;
    }
  }
  wasm.setLayout(K, stride, TIME_EPSILON_MS, at.pool, at.flat, at.cExec, at.cUp, at.cStart, at.cIn, at.preload, at.overhead, at.share, at.alone, at.shared, at.ratio, at.predStart, at.predTask, at.predCell, at.predEdge, at.seeds, at.ef, at.scratch, at.es, at.w, at.after, at.ew, at.mem, at.billMode, at.predSame, at.succStart, at.edgeTo);

  const seeds = new Uint32Array(buffer, at.seeds, stride);
  const mk = new Float64Array(buffer, wasm.makespansAt(), stride);
  const billed = new Float64Array(buffer, wasm.billedAt(), stride);
  const makespanMs = new Float64Array(count);
  const mbMs = new Float64Array(count);
  for (let b0 = 0; b0 < count; b0 += blockSize) {
    const bs = Math.min(blockSize, count - b0);
    seeds.fill(0);
    for (let s = 0; s < bs; s++) seeds[s] = scenarioSeed(seed, first + b0 + s);
    wasm.runBlock(n, bs, billing ? 1 : 0, criticality ? 1 : 0, keepWaits ? 1 : 0);
    if (criticality) wasm.backwardBlock(n, bs, at.counts, anyPreload ? 1 : 0);
    makespanMs.set(mk.subarray(0, bs), b0);
    if (billing) mbMs.set(billed.subarray(0, bs), b0);
  }
  return { makespanMs, mbMs, criticalCount: Float64Array.from(counts) };
}
