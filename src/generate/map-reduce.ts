/**
 * Map-reduce: every mapper reads an input split and partitions its output across all
 * reducers (the shuffle, a complete bipartite set of edges); one task collects the
 * reducers' results.
 *
 *   map-0 --+--> reduce-0 --+
 *           \/              |
 *           /\              +--> collect
 *   map-1 --+--> reduce-1 --+
 *
 * Tasks: mappers + reducers + 1; edges: mappers * reducers + reducers.
 */
import type { WorkflowSpec } from '../dag/types.js';
import { seededRandom } from '../util/random.js';
import { MB, WorkflowBuilder, jitter, requireCount } from './workflow-builder.js';

export interface MapReduceOptions {
  /** Number of map tasks, >= 1. */
  readonly mappers: number;
  /** Number of reduce tasks, >= 1. */
  readonly reducers: number;
  /** @default 1 */
  readonly seed?: number;
}

export function mapReduce(options: MapReduceOptions): WorkflowSpec {
  const mappers = requireCount('mapReduce', 'mappers', options.mappers, 1);
  const reducers = requireCount('mapReduce', 'reducers', options.reducers, 1);
  const random = seededRandom(options.seed ?? 1);
  const b = new WorkflowBuilder(`map-reduce-${mappers}x${reducers}`);
  const reduceIds = Array.from({ length: reducers }, (_, r) => b.task(`reduce-${r}`, 'reduce', 1));
  for (let i = 0; i < mappers; i++) {
    const split = jitter(random, 64 * MB, 0.3);
    const id = b.task(`map-${i}`, 'map', jitter(random, split * 0.4, 0.1), split);
    // The mapper's output is hashed into one partition per reducer, of slightly uneven size.
    const out = b.outputOf(id);
    for (const r of reduceIds) b.edge(id, r, jitter(random, out / reducers, 0.15));
  }
  b.task('collect', 'collect', 1);
  for (const r of reduceIds) {
    b.setOutput(r, b.incomingBytes(r) * 0.1); // aggregation: a tenth of what it reads
    b.edge(r, 'collect');
  }
  b.setOutput('collect', b.incomingBytes('collect'));
  return b.build();
}
