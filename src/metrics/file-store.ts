/**
 * The embedded default metrics store: a dataset file (format v1), read and validated once
 * at construction. `load(signature)` returns that workflow and its runs.
 */
import { parseDagId } from '../dag/dag-id.js';
import { loadDataset } from '../dataset/load-dataset.js';
import type { Dataset } from '../dataset/types.js';
import type { MetricsSnapshot, MetricsStore } from './types.js';

export class FileMetricsStore implements MetricsStore {
  readonly describe: string;
  readonly dataset: Dataset;

  /** Reads `path` (throws a SlacklineError naming the file and every problem in it). */
  constructor(path: string);
  constructor(dataset: Dataset, describe: string);
  constructor(pathOrDataset: string | Dataset, describe?: string) {
    if (typeof pathOrDataset === 'string') {
      this.dataset = loadDataset(pathOrDataset);
      this.describe = `file ${pathOrDataset}`;
    } else {
      this.dataset = pathOrDataset;
      this.describe = describe ?? `dataset ${pathOrDataset.name}`;
    }
  }

  async load(signature?: string): Promise<MetricsSnapshot> {
    if (signature === undefined) return { workflows: this.dataset.workflows, runs: this.dataset.runs };
    return {
      workflows: this.dataset.workflows.filter((w) => w.signature === signature),
      runs: this.dataset.runs.filter((r) => parseDagId(r.dagId).signature === signature),
    };
  }

  async close(): Promise<void> {
    // Nothing held open: the file was read whole at construction.
  }
}
