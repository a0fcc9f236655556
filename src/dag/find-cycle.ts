/**
 * Names the tasks of one cycle, for error messages. graphology-dag tells *that* a graph
 * has a cycle (`hasCycle`); this finds *which* tasks form one.
 *
 * Kahn's peeling removes every task that is not on or behind a cycle; from any task left,
 * walking to a remaining predecessor must eventually revisit a task, and the walk between
 * the two visits is a cycle. Iterative, O(V+E).
 */
import type { DirectedGraph } from 'graphology';

export function findCycle(graph: DirectedGraph): string[] | null {
  const inDegree = new Map<string, number>();
  const queue: string[] = [];
  graph.forEachNode((node) => {
    const d = graph.inDegreeWithoutSelfLoops(node);
    inDegree.set(node, d);
    if (d === 0) queue.push(node);
  });
  for (let head = 0; head < queue.length; head++) {
    graph.forEachOutNeighbor(queue[head]!, (next) => {
      if (next === queue[head]) return;
      const d = inDegree.get(next)! - 1;
      inDegree.set(next, d);
      if (d === 0) queue.push(next);
    });
  }
  let start: string | undefined;
  for (const [node, d] of inDegree) {
    if (d > 0) {
      start = node;
      break;
    }
  }
  if (start === undefined) return null;
  // Walk backwards among the remaining tasks until one repeats.
  const seenAt = new Map<string, number>();
  const walk: string[] = [];
  let current = start;
  while (!seenAt.has(current)) {
    seenAt.set(current, walk.length);
    walk.push(current);
    let previous: string | undefined;
    graph.forEachInNeighbor(current, (p) => {
      if (previous === undefined && p !== current && (inDegree.get(p) ?? 0) > 0) previous = p;
    });
    current = previous!;
  }
  // The walk went against the edges: reverse it to list the cycle in edge direction.
  return walk.slice(seenAt.get(current)).reverse();
}
