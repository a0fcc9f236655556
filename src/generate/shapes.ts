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
  /** Largest accepted size: keeps the DAG under about MAX_GENERATED_TASKS tasks. */
  readonly maxSize: number;
  readonly make: (options: ShapeOptions) => WorkflowSpec;
}

/**
 * Beyond this a dataset with its runs outgrows what one file read can hold (a Buffer of
 * 4 GiB; the JSON is written and read in parts, `util/json-stream.ts`, `util/json-read.ts`).
 */
export const MAX_GENERATED_TASKS = 2_000_000;

export const DAG_SHAPES: readonly DagShape[] = [
  { name: 'chain', size: 'tasks in the chain', defaultSize: 10, maxSize: 2_000_000, make: (o) => chain({ length: o.size, seed: o.seed }) },
  { name: 'fan-out-fan-in', size: 'parallel branches', defaultSize: 32, maxSize: 2_000_000, make: (o) => fanOutFanIn({ width: o.size, seed: o.seed }) },
  { name: 'tree-reduction', size: 'leaves', defaultSize: 64, maxSize: 1_000_000, make: (o) => treeReduction({ leaves: o.size, unequal: o.unequal, seed: o.seed }) },
  { name: 'map-reduce', size: 'mappers (reducers = ceil(mappers / 4))', defaultSize: 160, maxSize: 1_500_000, make: (o) => mapReduce({ mappers: o.size, reducers: Math.ceil(o.size / 4), seed: o.seed }) },
  { name: 'gemm', size: 'tiles per matrix side', defaultSize: 4, maxSize: 55, make: (o) => gemm({ blocks: o.size, seed: o.seed }) },
  { name: 'montage-like', size: 'input images', defaultSize: 120, maxSize: 500_000, make: (o) => montageLike({ images: o.size, seed: o.seed }) },
  { name: 'random-layered', size: 'tasks', defaultSize: 1000, maxSize: 2_000_000, make: (o) => randomLayered({ tasks: o.size, seed: o.seed }) },
];

export function dagShape(name: string): DagShape | undefined {
  return DAG_SHAPES.find((s) => s.name === name);
}
