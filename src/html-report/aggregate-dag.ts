/**
 * The aggregated DAG drawn above `AGGREGATE_ABOVE_TASKS` tasks: one node per func within
 * one band of topological depths (depth = the longest path, in edges, from a source; at
 * most `maxBands` bands of equal width, so a deep DAG stays readable), and one edge per
 * pair of groups in different bands that task edges join, with the number of task edges it
 * stands for. Edges inside one band are left out: they would make cycles between groups
 * (f -> g -> f within a band) and the layout would no longer follow the depths. One pass over the compact DAG in topological order (no
 * recursion), O(V + E).
 */
import type { CompactDag } from '../dag/compact-dag.js';
import type { AggregateData } from './report-data.js';

export function aggregateDag(dag: CompactDag, maxBands = 24): AggregateData {
  const n = dag.taskCount;
  const depth = new Int32Array(n);
  let maxDepth = 0;
  for (let v = 0; v < n; v++) {
    let d = 0;
    for (let k = dag.predStart[v]!; k < dag.predStart[v + 1]!; k++) d = Math.max(d, depth[dag.predTask[k]!]! + 1);
    depth[v] = d;
    if (d > maxDepth) maxDepth = d;
  }
  const width = Math.max(1, Math.ceil((maxDepth + 1) / maxBands));
  const groupIndex = new Map<string, number>();
  const groups: { depth: number; depthTo: number; func: string; count: number }[] = [];
  const groupOf = new Array<number>(n);
  for (let v = 0; v < n; v++) {
    const func = dag.funcNames[dag.funcOf[v]!]!;
    const band = Math.floor(depth[v]! / width);
    const key = `${band}\u0000${func}`;
    let g = groupIndex.get(key);
    if (g === undefined) {
      g = groups.length;
      groupIndex.set(key, g);
      groups.push({ depth: band * width, depthTo: Math.min(maxDepth, band * width + width - 1), func, count: 0 });
    }
    groups[g]!.count++;
    groupOf[v] = g;
  }
  const edgeIndex = new Map<number, number>();
  const edges: { from: number; to: number; count: number }[] = [];
  for (let e = 0; e < dag.edgeCount; e++) {
    const from = groupOf[dag.edgeFrom[e]!]!;
    const to = groupOf[dag.edgeTo[e]!]!;
    if (groups[from]!.depth === groups[to]!.depth) continue; // same band
    const key = from * groups.length + to;
    const i = edgeIndex.get(key);
    if (i === undefined) {
      edgeIndex.set(key, edges.length);
      edges.push({ from, to, count: 1 });
    } else edges[i]!.count++;
  }
  return { by: 'depth-band-and-func', groups, groupOf, edges };
}
