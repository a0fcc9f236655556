/**
 * The ground-truth performance model behind synthetic datasets: what a task, a transfer
 * and a worker start "really" take on the simulated platform. The recorder samples it;
 * predictors never see it, they must recover it from the recorded runs.
 *
 * Execution of func f on `inputBytes` at memory m:
 *   t512 = fixedMs + msPerMb * inputMB                     (time on a 512 MB worker)
 *   t(m) = t512 * (512 / min(m, saturationMb)) ^ alpha      (speed-up curve with a cap)
 * alpha near 0 is I/O-bound work that barely speeds up, near 1 is CPU-bound work whose
 * speed is proportional to CPU share; single-threaded work saturates at one vCPU (1769 MB
 * on AWS Lambda: https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html),
 * multi-threaded work later. Each sample is multiplied by seeded lognormal noise
 * exp(sigma * N(0,1)).
 *
 * Transfers: latency + bytes / bandwidth(m), bandwidth growing with memory up to a cap.
 * Worker starts: cold or warm, shorter on bigger workers (more CPU for initialisation).
 * Funcs not in the table get a profile derived from a hash of their name, so any
 * workflow can be recorded and the same func always behaves the same.
 */
import { createHash } from 'node:crypto';
import { randomNormal } from '../util/random.js';
import type { RandomSource } from '../util/random.js';

export interface FuncProfile {
  readonly fixedMs: number;
  readonly msPerMb: number;
  readonly alpha: number;
  readonly saturationMb: number;
  /** Lognormal sigma of the noise. */
  readonly noise: number;
}

export interface GroundTruthModel {
  readonly funcs: Readonly<Record<string, FuncProfile>>;
  readonly transferLatencyMs: number;
  /** Bandwidth in MB/s at memory m: minMbPerS + (maxMbPerS - minMbPerS) * min(1, m / bandwidthSaturationMb) ^ 0.7. */
  readonly minMbPerS: number;
  readonly maxMbPerS: number;
  readonly bandwidthSaturationMb: number;
  readonly transferNoise: number;
  /** Start time at 512 MB; scaled by (512 / m) ^ 0.3. */
  readonly coldStartMs: number;
  readonly warmStartMs: number;
  readonly startNoise: number;
}

const ONE_VCPU_MB = 1769;
const io = (fixedMs: number, msPerMb: number): FuncProfile => ({ fixedMs, msPerMb, alpha: 0.15, saturationMb: ONE_VCPU_MB, noise: 0.12 });
const cpu = (fixedMs: number, msPerMb: number, alpha = 0.9, saturationMb = ONE_VCPU_MB): FuncProfile => ({ fixedMs, msPerMb, alpha, saturationMb, noise: 0.08 });

/** Profiles of the funcs the shipped generators use. */
export const GENERATOR_FUNC_PROFILES: Readonly<Record<string, FuncProfile>> = {
  load: io(40, 2),
  'load-partition': io(30, 3),
  'load-tile': io(25, 2.5),
  store: io(30, 2),
  split: io(20, 1.5),
  collect: io(15, 1),
  assemble: io(20, 1),
  parse: cpu(20, 25, 0.85),
  transform: cpu(15, 40, 0.95),
  compress: cpu(10, 30, 0.9),
  work: cpu(50, 120, 0.9),
  merge: cpu(20, 10, 0.5),
  map: cpu(40, 18, 0.85),
  reduce: cpu(25, 22, 0.7),
  'multiply-tiles': cpu(30, 60, 0.95, 2 * ONE_VCPU_MB), // BLAS uses two threads
  'add-tiles': cpu(10, 4, 0.6),
  'm-project': cpu(100, 150, 0.9),
  'm-diff-fit': cpu(30, 40, 0.6),
  'm-concat-fit': io(40, 5),
  'm-bg-model': cpu(200, 80, 0.9),
  'm-background': cpu(20, 12, 0.7),
  'm-img-tbl': io(30, 10),
  'm-add': cpu(100, 8, 0.8, 2 * ONE_VCPU_MB),
  'm-shrink': cpu(30, 6, 0.8),
  'm-jpeg': cpu(20, 20, 0.85),
};

export const DEFAULT_GROUND_TRUTH: GroundTruthModel = {
  funcs: GENERATOR_FUNC_PROFILES,
  transferLatencyMs: 12,
  minMbPerS: 20,
  maxMbPerS: 160,
  bandwidthSaturationMb: 3008,
  transferNoise: 0.15,
  coldStartMs: 350,
  warmStartMs: 12,
  startNoise: 0.2,
};

/** The profile of a func: from the table, else derived from a hash of its name. */
export function funcProfile(model: GroundTruthModel, func: string): FuncProfile {
  const known = model.funcs[func];
  if (known) return known;
  const h = createHash('sha256').update(func).digest();
  const u = (k: number) => h[k]! / 255;
  return { fixedMs: 10 + 90 * u(0), msPerMb: 2 + 60 * u(1), alpha: 0.1 + 0.85 * u(2), saturationMb: u(3) < 0.8 ? ONE_VCPU_MB : 2 * ONE_VCPU_MB, noise: 0.05 + 0.1 * u(4) };
}

const lognormal = (random: RandomSource, sigma: number) => Math.exp(sigma * randomNormal(random));

/** Expected (noise-free) execution time, ms. */
export function expectedExecMs(profile: FuncProfile, inputBytes: number, memoryMb: number): number {
  const t512 = profile.fixedMs + (profile.msPerMb * inputBytes) / (1024 * 1024);
  return t512 * (512 / Math.min(memoryMb, profile.saturationMb)) ** profile.alpha;
}

export function sampleExecMs(model: GroundTruthModel, func: string, inputBytes: number, memoryMb: number, random: RandomSource): number {
  const profile = funcProfile(model, func);
  return expectedExecMs(profile, inputBytes, memoryMb) * lognormal(random, profile.noise);
}

export function bandwidthMbPerS(model: GroundTruthModel, memoryMb: number): number {
  return model.minMbPerS + (model.maxMbPerS - model.minMbPerS) * Math.min(1, memoryMb / model.bandwidthSaturationMb) ** 0.7;
}

export function sampleTransferMs(model: GroundTruthModel, bytes: number, memoryMb: number, random: RandomSource): number {
  const expected = model.transferLatencyMs + (1000 * bytes) / (1024 * 1024) / bandwidthMbPerS(model, memoryMb);
  return expected * lognormal(random, model.transferNoise);
}

export function sampleStartMs(model: GroundTruthModel, kind: 'cold' | 'warm', memoryMb: number, random: RandomSource): number {
  const base = kind === 'cold' ? model.coldStartMs : model.warmStartMs;
  return base * (512 / memoryMb) ** 0.3 * lognormal(random, model.startNoise);
}
