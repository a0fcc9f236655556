// AssemblyScript, compiled by `npm run build` (asc, SIMD) to
// dist/src/timing/wasm/scenario-pass.wasm; not part of the TypeScript build.
//
// The passes of `ScenarioPass` (src/timing/monte-carlo.ts) without a shared slowdown: one
// block of scenarios forward, task by task in topological-index order (finishes; with
// billing, each task's billed interval; with criticality, starts and weights kept), and
// backward for the criticality counts; every value the JavaScript pass computes, bit for bit.
// Four scenarios' uniforms at once (i32x4: mulberry32 is 32-bit integer arithmetic), two
// scenarios' doubles at once (f64x2: IEEE operations are exact per lane, so the order of
// operations below is the JavaScript pass's). Maxima use pmax (a < b ? b : a), which is
// JavaScript's `if (b > a) a = b`.
//
// The host (src/timing/scenario-pass-wasm.ts) lays out, in this module's memory, the
// plan's cells (each K quantiles of one draw site at the plan's level), per-task and
// per-input facts, the block's seeds and the working arrays, then calls `runBlock`.
// Rows have a stride of B (a multiple of 4); lanes past the block's size compute values
// nobody reads.

let K: i32 = 0;
let km1: f64 = 0;
let B: i32 = 0;
let pool: usize = 0; // f64 cells, K each
let flat: usize = 0; // u8 per cell: all K quantiles one finite value (no draw needed)
let cExec: usize = 0; // i32 per task: cell of the execution time
let cUp: usize = 0; // i32 per task: cell of the upload, -1 without one
let cStart: usize = 0; // i32 per task: cell of the worker start, -1 when none is paid
let cIn: usize = 0; // i32 per task: cell of a source's external input download
let preload: usize = 0; // u8 per task
let overhead: usize = 0; // f64 per task
let share: usize = 0; // u8 per task: runs beside siblings of a fork (CPU sharing)
let alone: usize = 0; // f64 per task
let shared: usize = 0; // f64 per task
let ratio: usize = 0; // f64 per task
let predStart: usize = 0; // i32, n + 1
let predTask: usize = 0; // i32 per input
let predCell: usize = 0; // i32 per input: cell of its download, -1 when local
let predEdge: usize = 0; // i32 per input: its edge (the row of its preloaded wait)
let seeds: usize = 0; // i32 per scenario of the block
let EF: usize = 0; // f64, n rows of B
let tExec: usize = 0;
let tUp: usize = 0;
let tStart: usize = 0;
let tHead: usize = 0;
let tLead: usize = 0;
let tDown: usize = 0;
let mk: usize = 0;
// Billing and criticality.
let ES: usize = 0; // f64, n rows of B: starts (with billing or criticality)
let W: usize = 0; // f64, n rows of B: weights
let AFTER: usize = 0; // f64, n rows of B (criticality)
let EW: usize = 0; // f64, m rows of B: a preloaded input's wait (criticality with preloads)
let mbMs: usize = 0; // f64, B: billed MB x ms per scenario
let tAlive: usize = 0; // f64, B
let mem: usize = 0; // f64 per task: its worker's memory, MB
let billMode: usize = 0; // u8 per task: 0 from time 0 (a source), 1 from its head, 2 from its worker's last input, 3 from its first input (preload)
let predSame: usize = 0; // u8 per input: its producer runs on the task's worker
let succStart: usize = 0; // i32, n + 1
let edgeTo: usize = 0; // i32 per edge
let epsilon: f64 = 0;

export function setLayout(
  k: i32, stride: i32, timeEpsilon: f64,
  poolAt: usize, flatAt: usize, cExecAt: usize, cUpAt: usize, cStartAt: usize, cInAt: usize,
  preloadAt: usize, overheadAt: usize, shareAt: usize, aloneAt: usize, sharedAt: usize, ratioAt: usize,
  predStartAt: usize, predTaskAt: usize, predCellAt: usize, predEdgeAt: usize,
  seedsAt: usize, efAt: usize, scratchAt: usize,
  // Billing and criticality (0 where the layout has none).
  esAt: usize, wAt: usize, afterAt: usize, ewAt: usize, memAt: usize, billModeAt: usize, predSameAt: usize, succStartAt: usize, edgeToAt: usize,
): void {
  K = k;
  km1 = <f64>(k - 1);
  B = stride;
  epsilon = timeEpsilon;
  pool = poolAt; flat = flatAt; cExec = cExecAt; cUp = cUpAt; cStart = cStartAt; cIn = cInAt;
  preload = preloadAt; overhead = overheadAt; share = shareAt; alone = aloneAt; shared = sharedAt; ratio = ratioAt;
  predStart = predStartAt; predTask = predTaskAt; predCell = predCellAt; predEdge = predEdgeAt;
  seeds = seedsAt; EF = efAt;
  ES = esAt; W = wAt; AFTER = afterAt; EW = ewAt; mem = memAt; billMode = billModeAt; predSame = predSameAt; succStart = succStartAt; edgeTo = edgeToAt;
  const row = <usize>stride << 3;
  tExec = scratchAt; tUp = tExec + row; tStart = tUp + row; tHead = tStart + row; tLead = tHead + row; tDown = tLead + row; mk = tDown + row; mbMs = mk + row; tAlive = mbMs + row;
}

/** Bytes of scratch `setLayout` needs after `scratchAt`: nine rows of B doubles. */
export function scratchBytes(stride: i32): usize {
  return (<usize>stride << 3) * 9;
}

/** Where the block's billed MB x ms are (B doubles). */
export function billedAt(): usize {
  return mbMs;
}

@inline function fill(out: usize, value: f64, lanes: i32): void {
  const v = f64x2.splat(value);
  for (let s = 0; s < lanes; s += 2) v128.store(out + (<usize>s << 3), v);
}

/** The next draw of every scenario's stream from cell `c` into `out` (the stream position is `k`). */
function draw(c: i32, out: usize, lanes: i32, k: i32): void {
  const g = pool + ((<usize>c * <usize>K) << 3);
  if (load<u8>(flat + <usize>c) != 0) {
    fill(out, load<f64>(g), lanes);
    return;
  }
  const stepv = i32x4.splat(k * 0x6d2b79f5);
  const one = i32x4.splat(1);
  const s61 = i32x4.splat(61);
  const inv = f64x2.splat(1.0 / 4294967296.0);
  const span = f64x2.splat(km1);
  for (let s = 0; s < lanes; s += 4) {
    const st = i32x4.add(v128.load(seeds + (<usize>s << 2)), stepv);
    let t = i32x4.mul(v128.xor(st, i32x4.shr_u(st, 15)), v128.or(st, one));
    t = v128.xor(t, i32x4.add(t, i32x4.mul(v128.xor(t, i32x4.shr_u(t, 7)), v128.or(t, s61))));
    const r = v128.xor(t, i32x4.shr_u(t, 14));
    const rh = i8x16.shuffle(r, r, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
    const p0 = f64x2.mul(f64x2.mul(f64x2.convert_low_i32x4_u(r), inv), span);
    const p1 = f64x2.mul(f64x2.mul(f64x2.convert_low_i32x4_u(rh), inv), span);
    const q0 = i32x4.trunc_sat_f64x2_u_zero(p0);
    const q1 = i32x4.trunc_sat_f64x2_u_zero(p1);
    const a0 = g + (<usize>i32x4.extract_lane(q0, 0) << 3);
    const a1 = g + (<usize>i32x4.extract_lane(q0, 1) << 3);
    const a2 = g + (<usize>i32x4.extract_lane(q1, 0) << 3);
    const a3 = g + (<usize>i32x4.extract_lane(q1, 1) << 3);
    const lo0 = f64x2.replace_lane(f64x2.splat(load<f64>(a0)), 1, load<f64>(a1));
    const hi0 = f64x2.replace_lane(f64x2.splat(load<f64>(a0, 8)), 1, load<f64>(a1, 8));
    const lo1 = f64x2.replace_lane(f64x2.splat(load<f64>(a2)), 1, load<f64>(a3));
    const hi1 = f64x2.replace_lane(f64x2.splat(load<f64>(a2, 8)), 1, load<f64>(a3, 8));
    const f0 = f64x2.sub(p0, f64x2.convert_low_i32x4_s(q0));
    const f1 = f64x2.sub(p1, f64x2.convert_low_i32x4_s(q1));
    const at = out + (<usize>s << 3);
    v128.store(at, f64x2.add(lo0, f64x2.mul(f0, f64x2.sub(hi0, lo0))));
    v128.store(at, f64x2.add(lo1, f64x2.mul(f1, f64x2.sub(hi1, lo1))), 16);
  }
}

/**
 * One block forward: `n` tasks, `bs` scenarios (their seeds in place); leaves each scenario's
 * makespan in the `mk` row and, with `billing`, its billed MB x ms in the `mbMs` row; keeps
 * starts and weights with `billing` or `criticality`, preloaded waits with `keepWaits`.
 * Returns the stream position reached.
 */
export function runBlock(n: i32, bs: i32, billing: bool, criticality: bool, keepWaits: bool): i32 {
  const lanes = (bs + 3) & ~3;
  const zero = f64x2.splat(0);
  fill(mk, 0, lanes);
  fill(mbMs, 0, lanes);
  const keepAll = billing || criticality;
  let k: i32 = 0;
  const row = <usize>B << 3;
  for (let v = 0; v < n; v++) {
    const vi = <usize>v;
    k++;
    draw(load<i32>(cExec + (vi << 2)), tExec, lanes, k);
    if (load<u8>(share + vi) != 0) {
      const a = f64x2.splat(load<f64>(alone + (vi << 3)));
      const sh = f64x2.splat(load<f64>(shared + (vi << 3)));
      const ra = f64x2.splat(load<f64>(ratio + (vi << 3)));
      for (let s = 0; s < lanes; s += 2) {
        const at = tExec + (<usize>s << 3);
        const x = v128.load(at);
        v128.store(at, v128.bitselect(sh, f64x2.mul(x, ra), f64x2.eq(x, a)));
      }
    }
    const up = load<i32>(cUp + (vi << 2));
    if (up >= 0) {
      k++;
      draw(up, tUp, lanes, k);
    }
    const start = load<i32>(cStart + (vi << 2));
    if (start >= 0) {
      k++;
      draw(start, tStart, lanes, k);
    } else fill(tStart, 0, lanes);

    const from = load<i32>(predStart + (vi << 2));
    const to = load<i32>(predStart + ((vi + 1) << 2));
    if (from == to) {
      k++;
      draw(load<i32>(cIn + (vi << 2)), tLead, lanes, k);
      for (let s = 0; s < lanes; s += 2) {
        const o = <usize>s << 3;
        v128.store(tLead + o, f64x2.add(v128.load(tStart + o), v128.load(tLead + o)));
        v128.store(tHead + o, zero);
      }
    } else {
      // Without preload, downloads run in parallel once the last input is complete (lead =
      // start + the longest download); with preload, each remote download starts when its
      // producer completes (head = the latest producer finish + start + download).
      // A local input's finish is taken as it is in both (JavaScript adds 0 with preload:
      // the same maximum, as head starts at +0).
      const pre = load<u8>(preload + vi) != 0;
      fill(tHead, 0, lanes);
      fill(tLead, 0, lanes);
      for (let p = from; p < to; p++) {
        const ef = EF + <usize>load<i32>(predTask + (<usize>p << 2)) * row;
        const c = load<i32>(predCell + (<usize>p << 2));
        if (c < 0) {
          if (pre && keepWaits) fill(EW + <usize>load<i32>(predEdge + (<usize>p << 2)) * row, 0, lanes);
          for (let s = 0; s < lanes; s += 2) {
            const o = <usize>s << 3;
            v128.store(tHead + o, f64x2.pmax(v128.load(tHead + o), v128.load(ef + o)));
          }
          continue;
        }
        k++;
        draw(c, tDown, lanes, k);
        if (pre) {
          const ew = EW + <usize>load<i32>(predEdge + (<usize>p << 2)) * row;
          for (let s = 0; s < lanes; s += 2) {
            const o = <usize>s << 3;
            const w = f64x2.add(v128.load(tStart + o), v128.load(tDown + o));
            if (keepWaits) v128.store(ew + o, w);
            v128.store(tHead + o, f64x2.pmax(v128.load(tHead + o), f64x2.add(v128.load(ef + o), w)));
          }
        } else {
          for (let s = 0; s < lanes; s += 2) {
            const o = <usize>s << 3;
            v128.store(tHead + o, f64x2.pmax(v128.load(tHead + o), v128.load(ef + o)));
            v128.store(tLead + o, f64x2.pmax(v128.load(tLead + o), v128.load(tDown + o)));
          }
        }
      }
      if (!pre) {
        for (let s = 0; s < lanes; s += 2) {
          const o = <usize>s << 3;
          v128.store(tLead + o, f64x2.add(v128.load(tStart + o), v128.load(tLead + o)));
        }
      }
    }

    const ov = f64x2.splat(load<f64>(overhead + (vi << 3)));
    const out = EF + vi * row;
    const es = ES + vi * row;
    const wt = W + vi * row;
    // Where the billed interval starts: 0 (a source), the head, or the worker's last input
    // (a task that pays no start) / the first input (a preloading one), as planCost bills.
    const mode = billing ? load<u8>(billMode + vi) : 0;
    if (mode == 2) {
      fill(tAlive, -Infinity, lanes);
      for (let p = from; p < to; p++) {
        if (load<u8>(predSame + <usize>p) == 0) continue;
        const ef = EF + <usize>load<i32>(predTask + (<usize>p << 2)) * row;
        for (let s = 0; s < lanes; s += 2) {
          const o = <usize>s << 3;
          v128.store(tAlive + o, f64x2.pmax(v128.load(tAlive + o), v128.load(ef + o)));
        }
      }
    } else if (mode == 3) {
      fill(tAlive, Infinity, lanes);
      for (let p = from; p < to; p++) {
        const ef = EF + <usize>load<i32>(predTask + (<usize>p << 2)) * row;
        for (let s = 0; s < lanes; s += 2) {
          const o = <usize>s << 3;
          v128.store(tAlive + o, f64x2.pmin(v128.load(tAlive + o), v128.load(ef + o)));
        }
      }
    }
    const alive = mode == 1 ? tHead : tAlive;
    const memory = f64x2.splat(load<f64>(mem + (vi << 3)));
    for (let s = 0; s < lanes; s += 2) {
      const o = <usize>s << 3;
      const lead = f64x2.add(ov, v128.load(tLead + o));
      const weight = up >= 0 ? f64x2.add(f64x2.add(lead, v128.load(tExec + o)), v128.load(tUp + o)) : f64x2.add(f64x2.add(lead, v128.load(tExec + o)), zero);
      const head = v128.load(tHead + o);
      const finish = f64x2.add(head, weight);
      if (keepAll) {
        v128.store(es + o, head);
        v128.store(wt + o, weight);
      }
      v128.store(out + o, finish);
      v128.store(mk + o, f64x2.pmax(v128.load(mk + o), finish));
      if (billing) {
        const from0 = mode == 0 ? zero : v128.load(alive + o);
        v128.store(mbMs + o, f64x2.add(v128.load(mbMs + o), f64x2.mul(memory, f64x2.max(zero, f64x2.sub(finish, from0)))));
      }
    }
  }
  return k;
}

/**
 * One block backward (after `runBlock` with criticality): each task's longest path to the end
 * per scenario; adds to `counts` (f64 per task) the scenarios in which it lies on a critical
 * path (start + weight + after >= makespan - epsilon), over the block's `bs` scenarios only.
 */
export function backwardBlock(n: i32, bs: i32, counts: usize, withWaits: bool): void {
  const lanes = (bs + 3) & ~3;
  const row = <usize>B << 3;
  const zero = f64x2.splat(0);
  for (let v = n - 1; v >= 0; v--) {
    const vi = <usize>v;
    const after = AFTER + vi * row;
    fill(after, 0, lanes);
    const end = load<i32>(succStart + ((vi + 1) << 2));
    for (let e = load<i32>(succStart + (vi << 2)); e < end; e++) {
      const to = <usize>load<i32>(edgeTo + (<usize>e << 2));
      const wt = W + to * row;
      const af = AFTER + to * row;
      if (withWaits) {
        const ew = EW + <usize>e * row;
        for (let s = 0; s < lanes; s += 2) {
          const o = <usize>s << 3;
          const t = f64x2.add(f64x2.add(v128.load(ew + o), v128.load(wt + o)), v128.load(af + o));
          v128.store(after + o, f64x2.pmax(v128.load(after + o), t));
        }
      } else {
        for (let s = 0; s < lanes; s += 2) {
          const o = <usize>s << 3;
          const t = f64x2.add(f64x2.add(zero, v128.load(wt + o)), v128.load(af + o));
          v128.store(after + o, f64x2.pmax(v128.load(after + o), t));
        }
      }
    }
    let hits = 0;
    const es = ES + vi * row;
    const wv = W + vi * row;
    for (let s = 0; s < bs; s++) {
      const o = <usize>s << 3;
      if (load<f64>(es + o) + load<f64>(wv + o) + load<f64>(after + o) >= load<f64>(mk + o) - epsilon) hits++;
    }
    const at = counts + (vi << 3);
    store<f64>(at, load<f64>(at) + <f64>hits);
  }
}

/** Where the block's makespans are (B doubles). */
export function makespansAt(): usize {
  return mk;
}
