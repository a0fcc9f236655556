/**
 * CPU share a serverless worker gets at a memory size, in vCPUs. Shared by the scaling
 * models (Amdahl: t(m) = s + p / cpu(m)) and the timing model (tasks of one worker share
 * its vCPUs).
 *
 * AWS Lambda allocates CPU in proportion to memory: 1,769 MB is one full vCPU, and the
 * largest size (10,240 MB) has 6 vCPUs (AWS Lambda developer guide, "Configuring Lambda
 * function memory"). Other providers are added beside it by the predictor v2 work.
 */
export type CpuProvider = 'aws';

/** MB of memory that buys one vCPU on AWS Lambda. */
export const AWS_MB_PER_VCPU = 1769;
/** Most vCPUs an AWS Lambda function gets (at 10,240 MB). */
export const AWS_MAX_VCPU = 6;

/** vCPUs of a worker of `memoryMb` on `provider` (a positive, finite number). */
export function cpuShare(memoryMb: number, provider: CpuProvider = 'aws'): number {
  switch (provider) {
    case 'aws':
      return Math.min(memoryMb / AWS_MB_PER_VCPU, AWS_MAX_VCPU);
  }
}
