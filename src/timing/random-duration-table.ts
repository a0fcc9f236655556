/**
 * Seeded random duration tables, for tests and the critical-path benchmarks: random
 * execution, upload and download times at every level, an input download for the sources,
 * random cold and warm starts.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { randomInt, type RandomSource } from '../util/random.js';
import type { DurationTable } from './types.js';

/**
 * Random durations at `levels` levels. With `integers`, every duration is a small integer,
 * so equal-length paths (exact ties) are common.
 */
export function randomTable(dag: CompactDag, levels: number, random: RandomSource, integers = false): DurationTable {
  const draw = (lo: number, hi: number) => (integers ? randomInt(random, lo, hi) : lo + (hi - lo) * random());
  const n = dag.taskCount;
  const m = dag.edgeCount;
  const fill = (length: number, lo: number, hi: number) => Float64Array.from({ length }, () => draw(lo, hi));
  const inputDownloadMs = new Float64Array(n * levels);
  for (let i = 0; i < n; i++) {
    if (dag.predStart[i] !== dag.predStart[i + 1]) continue;
    for (let l = 0; l < levels; l++) inputDownloadMs[i * levels + l] = draw(0, 10);
  }
  return {
    ladderMb: Float64Array.from({ length: levels }, (_, l) => 128 * 2 ** l),
    levels,
    execMs: fill(n * levels, 1, 100),
    uploadMs: fill(n * levels, 0, 20),
    downloadMs: fill(m * levels, 0, 20),
    inputDownloadMs,
    coldStartMs: fill(levels, 50, 300),
    warmStartMs: fill(levels, 1, 20),
  };
}

