/**
 * Fan-out / fan-in: one task splits the input into `width` parts, each part is processed
 * independently, and one task merges the results.
 *
 *            +-> work-0 -+
 *   split ---+-> work-1 -+--> merge
 *            +-> ...    -+
 *            +-> work-(w-1)
 *
 * Tasks: width + 2. The merge waits for the slowest branch, so only that branch is critical.
 */
import type { WorkflowSpec } from '../dag/types.js';
import { seededRandom } from '../util/random.js';
import { MB, WorkflowBuilder, jitter, requireCount } from './workflow-builder.js';

export interface FanOutFanInOptions {
  /** Number of parallel branches, >= 1. */
  readonly width: number;
  /** @default 1 */
  readonly seed?: number;
}

export function fanOutFanIn(options: FanOutFanInOptions): WorkflowSpec {
  const width = requireCount('fanOutFanIn', 'width', options.width, 1);
  const random = seededRandom(options.seed ?? 1);
  const b = new WorkflowBuilder(`fan-out-fan-in-${width}`);
  const partBytes = 8 * MB;
  b.task('split', 'split', partBytes * width, jitter(random, partBytes * width));
  b.task('merge', 'merge', 1); // output set below, once the branch sizes are known
  const branches: string[] = [];
  for (let i = 0; i < width; i++) {
    const id = b.task(`work-${i}`, 'work', jitter(random, 2 * MB, 0.5));
    b.edge('split', id, jitter(random, partBytes, 0.3));
    branches.push(id);
  }
  for (const id of branches) b.edge(id, 'merge');
  b.setOutput('merge', b.incomingBytes('merge') / 2); // the merge writes about half of what it reads
  return b.build();
}
