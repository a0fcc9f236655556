/**
 * The generator registry: every DAG shape by its CLI name, with the meaning of `--size`
 * for it. A typed static list (no loading by string), used by `slackline generate`.
 */
import type { WorkflowSpec } from '../dag/types.js';
import { chain } from './chain.js';
import { fanOutFanIn } from './fan-out-fan-in.js';
import { gemm } from './gemm.js';
import { mapReduce } from './map-reduce.js';
import { montageLike } from './montage-like.js';
import { randomLayered } from './random-layered.js';
import { treeReduction } from './tree-reduction.js';

export interface ShapeOptions {
  readonly size: number;
  readonly seed: number;
  /** Only tree-reduction uses it. */
  readonly unequal: boolean;
}

export interface DagShape {
  readonly name: string;
  /** What `--size` counts for this shape. */
  readonly size: string;
  readonly defaultSize: number;
  /**
   * Largest accepted size: at most MAX_GENERATED_TASKS tasks and MAX_GENERATED_EDGES
   * edges (`tasks(maxSize)`, `edges(maxSize)`; `test/generate-limits.test.ts` checks it).
   * Memory is a further, per-machine bound (`generate-budget.ts`).
   */
  readonly maxSize: number;
  /** Tasks of the DAG at `size` (exact). */
  readonly tasks: (size: number) => number;
  /** Edges of the DAG at `size`: exact, or for random-layered an upper estimate. */
  readonly edges: (size: number) => number;
  readonly make: (options: ShapeOptions) => WorkflowSpec;
}

/**
 * Beyond this a dataset with its runs outgrows what one file read can hold (a Buffer of
 * 4 GiB; the JSON is written and read in parts, `util/json-stream.ts`, `util/json-read.ts`).
 */
export const MAX_GENERATED_TASKS = 2_000_000;

/**
 * Edges cost more than tasks (each run records transfers on them), and in map-reduce and
 * gemm they grow faster than tasks: bounding tasks alone let map-reduce ask for 10^11
 * edges. This is random-layered's ~3.05 edges per task at MAX_GENERATED_TASKS.
 */
export const MAX_GENERATED_EDGES = 6_400_000;

/** Edges per task that random-layered stays under: one forced edge, 2 (w - 1) / w expected extra, 5% long. */
export const RANDOM_LAYERED_EDGES_PER_TASK = 3.2;

const reducersOf = (mappers: number) => Math.ceil(mappers / 4);

/** Overlapping image pairs of montage-like: right and lower neighbours on a ceil(sqrt(n))-wide grid. */
export function montagePairs(images: number): number {
  const columns = Math.ceil(Math.sqrt(images));
  const rows = Math.ceil(images / columns);
  const lastRow = images - (rows - 1) * columns;
  const right = (rows - 1) * (columns - 1) + (lastRow - 1);
  const down = Math.max(0, images - columns);
  return right + down;
}

export const DAG_SHAPES: readonly DagShape[] = [
  { name: 'chain', size: 'tasks in the chain', defaultSize: 10, maxSize: 2_000_000, tasks: (n) => n, edges: (n) => n - 1, make: (o) => chain({ length: o.size, seed: o.seed }) },
  { name: 'fan-out-fan-in', size: 'parallel branches', defaultSize: 32, maxSize: 1_999_998, tasks: (w) => w + 2, edges: (w) => 2 * w, make: (o) => fanOutFanIn({ width: o.size, seed: o.seed }) },
  { name: 'tree-reduction', size: 'leaves', defaultSize: 64, maxSize: 1_000_000, tasks: (n) => 2 * n - 1, edges: (n) => 2 * n - 2, make: (o) => treeReduction({ leaves: o.size, unequal: o.unequal, seed: o.seed }) },
  // Edges grow as mappers * reducers = mappers^2 / 4: the edge bound stops it near 5,000 mappers.
  { name: 'map-reduce', size: 'mappers (reducers = ceil(mappers / 4))', defaultSize: 160, maxSize: 5_058, tasks: (m) => m + reducersOf(m) + 1, edges: (m) => m * reducersOf(m) + reducersOf(m), make: (o) => mapReduce({ mappers: o.size, reducers: reducersOf(o.size), seed: o.seed }) },
  { name: 'gemm', size: 'tiles per matrix side', defaultSize: 4, maxSize: 55, tasks: (b) => 3 * b * b + b ** 3 + 1, edges: (b) => 3 * b ** 3 + b * b, make: (o) => gemm({ blocks: o.size, seed: o.seed }) },
  { name: 'montage-like', size: 'input images', defaultSize: 120, maxSize: 500_000, tasks: (n) => 2 * n + montagePairs(n) + 6, edges: (n) => 3 * montagePairs(n) + 4 * n + 4, make: (o) => montageLike({ images: o.size, seed: o.seed }) },
  { name: 'random-layered', size: 'tasks', defaultSize: 1000, maxSize: 2_000_000, tasks: (n) => n, edges: (n) => Math.ceil(RANDOM_LAYERED_EDGES_PER_TASK * n), make: (o) => randomLayered({ tasks: o.size, seed: o.seed }) },
];

export function dagShape(name: string): DagShape | undefined {
  return DAG_SHAPES.find((s) => s.name === name);
}
