/**
 * The cost of a plan: GB-seconds of worker time times a price per GB-s, plus a price per
 * invocation (per worker started). Defaults are AWS Lambda's x86 prices in us-east-1
 * (USD 0.0000166667 per GB-s, USD 0.20 per million requests).
 *
 * Billed time of a worker is from its start until its last task finishes uploading (a
 * worker that continues a chain stays alive, and billed, across it). The exact rule, per
 * task interval (tasks of one worker that run in parallel are separate containers, each
 * billed), is stated and applied in `simulate-plan.ts`.
 */
export interface CostModel {
  /** USD per GB-second of worker memory. */
  readonly pricePerGbSecond: number;
  /** USD per invocation (one per worker started). */
  readonly pricePerInvocation: number;
}

export const AWS_LAMBDA_X86_COST: CostModel = Object.freeze({
  pricePerGbSecond: 0.0000166667,
  pricePerInvocation: 0.2 / 1_000_000,
});

export function resolveCostModel(overrides: Partial<CostModel> = {}): CostModel {
  return Object.freeze({ ...AWS_LAMBDA_X86_COST, ...overrides });
}

/** Cost of one worker alive `billedMs` at `memoryMb`. */
export function workerCost(model: CostModel, memoryMb: number, billedMs: number): number {
  return (memoryMb / 1024) * (billedMs / 1000) * model.pricePerGbSecond + model.pricePerInvocation;
}
