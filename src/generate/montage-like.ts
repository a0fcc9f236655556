/**
 * A Montage-like astronomy mosaic pipeline (after the Pegasus Montage workflow, as in the
 * WfCommons / Pegasus workflow gallery): project every image, fit the difference of each
 * overlapping pair, model the background once, correct every image, then co-add.
 *
 *   project-i ---+--> diff-fit-i-j --+
 *   project-j ---+                   +--> concat-fit --> bg-model --+
 *                                                                   v
 *   project-i -------------------------------------------------> background-i --+
 *                                                  img-tbl <--------------------+
 *                                                     |
 *                                                     v
 *                                     add --> shrink --> jpeg
 *
 * Images sit on a grid; each overlaps its right and lower neighbour. Tasks: 2 * images +
 * pairs + 6 (images = 120 gives 474).
 */
import type { WorkflowSpec } from '../dag/types.js';
import { seededRandom } from '../util/random.js';
import { KB, MB, WorkflowBuilder, jitter, requireCount } from './workflow-builder.js';

export interface MontageLikeOptions {
  /** Number of input images, >= 1. */
  readonly images: number;
  /** @default 1 */
  readonly seed?: number;
}

export function montageLike(options: MontageLikeOptions): WorkflowSpec {
  const images = requireCount('montageLike', 'images', options.images, 1);
  const random = seededRandom(options.seed ?? 1);
  const b = new WorkflowBuilder(`montage-like-${images}`);
  const columns = Math.ceil(Math.sqrt(images));

  for (let i = 0; i < images; i++) {
    const raw = jitter(random, 4 * MB, 0.1);
    b.task(`project-${i}`, 'm-project', jitter(random, raw * 2, 0.1), raw);
  }
  b.task('concat-fit', 'm-concat-fit', 1);
  for (let i = 0; i < images; i++) {
    const neighbours = [i % columns < columns - 1 ? i + 1 : -1, i + columns].filter((j) => j >= 0 && j < images);
    for (const j of neighbours) {
      const id = b.task(`diff-fit-${i}-${j}`, 'm-diff-fit', jitter(random, 2 * KB, 0.3));
      b.edge(`project-${i}`, id);
      b.edge(`project-${j}`, id);
      b.edge(id, 'concat-fit');
    }
  }
  b.setOutput('concat-fit', Math.max(KB, b.incomingBytes('concat-fit')));
  b.task('bg-model', 'm-bg-model', jitter(random, 64 * KB));
  b.edge('concat-fit', 'bg-model');
  b.task('img-tbl', 'm-img-tbl', 1);
  for (let i = 0; i < images; i++) {
    const id = b.task(`background-${i}`, 'm-background', b.outputOf(`project-${i}`));
    b.edge(`project-${i}`, id);
    b.edge('bg-model', id);
    b.edge(id, 'img-tbl', jitter(random, 1 * KB));
  }
  b.setOutput('img-tbl', 16 * KB * images);
  b.task('add', 'm-add', jitter(random, images * 3 * MB, 0.05));
  b.edge('img-tbl', 'add');
  for (let i = 0; i < images; i++) b.edge(`background-${i}`, 'add');
  b.task('shrink', 'm-shrink', Math.round(b.outputOf('add') / 16));
  b.edge('add', 'shrink');
  b.task('jpeg', 'm-jpeg', Math.round(b.outputOf('shrink') / 4));
  b.edge('shrink', 'jpeg');
  return b.build();
}
