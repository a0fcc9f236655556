/**
 * The one tolerance for comparing times. Durations are sums of many floating-point terms,
 * so two paths that are equal on paper can differ in the last bits; every comparison of
 * times in the project goes through these helpers instead of `==`, `<` or `>`.
 *
 * 1e-6 ms (one nanosecond) is far below any measured duration and far above the rounding
 * error of summing 100,000 task durations of up to hours (about 1e-9 relative).
 */
export const TIME_EPSILON_MS = 1e-6;

/** a == b within the tolerance. */
export function timeEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= TIME_EPSILON_MS;
}

/** a > b by more than the tolerance. */
export function timeGreater(a: number, b: number): boolean {
  return a - b > TIME_EPSILON_MS;
}

/** a < b by more than the tolerance. */
export function timeLess(a: number, b: number): boolean {
  return b - a > TIME_EPSILON_MS;
}
