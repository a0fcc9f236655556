/**
 * Long synchronous work written as a generator that yields between steps, run either at
 * once (`runSteps`) or with the event loop served between steps (`runStepsYielding`): the
 * sweep's main thread builds an instance's quantile grids in steps while it keeps handing
 * finished runs' rows to disk and new jobs to the pool threads.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

export type Steps<T> = Generator<void, T, void>;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** With `signal`: undefined, the rest not run, once it aborts (checked after every turn). */
export async function runStepsYielding<T>(steps: Steps<T>): Promise<T>;
export async function runStepsYielding<T>(steps: Steps<T>, signal: AbortSignal): Promise<T | undefined>;
export async function runStepsYielding<T>(steps: Steps<T>, signal?: AbortSignal): Promise<T | undefined> {
  for (;;) {
    if (signal?.aborted) return undefined;
    const step = steps.next();
    if (step.done === true) return step.value;
    await nextTurn();
  }
}
