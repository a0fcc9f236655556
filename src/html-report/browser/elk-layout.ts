/**
 * Layered layouts from elkjs (the Eclipse Layout Kernel), computed in the page: the ELK
 * worker script is inlined as JSON text and started from a Blob URL, so the layout runs
 * off the main thread and the page needs no file or network access. Layouts are cached
 * per DAG structure: switching planner, deadline or SLA re-colours without re-layout.
 */
import { byId } from './dom.js';

let elk: InstanceType<typeof ELK> | undefined;
const cache = new Map<string, Promise<ElkNode>>();

function engine(): InstanceType<typeof ELK> {
  if (elk === undefined) {
    const source = JSON.parse(byId('elk-worker-source').textContent ?? '""') as string;
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    elk = new ELK({ workerFactory: () => new Worker(url) });
  }
  return elk;
}

export interface LayoutInput {
  readonly nodes: readonly { id: string; width: number; height: number }[];
  readonly edges: readonly { id: string; from: string; to: string }[];
  /** RIGHT: layers as columns (deep, narrow DAGs); DOWN: layers as rows (shallow, wide ones). */
  readonly direction: 'RIGHT' | 'DOWN';
}

/**
 * The direction whose drawing best fits a box of the given aspect (width / height), from
 * the number of layers and the widest layer (`depthOf` in topological order).
 */
export function chooseDirection(depthOf: ArrayLike<number>, node: { width: number; height: number }, boxAspect: number): 'RIGHT' | 'DOWN' {
  const perDepth = new Map<number, number>();
  let layers = 0;
  for (let i = 0; i < depthOf.length; i++) {
    perDepth.set(depthOf[i]!, (perDepth.get(depthOf[i]!) ?? 0) + 1);
    layers = Math.max(layers, depthOf[i]! + 1);
  }
  const widest = Math.max(1, ...perDepth.values());
  const right = (layers * (node.width + 30)) / (widest * (node.height + 8));
  const down = (widest * (node.width + 8)) / (layers * (node.height + 30));
  return Math.abs(Math.log(right / boxAspect)) <= Math.abs(Math.log(down / boxAspect)) ? 'RIGHT' : 'DOWN';
}

/** Longest path from a source, in edges, of every node; `edgeFrom` grouped by source in topological order (the compact DAG's edge order). */
export function depths(nodes: number, edgeFrom: readonly number[], edgeTo: readonly number[]): Int32Array {
  const depth = new Int32Array(nodes);
  for (let e = 0; e < edgeFrom.length; e++) depth[edgeTo[e]!] = Math.max(depth[edgeTo[e]!]!, depth[edgeFrom[e]!]! + 1);
  return depth;
}

export function layout(key: string, input: LayoutInput): Promise<ElkNode> {
  key = `${key}/${input.direction}`;
  let result = cache.get(key);
  if (result === undefined) {
    const large = input.nodes.length > 300;
    const graph: ElkNode = {
      id: 'root',
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': input.direction,
        'elk.edgeRouting': 'POLYLINE',
        'elk.spacing.nodeNode': large ? '6' : '14',
        'elk.layered.spacing.nodeNodeBetweenLayers': large ? '28' : '36',
        // Large DAGs: fewer crossing-minimisation sweeps (ELK's cost grows fast with size).
        ...(large ? { 'elk.layered.thoroughness': '1', 'elk.layered.crossingMinimization.greedySwitch.type': 'OFF' } : {}),
      },
      children: input.nodes.map((n) => ({ ...n })),
      edges: input.edges.map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] })),
    };
    result = engine().layout(graph);
    cache.set(key, result);
  }
  return result;
}
