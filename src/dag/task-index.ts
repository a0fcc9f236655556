/**
 * Task id -> compact index of a compact DAG, one Map per DAG. `compactWorkflow` already
 * holds such a Map (the one it resolves edges with) and leaves it here, so the signature
 * and the dataset checks of a 100,000-task workflow look ids up in it instead of building
 * Maps and Sets of their own. Any other compact DAG gets one built on first use.
 */
import type { CompactDag } from './compact-dag.js';

const indices = new WeakMap<CompactDag, ReadonlyMap<string, number>>();

/** Records `index` (every task id of `dag` -> its compact index) as the DAG's. */
export function rememberTaskIndex(dag: CompactDag, index: ReadonlyMap<string, number>): void {
  indices.set(dag, index);
}

/** Task id -> compact index; read-only and shared (copy it to modify). */
export function taskIndexOf(dag: CompactDag): ReadonlyMap<string, number> {
  let index = indices.get(dag);
  if (index === undefined) {
    const map = new Map<string, number>();
    for (let i = 0; i < dag.taskCount; i++) map.set(dag.taskIds[i]!, i);
    indices.set(dag, map);
    index = map;
  }
  return index;
}
