/**
 * The cost of a plan: GB-seconds of worker time times a price per GB-s, plus a price per
 * invocation. Defaults are AWS Lambda's x86 prices in us-east-1 (USD 0.0000166667 per
 * GB-s, USD 0.20 per million requests).
 *
 * The billing rule itself (one billed interval per task; a task that continues a
 * predecessor on its worker keeps that container alive, and billed, from the
 * predecessor's finish; every task that pays a worker start is one invocation, so tasks of
 * one worker that run in parallel are separate containers, each billed and invoked) is
 * stated and applied in `plan-cost.ts` (`planCost`), the only place cost is computed.
 */
export interface CostModel {
  /** USD per GB-second of worker memory. */
  readonly pricePerGbSecond: number;
  /** USD per invocation (one per task that pays a worker start, cold or warm). */
  readonly pricePerInvocation: number;
}

export const AWS_LAMBDA_X86_COST: CostModel = Object.freeze({
  pricePerGbSecond: 0.0000166667,
  pricePerInvocation: 0.2 / 1_000_000,
});

export function resolveCostModel(overrides: Partial<CostModel> = {}): CostModel {
  return Object.freeze({ ...AWS_LAMBDA_X86_COST, ...overrides });
}
