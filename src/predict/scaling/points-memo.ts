/**
 * Results derived from a func's relative curve, kept beside the curve's array while it
 * lives: fit-predictor hands the same array to the pooled choice and to each func's fit,
 * which both need its leave-one-size-out predictions (fitting every candidate on every
 * fold, the fit's largest cost). Only a frozen array of frozen points is memoized, so a
 * kept result cannot go stale; `key` names everything else the result depends on.
 */
import type { RelativePoint } from './types.js';

const memo = new WeakMap<readonly RelativePoint[], Map<string, unknown>>();

/** True when `points` cannot change: the array and every point frozen. */
export function isFrozenCurve(points: readonly RelativePoint[]): boolean {
  if (!Object.isFrozen(points)) return false;
  for (const p of points) if (!Object.isFrozen(p)) return false;
  return true;
}

/** Freezes `points` and each point (for `memoOnPoints`); returns the array. */
export function freezeCurve(points: RelativePoint[]): readonly RelativePoint[] {
  for (const p of points) Object.freeze(p);
  return Object.freeze(points);
}

/** `compute()`, once per frozen `points` and `key`; every call when `points` is not frozen. */
export function memoOnPoints<T>(points: readonly RelativePoint[], key: string, compute: () => T): T {
  if (!isFrozenCurve(points)) return compute();
  let byKey = memo.get(points);
  if (!byKey) memo.set(points, (byKey = new Map()));
  if (byKey.has(key)) return byKey.get(key) as T;
  const value = compute();
  byKey.set(key, value);
  return value;
}
