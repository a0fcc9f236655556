/**
 * The sweep's distribution metrics, one measurement per distinct plan of an instance:
 * planners often return the same plan (uniform and jolteon on random-layered-5000, orion
 * and uniform on several), and its Monte Carlo numbers depend only on the plan, the
 * instance's grids, the seed, the sample count and the deadline, so the first measurement
 * is shared (a pending one too, when two threads finish the same plan at once). A failed
 * measurement is not kept: the next run with that plan measures again.
 */
import { createHash } from 'node:crypto';
import type { CompactPlan } from '../timing/types.js';
import type { BenchInstance } from './bench-instance.js';
import type { MeasureAttempt } from './job.js';

export interface MeasureSettings {
  readonly seed: number;
  readonly mcSamples: number;
  readonly deadlineMs: number | null;
}

export class Measurements {
  private readonly byInstance = new WeakMap<BenchInstance, Map<string, Promise<MeasureAttempt>>>();

  /** The measurement of `plan` on `instance` with these settings: `measure()` the first time, the same answer after. */
  of(instance: BenchInstance, plan: CompactPlan, settings: MeasureSettings, measure: () => Promise<MeasureAttempt>): Promise<MeasureAttempt> {
    let known = this.byInstance.get(instance);
    if (known === undefined) this.byInstance.set(instance, (known = new Map()));
    const key = `${settings.seed}|${settings.mcSamples}|${settings.deadlineMs ?? 'none'}|${planHash(plan)}`;
    let pending = known.get(key);
    if (pending === undefined) {
      pending = measure();
      known.set(key, pending);
      void pending.then((attempt) => {
        if (attempt.state !== 'done') known.delete(key);
      });
    }
    return pending;
  }
}

/** SHA-256 of everything a simulation reads from a plan: worker count, each task's worker, each worker's level, prewarm and preload flags. */
export function planHash(plan: CompactPlan): string {
  const hash = createHash('sha256');
  hash.update(Int32Array.of(plan.workerCount));
  for (const array of [plan.workerOf, plan.levelOf, plan.prewarm, plan.preload]) {
    hash.update(Int32Array.of(array.length));
    hash.update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }
  return hash.digest('hex');
}
