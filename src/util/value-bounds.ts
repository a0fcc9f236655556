/**
 * The largest (and smallest) values a measured quantity may take before it is an input
 * error, not data: a finite 1e308 ms validates as a number but turns every sum into
 * Infinity downstream. The bounds are generous for serverless workflows, where a single
 * function runs for minutes and a run for hours:
 * - a time (execution, transfer, worker start, start offset, makespan): at most 30 days;
 * - a byte count: at most 1 PB (1e15 bytes);
 * - a worker memory size: from 1 MB to 1 TB (1,048,576 MB).
 * Sums over a whole DAG of such values stay far below Number.MAX_VALUE and exact enough.
 */
export const MAX_TIME_MS = 30 * 24 * 3600 * 1000;
export const MAX_BYTES = 1e15;
export const MIN_MEMORY_MB = 1;
export const MAX_MEMORY_MB = 1024 * 1024;
/** A 512 MB-normalized time: real * memoryMb / 512 of bounded values. */
export const MAX_NORMALIZED_MS = MAX_TIME_MS * (MAX_MEMORY_MB / 512);
