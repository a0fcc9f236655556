/** The `size` parameter of one-size planners: a ladder size in MB, or `smallest`, `middle`, `largest`. */
import { SlacklineError } from '../errors.js';

export function ladderLevelOf(size: string, ladderMb: readonly number[], plannerId: string): number {
  const L = ladderMb.length;
  if (size === 'smallest') return 0;
  if (size === 'largest') return L - 1;
  if (size === 'middle') return Math.floor((L - 1) / 2);
  const mb = Number(size.replace(/mb$/i, ''));
  const level = ladderMb.indexOf(mb);
  if (size.trim() === '' || !Number.isFinite(mb) || level < 0) {
    throw new SlacklineError('planning/size-param', `planner "${plannerId}": size=${size} is not on the memory ladder [${ladderMb.join(', ')}] MB; use one of those, smallest, middle or largest`);
  }
  return level;
}

/** `PlannerParamSpec.check` of a `size` parameter: the reason a value is not on the instance's ladder. */
export function checkSizeParam(value: unknown, instance: { readonly ladderMb: readonly number[] }, plannerId: string): string | undefined {
  try {
    ladderLevelOf(String(value), instance.ladderMb, plannerId);
    return undefined;
  } catch (error) {
    return `not on the memory ladder [${instance.ladderMb.join(', ')}] MB; use one of those, smallest, middle or largest`;
  }
}
