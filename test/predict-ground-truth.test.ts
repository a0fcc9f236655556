/**
 * Extrapolation against the truth: the shipped synthetic datasets are recorded from the
 * generator's ground-truth model (`src/generate/ground-truth-model.ts`: t(m) = t512 *
 * (512 / min(m, S))^alpha per func), so every fitted curve can be judged at the ladder
 * sizes the runs did not record against the curve that produced them.
 */
import { describe, expect, it } from 'vitest';
import { shippedDatasets } from '../src/dataset/registry.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { fitPredictor } from '../src/predict/fit-predictor.js';
import { DEFAULT_GROUND_TRUTH, funcProfile } from '../src/generate/ground-truth-model.js';
import { DEFAULT_LADDER_MB } from '../src/generate/recorder.js';
import type { ScalingModelId } from '../src/predict/scaling/index.js';

const SMALL = ['chain-10', 'fan-out-fan-in-32', 'tree-reduction-unequal-64', 'map-reduce-100x25', 'gemm-4', 'montage-like-120'];

/** Mean |factor(m) / truth(m) - 1| over (func, unrecorded ladder size) pairs beyond each func's recorded sizes. */
function extrapolationError(scaling: ScalingModelId): { error: number; pairs: number } {
  let sum = 0;
  let pairs = 0;
  for (const d of shippedDatasets().filter((x) => SMALL.includes(x.name))) {
    const { runs } = loadDataset(d.file);
    const recorded = new Map<string, Set<number>>();
    for (const run of runs) for (const t of run.metrics.tasks) (recorded.get(t.func) ?? recorded.set(t.func, new Set()).get(t.func)!).add(t.memoryMb);
    const predictor = fitPredictor(runs, { sla: 'median', scaling });
    for (const [func, model] of predictor.funcs) {
      const profile = funcProfile(DEFAULT_GROUND_TRUTH, func);
      const sizes = [...recorded.get(func)!];
      const lo = Math.min(...sizes);
      const hi = Math.max(...sizes);
      for (const m of DEFAULT_LADDER_MB) {
        if (m >= lo && m <= hi) continue;
        const truth = (512 / Math.min(m, profile.saturationMb)) ** profile.alpha / (512 / Math.min(512, profile.saturationMb)) ** profile.alpha;
        sum += Math.abs(model.exec.curve.factor(m) / truth - 1);
        pairs++;
      }
    }
  }
  return { error: sum / pairs, pairs };
}

describe('scaling curves beyond the recorded sizes, against the generator\'s ground truth', () => {
  it('auto extrapolates closer to the truth than linear, power, amdahl and amdahl-capped', () => {
    const auto = extrapolationError('auto');
    expect(auto.pairs).toBeGreaterThan(20);
    for (const other of ['linear', 'power', 'amdahl', 'amdahl-capped'] as const) expect(auto.error).toBeLessThan(extrapolationError(other).error);
    // `fitted` is the generating family: auto, choosing on noisy folds, stays within 1.5x of it
    expect(auto.error).toBeLessThan(1.5 * extrapolationError('fitted').error);
  });
});
