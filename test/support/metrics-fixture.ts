/**
 * A small recorded dataset for the metrics-store tests: two workflows made by the
 * generators (a 5-task chain, a 4-branch fan-out/fan-in) and runs of each made by the
 * recorder, so the records look like real ones (transfers with and without a peer, cold
 * and warm starts, mixed plans). Deterministic: same seed, same dataset.
 */
import { chain } from '../../src/generate/chain.js';
import { fanOutFanIn } from '../../src/generate/fan-out-fan-in.js';
import { recordRuns, DEFAULT_LADDER_MB } from '../../src/generate/recorder.js';
import { dagSignature } from '../../src/dag/dag-signature.js';
import type { Dataset, DatasetWorkflow } from '../../src/dataset/types.js';
import { DATASET_FORMAT, DATASET_VERSION } from '../../src/dataset/types.js';
import type { WorkflowSpec } from '../../src/dag/types.js';

const withSignature = (w: WorkflowSpec): DatasetWorkflow => ({ ...w, signature: dagSignature(w) });

export function metricsFixture(seed = 7): Dataset {
  const a = withSignature(chain({ length: 5, seed }));
  const b = withSignature(fanOutFanIn({ width: 4, seed }));
  return {
    format: DATASET_FORMAT,
    version: DATASET_VERSION,
    name: 'metrics-fixture',
    description: 'Two small workflows for the metrics-store tests.',
    source: { kind: 'synthetic', origin: `chain + fanOutFanIn, recorder seed ${seed}`, license: 'CC0-1.0' },
    memoryLadderMb: DEFAULT_LADDER_MB,
    workflows: [a, b],
    runs: [...recordRuns(a, { seed, runs: 4 }), ...recordRuns(b, { seed: seed + 1, runs: 3, startEpochMs: 1_767_225_600_000 + 1800_000 })],
  };
}
