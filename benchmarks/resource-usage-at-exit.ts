/**
 * Loaded with `node --import` into a benchmarked command: at the main thread's exit it writes
 * the whole process's `process.resourceUsage()` (every thread's CPU, peak RSS) to the file
 * named by SLACKLINE_BENCH_USAGE_FILE, which the parent cannot read once the child is gone.
 */
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.SLACKLINE_BENCH_USAGE_FILE;
if (isMainThread && file) process.on('exit', () => writeFileSync(file, JSON.stringify(process.resourceUsage())));
