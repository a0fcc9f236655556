/**
 * Deadlines: absolute (`5000`, `5000ms`, `2.5s`) or a factor of the best makespan
 * (`1.2x`), the makespan with every worker at its fastest level. The host resolves a factor
 * to milliseconds before planning, so planners only see `context.deadlineMs`.
 */
import { SlacklineError } from '../errors.js';
import { timeGreater } from '../timing/tolerance.js';

export type DeadlineSpec = { readonly kind: 'absolute'; readonly ms: number } | { readonly kind: 'factor'; readonly factor: number };

const PATTERN = /^(\d+(?:\.\d+)?|\.\d+)(x|ms|s)?$/;

export function parseDeadline(text: string): DeadlineSpec {
  const match = PATTERN.exec(text.trim().toLowerCase());
  const value = match ? Number(match[1]) : NaN;
  if (!match || !(value > 0) || !Number.isFinite(value)) {
    throw new SlacklineError('planning/deadline', `bad deadline "${text}": expected a factor of the best makespan (e.g. 1.2x) or a time (5000, 5000ms, 2.5s), > 0`);
  }
  const unit = match[2];
  if (unit === 'x') return { kind: 'factor', factor: value };
  return { kind: 'absolute', ms: unit === 's' ? value * 1000 : value };
}

/** The deadline in ms; a factor multiplies `bestMakespanMs`. */
export function resolveDeadline(spec: DeadlineSpec, bestMakespanMs: number): number {
  return spec.kind === 'absolute' ? spec.ms : spec.factor * bestMakespanMs;
}

export function formatDeadline(spec: DeadlineSpec): string {
  return spec.kind === 'absolute' ? `${spec.ms}ms` : `${spec.factor}x`;
}

/**
 * Why a deadline cannot be met, or undefined when it can: below the fastest makespan (every
 * worker of the default assignment at its fastest size), which is also what a factor
 * multiplies, so `1x` is the tightest feasible factor.
 */
export function infeasibleDeadline(deadlineMs: number, fastestMakespanMs: number): string | undefined {
  if (!timeGreater(fastestMakespanMs, deadlineMs)) return undefined;
  return `deadline ${formatMs(deadlineMs)} ms is infeasible: the fastest makespan is ${formatMs(fastestMakespanMs)} ms (every worker of the default assignment at its fastest size, ${(deadlineMs / fastestMakespanMs).toFixed(3)}x of it)`;
}

function formatMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toPrecision(4);
}
