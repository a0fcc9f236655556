/**
 * Which rows of a duration table ask the predictor the same questions: per task, the first
 * task with the same (func, input bytes) (its execution row), the same output bytes (its
 * upload row) and, among sources, the same input bytes (its external-input row); per edge,
 * the first edge with the same bytes (its download row). A row is its own first when no
 * earlier row asks the same. O(V + E) expected (hash maps keyed by numbers).
 */
import type { CompactDag } from '../dag/compact-dag.js';

export interface SharedRows {
  readonly exec: Int32Array;
  readonly upload: Int32Array;
  readonly input: Int32Array;
  readonly edge: Int32Array;
}

function firstOf(seen: Map<number, number>, key: number, index: number): number {
  if (Object.is(key, -0)) return index; // a Map takes -0 for 0; a predictor might not
  const first = seen.get(key);
  if (first !== undefined) return first;
  seen.set(key, index);
  return index;
}

export function sharedRows(dag: CompactDag): SharedRows {
  const n = dag.taskCount;
  const exec = new Int32Array(n);
  const upload = new Int32Array(n);
  const input = new Int32Array(n);
  const byFunc: Map<number, number>[] = dag.funcNames.map(() => new Map<number, number>());
  const byOutput = new Map<number, number>();
  const bySourceInput = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    exec[i] = firstOf(byFunc[dag.funcOf[i]!]!, dag.inputBytes[i]!, i);
    upload[i] = firstOf(byOutput, dag.outputBytes[i]!, i);
    input[i] = dag.predStart[i + 1]! === dag.predStart[i]! ? firstOf(bySourceInput, dag.inputBytes[i]!, i) : i;
  }
  const m = dag.edgeCount;
  const edge = new Int32Array(m);
  const byBytes = new Map<number, number>();
  for (let e = 0; e < m; e++) edge[e] = firstOf(byBytes, dag.edgeBytes[e]!, e);
  return { exec, upload, input, edge };
}

/**
 * Exec rows shared further by a key of the answers (`ExecRowKeys`): per task, the first
 * task of the same func whose distinct row (`exec` of `sharedRows`) has the same key, or
 * its own first row when the key is undefined, -0 or NaN (a Map takes -0 for 0 and every
 * NaN for one). O(V) expected.
 */
export function execRowsByKey(dag: CompactDag, exec: Int32Array, keyOf: (func: string, inputBytes: number) => number | undefined): Int32Array {
  const n = dag.taskCount;
  const first = new Int32Array(n);
  const byFunc: Map<number, number>[] = dag.funcNames.map(() => new Map<number, number>());
  for (let i = 0; i < n; i++) {
    if (exec[i] !== i) {
      first[i] = first[exec[i]!]!;
      continue;
    }
    const key = keyOf(dag.funcNames[dag.funcOf[i]!]!, dag.inputBytes[i]!);
    if (key === undefined || Number.isNaN(key) || Object.is(key, -0)) first[i] = i;
    else first[i] = firstOf(byFunc[dag.funcOf[i]!]!, key, i);
  }
  return first;
}
