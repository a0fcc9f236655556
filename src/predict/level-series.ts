/**
 * Per-memory-level models (transfers, worker starts) queried at any memory size: the
 * prediction at a recorded level is that level's model; between two recorded levels it is
 * interpolated linearly in memory between the two levels' predictions; outside the
 * recorded range it is the nearest level's prediction (no extrapolation: bandwidth and
 * start times level off rather than follow the CPU share).
 */
export interface Level<T> {
  readonly memoryMb: number;
  readonly model: T;
}

/** Sorts levels ascending by memory (call once, at fit time). */
export function sortLevels<T>(levels: Level<T>[]): readonly Level<T>[] {
  return levels.sort((a, b) => a.memoryMb - b.memoryMb);
}

/** The interpolated prediction; `levels` must be non-empty and sorted. O(log levels). */
export function predictAcrossLevels<T, A>(levels: readonly Level<T>[], memoryMb: number, predict: (model: T, arg: A) => number, arg: A): number {
  const first = levels[0]!;
  if (memoryMb <= first.memoryMb || levels.length === 1) return predict(first.model, arg);
  const last = levels[levels.length - 1]!;
  if (memoryMb >= last.memoryMb) return predict(last.model, arg);
  let lo = 0;
  let hi = levels.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (levels[mid]!.memoryMb <= memoryMb) lo = mid;
    else hi = mid;
  }
  const a = levels[lo]!;
  const b = levels[hi]!;
  const va = predict(a.model, arg);
  if (memoryMb === a.memoryMb) return va;
  const vb = predict(b.model, arg);
  return va + ((vb - va) * (memoryMb - a.memoryMb)) / (b.memoryMb - a.memoryMb);
}
