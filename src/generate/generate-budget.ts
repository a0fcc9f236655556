/**
 * Whether `generate <shape> --size n --runs k` fits in this process's heap, decided from
 * the shape's task and edge formulas before anything is built: a DAG too large used to be
 * generated for a minute (or written whole) and then kill Node with "Reached heap limit"
 * (exit 134), leaving the user unsure of the file.
 *
 * The estimate is an upper bound fitted on peak RSS of `slackline generate` (dataset,
 * validation, the predictor check, the streamed write): per task or edge, about 1 KB per
 * recorded run (task records, transfers, the run's plan) plus 256 B for the DAG itself;
 * measured 3.3-6.1 KB per task+edge at 6 runs (fan-out-fan-in the heaviest) and 1.65 KB
 * at 2 runs (the 1,000,000-task random-layered run of the README).
 */
import { getHeapStatistics } from 'node:v8';
import { SlacklineError } from '../errors.js';
import { MAX_GENERATED_EDGES, MAX_GENERATED_TASKS, type DagShape } from './shapes.js';

export const BYTES_PER_ELEMENT = 256;
export const BYTES_PER_ELEMENT_RUN = 1024;

/** Estimated peak heap of generating `shape` at `size` with `runs` runs, in bytes. */
export function generateHeapBytes(shape: DagShape, size: number, runs: number): number {
  return (shape.tasks(size) + shape.edges(size)) * (BYTES_PER_ELEMENT + runs * BYTES_PER_ELEMENT_RUN);
}

/** This process's heap limit (`--max-old-space-size`, else Node's default for the machine). */
export function heapLimitBytes(): number {
  return getHeapStatistics().heap_size_limit;
}

/** The largest size <= shape.maxSize whose estimate fits `limit` (0 when none); the formulas grow with size. */
export function largestSizeWithin(shape: DagShape, runs: number, limit: number): number {
  let low = 0;
  let high = shape.maxSize;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (generateHeapBytes(shape, mid, runs) <= limit) low = mid;
    else high = mid - 1;
  }
  return low;
}

const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GB`;

/** Throws a SlacklineError naming --size, the shape and the limits when the size does not fit. */
export function requireGeneratable(shape: DagShape, size: number, runs: number, limit: number = heapLimitBytes()): void {
  const counts = () => `${shape.tasks(size).toLocaleString('en-US')} tasks and ${shape.edges(size).toLocaleString('en-US')} edges`;
  if (size > shape.maxSize) {
    throw new SlacklineError('generate', `--size ${size} is too large for ${shape.name} (${shape.size}): at most ${shape.maxSize}, which keeps the DAG within ${MAX_GENERATED_TASKS.toLocaleString('en-US')} tasks and ${MAX_GENERATED_EDGES.toLocaleString('en-US')} edges; ${size} would give ${counts()}`);
  }
  const need = generateHeapBytes(shape, size, runs);
  if (need <= limit) return;
  const fits = largestSizeWithin(shape, runs, limit);
  throw new SlacklineError(
    'generate',
    `--size ${size} is too large for ${shape.name} with ${runs} run(s) in this process's memory: ${counts()} need about ${gb(need)} of heap, the limit is ${gb(limit)} ` +
      `(at most --size ${fits} here); lower --size or --runs, or raise the limit (NODE_OPTIONS=--max-old-space-size=<MB>)`,
  );
}
