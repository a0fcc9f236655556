/**
 * The workflow a recorded run executed: the one whose signature ends the run's DAG id.
 */
import { parseDagId } from '../dag/dag-id.js';
import { SlacklineError } from '../errors.js';
import type { Dataset, DatasetWorkflow, RecordedRun } from './types.js';

export function workflowOfRun(dataset: Pick<Dataset, 'name' | 'workflows'>, run: Pick<RecordedRun, 'dagId'>): DatasetWorkflow {
  const { signature } = parseDagId(run.dagId);
  const workflow = dataset.workflows.find((w) => w.signature === signature);
  if (!workflow) throw new SlacklineError('dataset', `run ${run.dagId}: signature ${signature} names no workflow of dataset "${dataset.name}"`);
  return workflow;
}
