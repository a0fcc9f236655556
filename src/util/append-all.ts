/**
 * `target.push(...items)` without the spread: a spread passes every item as an argument,
 * and past about 100k items (a 1,000,000-task DAG's errors, ids or records) that overflows
 * the call stack ("Maximum call stack size exceeded").
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
