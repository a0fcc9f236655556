/**
 * A planner declining an instance it was not made for (exhaustive search above its task or
 * combination limit, a deadline planner without a deadline): a typed refusal, not a
 * failure. It is a `SlacklineError`, so the CLI prints it and exits 1; the benchmark sweep
 * records it as a `refused` row instead of an `errored` one.
 *
 * The sweep's jobs run in worker threads, and structured cloning keeps only an Error's
 * name-less message and stack (no class, no own fields). So a refusal crosses the thread
 * boundary as a plain `SerializedRefusal` object carrying `kind`, and every test for a
 * refusal (`isPlannerRefusal`) reads that `kind`, never `instanceof`.
 */
import { SlacklineError, type ErrorLocation } from '../errors.js';
import type { PlannerModule } from './types.js';

export const PLANNER_REFUSAL_KIND = 'planner-refusal';

export class PlannerRefusal extends SlacklineError {
  readonly kind = PLANNER_REFUSAL_KIND;

  constructor(module: string, message: string, location: ErrorLocation = {}) {
    super(module, message, location);
    this.name = 'PlannerRefusal';
  }
}

/** What a refusal becomes to cross a worker-thread boundary (plain data survives structured cloning). */
export interface SerializedRefusal {
  readonly kind: typeof PLANNER_REFUSAL_KIND;
  readonly message: string;
}

/** True for a `PlannerRefusal` and for its serialized form. */
export function isPlannerRefusal(error: unknown): error is PlannerRefusal | SerializedRefusal {
  return typeof error === 'object' && error !== null && (error as { kind?: unknown }).kind === PLANNER_REFUSAL_KIND && typeof (error as { message?: unknown }).message === 'string';
}

export function serializeRefusal(error: PlannerRefusal | SerializedRefusal): SerializedRefusal {
  return { kind: PLANNER_REFUSAL_KIND, message: error.message };
}

/**
 * Why the host declines to run `planner` on an instance before calling it, from the limits
 * the planner declares (`maxTasks`, `requiresDeadline`), or undefined when it may run.
 * One rule and one wording for `slackline plan`, the sweep and the pool's jobs.
 */
export function upFrontRefusal(planner: Pick<PlannerModule, 'id' | 'maxTasks' | 'requiresDeadline'>, taskCount: number, hasDeadline: boolean): string | undefined {
  if (planner.maxTasks !== undefined && taskCount > planner.maxTasks) {
    return `planner "${planner.id}" accepts at most ${planner.maxTasks} tasks; this DAG has ${taskCount}`;
  }
  if (planner.requiresDeadline === true && !hasDeadline) return `planner "${planner.id}" needs a deadline (--deadline <factor>x or <ms>)`;
  return undefined;
}
