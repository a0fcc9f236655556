/**
 * CPU share a serverless worker gets at a memory size, in vCPUs. Shared by the scaling
 * models (Amdahl: t(m) = s + p / cpu(m)) and the timing model (tasks of one worker share
 * its vCPUs).
 *
 * - `aws` (AWS Lambda developer guide, "Configure Lambda function memory": CPU is allocated
 *   in proportion to memory, 1,769 MB is the equivalent of one vCPU, and the largest size,
 *   10,240 MB, has up to 6 vCPUs): m / 1769 up to 1,769 MB, then linear from 1 vCPU at
 *   1,769 MB to 6 at 10,240 MB (the plain m / 1769 would give 5.79 at 10,240 MB; this keeps
 *   both documented points exact and differs from it by < 4% in between), 6 above.
 * - `gcp` (Google Cloud, "Configure memory and vCPU limits" for Cloud Run functions, the
 *   memory/CPU tier table; 1 vCPU = 2.4 GHz): 128 MB 1/12 (200 MHz), 256 MB 1/6, 512 MB 1/3,
 *   1024 MB 7/12 (1.4 GHz), 2048 MB 1, 4096 MB 2, 8192 MB 2, 16384 MB 4, 32768 MB 8 vCPU;
 *   linear between tiers, proportional below 128 MB, 8 above 32 GB.
 * - `azure` (Microsoft Learn, "Azure Functions Flex Consumption plan hosting", instance
 *   memory table: 512 MB 0.25, 2048 MB 1, 4096 MB 2 cores; CPU allocated in proportion to
 *   the instance memory): m / 2048, at most 2 (the largest instance, 4096 MB).
 *
 * The provider is chosen by the data: the evaluation sources name it per func (SeBS
 * `aws/...`, `gcp/...`); datasets that record none get `aws`.
 */
export type CpuProvider = 'aws' | 'gcp' | 'azure';

export const CPU_PROVIDERS: readonly CpuProvider[] = ['aws', 'gcp', 'azure'];

/** MB of memory that buys one vCPU on AWS Lambda. */
export const AWS_MB_PER_VCPU = 1769;
/** Most vCPUs an AWS Lambda function gets (at 10,240 MB). */
export const AWS_MAX_VCPU = 6;
/** The largest AWS Lambda memory size. */
export const AWS_MAX_MEMORY_MB = 10240;

/** Cloud Run functions memory tiers (MB) and their vCPUs. */
const GCP_TIERS: readonly (readonly [number, number])[] = [
  [128, 1 / 12],
  [256, 1 / 6],
  [512, 1 / 3],
  [1024, 7 / 12],
  [2048, 1],
  [4096, 2],
  [8192, 2],
  [16384, 4],
  [32768, 8],
];

/** MB per core on Azure Flex Consumption, and its largest instance's cores. */
export const AZURE_MB_PER_VCPU = 2048;
export const AZURE_MAX_VCPU = 2;

function gcpShare(memoryMb: number): number {
  const first = GCP_TIERS[0]!;
  if (memoryMb <= first[0]) return (memoryMb / first[0]) * first[1];
  for (let i = 1; i < GCP_TIERS.length; i++) {
    const [m1, c1] = GCP_TIERS[i]!;
    if (memoryMb <= m1) {
      const [m0, c0] = GCP_TIERS[i - 1]!;
      return c0 + ((c1 - c0) * (memoryMb - m0)) / (m1 - m0);
    }
  }
  return GCP_TIERS[GCP_TIERS.length - 1]![1];
}

/** vCPUs of a worker of `memoryMb` on `provider` (a positive, finite number for a positive memory). */
export function cpuShare(memoryMb: number, provider: CpuProvider = 'aws'): number {
  switch (provider) {
    case 'aws':
      if (memoryMb <= AWS_MB_PER_VCPU) return memoryMb / AWS_MB_PER_VCPU;
      return Math.min(AWS_MAX_VCPU, 1 + ((AWS_MAX_VCPU - 1) * (memoryMb - AWS_MB_PER_VCPU)) / (AWS_MAX_MEMORY_MB - AWS_MB_PER_VCPU));
    case 'gcp':
      return gcpShare(memoryMb);
    case 'azure':
      return Math.min(memoryMb / AZURE_MB_PER_VCPU, AZURE_MAX_VCPU);
  }
}

export function isCpuProvider(text: string): text is CpuProvider {
  return (CPU_PROVIDERS as readonly string[]).includes(text);
}
