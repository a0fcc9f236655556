/**
 * The one tolerance for comparing times. Durations are sums of many floating-point terms,
 * so two paths that are equal on paper can differ in the last bits; every comparison of
 * times in the project goes through these helpers instead of `==`, `<` or `>`.
 *
 * 1e-6 ms (one nanosecond) is far below any measured duration. It is absolute, so it
 * covers rounding only while makespans stay moderate: the error of a path sum grows with
 * the makespan's magnitude (its last bit is 1e-6 ms at about 1e10 ms) and with the path
 * length. Measured on random non-integer weights (slack of critical tasks, which should be
 * 0): a 100,000-task chain keeps it within 5e-8 ms at a 5.5e6 ms makespan (1.5 h) but
 * reaches 9e-6 ms at 5.5e8 ms (6 days); a 100k-task, 2,000-layer DAG stays within 1.1e-8
 * ms at 1.8e7 ms (5 h) and reaches 4e-6 ms at 1.8e9 ms. Serverless runs (seconds to hours)
 * are well inside; for makespans of days on very long chains it would need a relative
 * term.
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
