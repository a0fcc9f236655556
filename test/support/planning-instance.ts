/** A `PlanningInstance` for a generated workflow, with ground-truth durations (no dataset, no predictor fit). */
import { buildDag } from '../../src/dag/build-dag.js';
import { toCompactDag } from '../../src/dag/compact-dag.js';
import { dagSignature } from '../../src/dag/dag-signature.js';
import type { WorkflowSpec } from '../../src/dag/types.js';
import { groundTruthDurations } from '../../src/planning/ground-truth-durations.js';
import type { PlanningInstance } from '../../src/planning/prepare-instance.js';
import type { Predictor } from '../../src/predict/types.js';

const noPredictor: Predictor = {
  sla: 'median',
  exec: () => ({ known: false, reason: 'ground-truth fixture' }),
  outputBytes: () => ({ known: false, reason: 'ground-truth fixture' }),
  transfer: () => ({ known: false, reason: 'ground-truth fixture' }),
  workerStart: () => ({ known: false, reason: 'ground-truth fixture' }),
};

export function generateFixture(workflow: WorkflowSpec, ladderMb: readonly number[] = [128, 512, 1024, 1769, 3008]): PlanningInstance {
  const dag = toCompactDag(buildDag(workflow));
  return {
    datasetName: workflow.name,
    workflow: { ...workflow, signature: dagSignature(workflow) },
    dag,
    durations: groundTruthDurations(dag, ladderMb),
    predictor: noPredictor,
    runs: [],
    sla: 'median',
    scaling: 'fitted',
    unknowns: [],
    fallbacks: 0,
    ladderMb,
  };
}
