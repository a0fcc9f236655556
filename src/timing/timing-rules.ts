/**
 * Platform rules of the timing model that are not durations: how the tasks of one worker
 * share its vCPUs, and the orchestration overhead a platform adds to every task.
 * Carried on the `DurationTable` (`rules`), so every consumer of a table (full pass,
 * incremental engine, simulator, planners, pool workers) applies the same rules; a table
 * without `rules` uses `TIMING_RULES_DEFAULTS`.
 *
 * CPU sharing (`cpuSharing`): a worker of memory m has cpu(m) vCPUs (`cpuShare`; AWS:
 * m / 1769 up to 1769 MB, then linear to 6 at 10240 MB). Tasks that continue in one container from the same task (a fork:
 * several successors of u placed on u's worker) run concurrently and share those vCPUs:
 * each of the c siblings executes as on a worker with cpu(m) / c vCPUs
 * (`processor-sharing`, the default; `none` ignores sharing, the model before issue 11).
 * Tasks that pay their own worker start are their own containers (and invocations) and
 * share nothing. Why a static count at the fork rather than a time-varying processor
 * share: the count depends on the assignment only, so node weights still depend on
 * (assignment, level) alone and the plan stays a longest-path problem that the full pass,
 * the incremental engine and the simulator solve exactly and identically. It is
 * conservative: siblings are assumed to overlap for their whole execution.
 *
 * Orchestration overhead: `overheadPerTaskMs` is added to every task's lead (a state
 * transition or scheduling cycle before it runs; on a chain of n tasks the makespan grows
 * by n x overhead), `overheadPerRunMs` once to every source (the run's own start).
 * `slackline replay` fits both from recorded runs; a dataset states them in
 * `platform.overhead`.
 */
import { cpuShare, type CpuProvider } from '../predict/cpu-share.js';

export const CPU_SHARING_MODES = ['processor-sharing', 'none'] as const;
export type CpuSharingMode = (typeof CPU_SHARING_MODES)[number];

export interface TimingRules {
  /** @default 'processor-sharing' */
  readonly cpuSharing: CpuSharingMode;
  /** @default 'aws' */
  readonly cpuProvider: CpuProvider;
  /** Orchestration delay before every task, ms. @default 0 */
  readonly overheadPerTaskMs: number;
  /** Orchestration delay before the sources (once per run), ms. @default 0 */
  readonly overheadPerRunMs: number;
}

export const TIMING_RULES_DEFAULTS: TimingRules = Object.freeze({ cpuSharing: 'processor-sharing', cpuProvider: 'aws', overheadPerTaskMs: 0, overheadPerRunMs: 0 });

export function resolveTimingRules(rules: Partial<TimingRules> = {}): TimingRules {
  return Object.freeze({ ...TIMING_RULES_DEFAULTS, ...rules });
}

/** vCPUs of every ladder level. */
export function ladderCpus(ladderMb: Float64Array, provider: CpuProvider): Float64Array {
  return Float64Array.from(ladderMb, (mb) => cpuShare(mb, provider));
}

/**
 * Execution time of a task at ladder level `level` when `siblings` tasks share the
 * worker: the time at cpu(m) / siblings vCPUs, interpolated over the task's own times at
 * the ladder levels linearly in 1 / cpu (exact for Amdahl's t = s + p / cpu), extrapolated
 * below the smallest level along the first two levels' line (or linearly in 1 / cpu with
 * one level), and never below the unshared time.
 */
export function sharedExecMs(execMs: Float64Array, base: number, levels: number, cpus: Float64Array, level: number, siblings: number): number {
  const alone = execMs[base + level]!;
  if (siblings <= 1) return alone;
  const x = siblings / cpus[level]!; // 1 / (shared cpu)
  let t: number;
  const x0 = 1 / cpus[0]!;
  if (x >= x0) {
    const t0 = execMs[base]!;
    const x1 = levels > 1 ? 1 / cpus[1]! : x0;
    if (levels > 1 && x0 > x1) t = t0 + ((t0 - execMs[base + 1]!) / (x0 - x1)) * (x - x0);
    else t = t0 * (x / x0);
    t = Math.max(t, t0);
  } else {
    // Levels below `level` bracket x: 1 / cpu decreases with the level.
    let i = level - 1;
    while (i > 0 && 1 / cpus[i]! < x) i--;
    const xi = 1 / cpus[i]!;
    const xj = 1 / cpus[i + 1]!;
    const ti = execMs[base + i]!;
    const tj = execMs[base + i + 1]!;
    t = xi > xj ? tj + ((ti - tj) * (x - xj)) / (xi - xj) : ti;
  }
  return Math.max(t, alone);
}
