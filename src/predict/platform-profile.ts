/**
 * The platform profile: stated numbers used ONLY as a flagged fallback where the recorded
 * metrics say nothing (no transfer records, no worker-start records), never silently.
 *
 * DEFAULT_PLATFORM_PROFILE is AWS-Lambda-like and deliberately rough (orders of magnitude,
 * not measurements of this project):
 *  - cold start 250 ms: the few-hundred-ms range reported for AWS Lambda cold starts by
 *    Wang et al., "Peeking Behind the Curtains of Serverless Platforms" (USENIX ATC 2018)
 *    and Copik et al., "SeBS: A Serverless Benchmark Suite" (Middleware 2021);
 *  - warm start 5 ms: a warm invocation reuses the sandbox (milliseconds);
 *  - transfer = latency + bytes / bandwidth(memory): latency 2 ms (one Redis round trip in
 *    the same region); bandwidth grows with memory and levels off, as measured for Lambda
 *    by Wang et al. (ibid.) and Klimovic et al., "Understanding Ephemeral Storage for
 *    Serverless Analytics" (USENIX ATC 2018): 20 MB/s at 128 MB, 35 at 256, 50 at 512, 70
 *    at 1024, 75 MB/s from 1769 MB up; linear interpolation between points, the end values
 *    outside them;
 *  - exec of a func with no records at all, when no func has records either: 1000 ms at
 *    512 MB, scaled linearly (a placeholder; every use is counted and flagged).
 */
import { BASELINE_MEMORY_MB } from '../metrics/normalize.js';
import type { StartKind, TransferDirection } from '../dataset/types.js';

export interface BandwidthPoint {
  readonly memoryMb: number;
  /** Megabytes (10^6 bytes) per second. */
  readonly mbPerS: number;
}

export interface PlatformProfile {
  readonly name: string;
  readonly coldStartMs: number;
  readonly warmStartMs: number;
  /** Fixed cost of one transfer, ms. */
  readonly transferLatencyMs: number;
  /** Bandwidth by memory size, ascending by memory; same for upload and download. */
  readonly bandwidth: readonly BandwidthPoint[];
  /** Exec time at 512 MB used when no func at all has records. */
  readonly execFallbackMs512: number;
  /** Where the numbers come from. */
  readonly sources: readonly string[];
}

export const DEFAULT_PLATFORM_PROFILE: PlatformProfile = {
  name: 'aws-lambda-like',
  coldStartMs: 250,
  warmStartMs: 5,
  transferLatencyMs: 2,
  bandwidth: [
    { memoryMb: 128, mbPerS: 20 },
    { memoryMb: 256, mbPerS: 35 },
    { memoryMb: 512, mbPerS: 50 },
    { memoryMb: 1024, mbPerS: 70 },
    { memoryMb: 1769, mbPerS: 75 },
  ],
  execFallbackMs512: 1000,
  sources: [
    'Wang et al., Peeking Behind the Curtains of Serverless Platforms, USENIX ATC 2018',
    'Klimovic et al., Understanding Ephemeral Storage for Serverless Analytics, USENIX ATC 2018',
    'Copik et al., SeBS: A Serverless Benchmark Suite for Function-as-a-Service Computing, Middleware 2021',
  ],
};

/** Bandwidth, MB/s, at `memoryMb` (piecewise linear, clamped to the end points). */
export function profileBandwidth(profile: PlatformProfile, memoryMb: number): number {
  const points = profile.bandwidth;
  const first = points[0];
  if (!first) return 1;
  if (memoryMb <= first.memoryMb) return first.mbPerS;
  for (let i = 1; i < points.length; i++) {
    const b = points[i]!;
    if (memoryMb <= b.memoryMb) {
      const a = points[i - 1]!;
      return a.mbPerS + ((b.mbPerS - a.mbPerS) * (memoryMb - a.memoryMb)) / (b.memoryMb - a.memoryMb);
    }
  }
  return points[points.length - 1]!.mbPerS;
}

export function profileTransferMs(profile: PlatformProfile, bytes: number, memoryMb: number, _direction: TransferDirection): number {
  return profile.transferLatencyMs + bytes / (profileBandwidth(profile, memoryMb) * 1000); // MB/s = 1000 bytes/ms
}

export function profileStartMs(profile: PlatformProfile, kind: StartKind): number {
  return kind === 'cold' ? profile.coldStartMs : profile.warmStartMs;
}

export function profileExecMs(profile: PlatformProfile, memoryMb: number): number {
  return (profile.execFallbackMs512 * BASELINE_MEMORY_MB) / memoryMb;
}
