/**
 * A chain: each task feeds the next. The simplest DAG; everything is on the critical path,
 * and keeping the chain on one worker avoids every transfer.
 *
 *   load -> parse -> transform -> compress -> parse -> ... -> store
 *
 * The first task reads the external input, the last writes the result; the middle stages
 * cycle through three funcs with different byte ratios.
 */
import type { WorkflowSpec } from '../dag/types.js';
import { seededRandom } from '../util/random.js';
import { MB, WorkflowBuilder, jitter, requireCount } from './workflow-builder.js';

export interface ChainOptions {
  /** Number of tasks, >= 1. */
  readonly length: number;
  /** @default 1 */
  readonly seed?: number;
}

const MIDDLE = [
  { func: 'parse', ratio: 1.2 },
  { func: 'transform', ratio: 1.0 },
  { func: 'compress', ratio: 0.5 },
] as const;

export function chain(options: ChainOptions): WorkflowSpec {
  const length = requireCount('chain', 'length', options.length, 1);
  const random = seededRandom(options.seed ?? 1);
  const b = new WorkflowBuilder(`chain-${length}`);
  let previous = b.task('load', 'load', jitter(random, 16 * MB), jitter(random, 16 * MB));
  for (let i = 1; i < length; i++) {
    const last = i === length - 1;
    const stage = MIDDLE[(i - 1) % MIDDLE.length]!;
    const inBytes = b.outputOf(previous);
    const id = last ? 'store' : `${stage.func}-${i}`;
    const out = last ? jitter(random, inBytes * 0.8) : Math.min(jitter(random, inBytes * stage.ratio), 256 * MB);
    b.task(id, last ? 'store' : stage.func, Math.max(1024, out));
    b.edge(previous, id);
    previous = id;
  }
  return b.build();
}
