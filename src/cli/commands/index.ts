/** The static list of sub-commands: one import and one entry per command file. */
import type { Command } from 'commander';
import { register as algorithms } from './algorithms.js';
import { register as bench } from './bench.js';
import { register as cpm } from './cpm.js';
import { register as datasets } from './datasets.js';
import { register as generate } from './generate.js';
import { register as importTraces } from './import.js';
import { register as importSingleFunction } from './import-single-function.js';
import { register as info } from './info.js';
import { register as plan } from './plan.js';
import { register as predictEval } from './predict-eval.js';
import { register as redis } from './redis.js';
import { register as replay } from './replay.js';
import { register as simulate } from './simulate.js';
import { register as validate } from './validate.js';
import { register as worker } from './worker.js';

export type RegisterCommand = (program: Command) => void;

// In the order of the data flow: datasets, real traces, prediction, critical path, planning, sweeps (local, queue workers), Redis.
export const commands: readonly RegisterCommand[] = [datasets, validate, info, generate, importTraces, importSingleFunction, predictEval, cpm, algorithms, plan, simulate, bench, worker, replay, redis];
