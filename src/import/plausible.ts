/**
 * The bounds a dataset puts on measured values (`util/value-bounds.ts`), checked where an
 * importer reads them: an implausible value then fails naming the source file and field
 * (in the source's units), not after conversion under the output dataset's JSON path.
 * Each function returns why the value is implausible, or undefined; callers have checked
 * that it is a number >= 0.
 */
import { MAX_BYTES, MAX_MEMORY_MB, MAX_TIME_MS, MIN_MEMORY_MB } from '../util/value-bounds.js';

export function implausibleMs(ms: number): string | undefined {
  return ms > MAX_TIME_MS ? 'more than 30 days: not a plausible time' : undefined;
}

export function implausibleBytes(bytes: number): string | undefined {
  return bytes > MAX_BYTES ? `more than 1 PB (${MAX_BYTES} bytes): not a plausible byte count` : undefined;
}

export function implausibleMemoryMb(mb: number): string | undefined {
  return mb >= MIN_MEMORY_MB && mb <= MAX_MEMORY_MB ? undefined : `outside ${MIN_MEMORY_MB}-${MAX_MEMORY_MB} MB (1 MB to 1 TB): not a plausible worker memory size`;
}

/** Latest epoch a JavaScript date can hold, ms: a start time beyond it is no time at all. */
export const MAX_EPOCH_MS = 8.64e15;
