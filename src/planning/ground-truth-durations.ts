/**
 * A DurationTable straight from the synthetic ground-truth model (noise-free expected
 * times), with no recorded runs and no predictor in between. Tests, the planning
 * benchmark and the exhaustive-gap study use it to plan generated DAGs of any size; it has
 * the sub-linear, saturating memory scaling that makes downgrading worth something.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { DEFAULT_GROUND_TRUTH, bandwidthMbPerS, expectedExecMs, funcProfile, type GroundTruthModel } from '../generate/ground-truth-model.js';
import { DEFAULT_LADDER_MB } from '../generate/recorder.js';
import type { DurationTable } from '../timing/types.js';

export function groundTruthDurations(dag: CompactDag, ladderMb: readonly number[] = DEFAULT_LADDER_MB, model: GroundTruthModel = DEFAULT_GROUND_TRUTH): DurationTable {
  const L = ladderMb.length;
  const n = dag.taskCount;
  const m = dag.edgeCount;
  const transfer = (bytes: number, mb: number) => model.transferLatencyMs + (1000 * bytes) / (1024 * 1024) / bandwidthMbPerS(model, mb);
  const execMs = new Float64Array(n * L);
  const uploadMs = new Float64Array(n * L);
  const downloadMs = new Float64Array(m * L);
  const inputDownloadMs = new Float64Array(n * L);
  const profiles = dag.funcNames.map((f) => funcProfile(model, f));
  for (let i = 0; i < n; i++) {
    const profile = profiles[dag.funcOf[i]!]!;
    const source = dag.predStart[i] === dag.predStart[i + 1];
    for (let l = 0; l < L; l++) {
      const mb = ladderMb[l]!;
      execMs[i * L + l] = expectedExecMs(profile, dag.inputBytes[i]!, mb);
      uploadMs[i * L + l] = transfer(dag.outputBytes[i]!, mb);
      inputDownloadMs[i * L + l] = source ? transfer(dag.inputBytes[i]!, mb) : 0;
    }
  }
  for (let e = 0; e < m; e++) for (let l = 0; l < L; l++) downloadMs[e * L + l] = transfer(dag.edgeBytes[e]!, ladderMb[l]!);
  return {
    ladderMb: Float64Array.from(ladderMb),
    levels: L,
    execMs,
    uploadMs,
    downloadMs,
    inputDownloadMs,
    coldStartMs: Float64Array.from(ladderMb, (mb) => model.coldStartMs * (512 / mb) ** 0.3),
    warmStartMs: Float64Array.from(ladderMb, (mb) => model.warmStartMs * (512 / mb) ** 0.3),
  };
}
