/**
 * Host of the WebAssembly kernel `wasm/scenario-finishes.ts` (SIMD): the Monte Carlo pass
 * for its finishes-only layout (makespans; no billing, no criticality, no shared slowdown),
 * which is what the sweep's P95 / P(<= D) measurement and every `costs: false,
 * criticality: false` call of `runScenarios` ask for. Same scenarios, same numbers, bit for
 * bit, as `ScenarioPass` (test/monte-carlo-wasm.test.ts compares them), about twice as fast:
 * four scenarios' uniforms and two scenarios' doubles per instruction.
 *
 * The plan is laid out once per call in the kernel's memory: one cell (K quantiles) per
 * draw site at the plan's level (execution, upload, worker start, a source's input, each
 * remote input), so the kernel never indexes the full grids; then block after block of
 * scenarios runs there. One instance per thread; its memory grows as plans need it.
 *
 * The kernel is built by `npm run build` (`dist/src/timing/wasm/scenario-finishes.wasm`);
 * without it (a checkout that was never built), or with `SLACKLINE_MC_KERNEL=js`,
 * `runScenarios` keeps its JavaScript pass. `SLACKLINE_MC_KERNEL=wasm` makes a missing
 * kernel an error.
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
  runBlock(n: number, bs: number): number;
  makespansAt(): number;
}

const KERNEL_FILE = 'scenario-finishes.wasm';
/**
 * Plans whose layout would need more than this stay on the JavaScript pass: the layout
 * copies K quantiles per draw site (about 8 K (3 V + E) bytes: 8 MB for random-layered-5000,
 * 0.15 GB at 100,000 tasks), and a thread's kernel memory never shrinks.
 */
export const MAX_KERNEL_BYTES = 512 * 1024 * 1024;
const PAGE = 65536;

/** Where the build leaves the kernel: beside the compiled host; from sources, in `dist/`. */
export function kernelFile(): string {
  return runsFromSources(import.meta.url) ? packagePath('dist', 'src', 'timing', 'wasm', KERNEL_FILE) : fileURLToPath(new URL(`./wasm/${KERNEL_FILE}`, import.meta.url));
}

let kernel: KernelExports | null | undefined;

/** The kernel of this thread, or null when it is not built or turned off (`SLACKLINE_MC_KERNEL=js`). */
export function finishesKernel(): KernelExports | null {
  if (kernel !== undefined) return kernel;
  const choice = process.env.SLACKLINE_MC_KERNEL;
  if (choice === 'js') return (kernel = null);
  const file = kernelFile();
  if (!existsSync(file)) {
    if (choice === 'wasm') throw new SlacklineError('timing/monte-carlo', `SLACKLINE_MC_KERNEL=wasm, but the kernel ${file} is not built: run npm run build`, { file });
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
 * Makespans of scenarios [first, first + count) of `plan` in blocks of `blockSize`, computed
 * by the kernel; undefined when the kernel is not available or the plan's layout is too large
 * for it (the caller then runs the JavaScript pass).
 */
export function runFinishesInWasm(dag: CompactDag, grids: QuantileGrids, plan: CompactPlan, model: TimingModel, first: number, count: number, seed: number, blockSize: number): Float64Array | undefined {
  const wasm = finishesKernel();
  if (wasm === null) return undefined;
  const n = dag.taskCount;
  const m = dag.edgeCount;
  const K = grids.points;
  const L = grids.levels;
  const stride = (Math.max(1, blockSize) + 3) & ~3;
  const { uploads, paysStart, remote, preload, prewarm } = model;
  const { workerOf, levelOf } = plan;
  const { predStart, predTask, predEdge } = dag;

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
    seeds: arena.take(stride * 4),
    ef: arena.take(n * stride * 8),
    scratch: arena.take(wasm.scratchBytes(stride)),
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
  const predCell = new Int32Array(buffer, at.predCell, m);

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
    }
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
  wasm.setLayout(K, stride, at.pool, at.flat, at.cExec, at.cUp, at.cStart, at.cIn, at.preload, at.overhead, at.share, at.alone, at.shared, at.ratio, at.predStart, at.predTask, at.predCell, at.seeds, at.ef, at.scratch);

  const seeds = new Uint32Array(buffer, at.seeds, stride);
  const mk = new Float64Array(buffer, wasm.makespansAt(), stride);
  const makespanMs = new Float64Array(count);
  for (let b0 = 0; b0 < count; b0 += blockSize) {
    const bs = Math.min(blockSize, count - b0);
    seeds.fill(0);
    for (let s = 0; s < bs; s++) seeds[s] = scenarioSeed(seed, first + b0 + s);
    wasm.runBlock(n, bs);
    makespanMs.set(mk.subarray(0, bs), b0);
  }
  return makespanMs;
}
