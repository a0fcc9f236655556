/**
 * `slackline worker --queue redis://host:port[/db]`: a queue worker for sweeps that a
 * coordinator (`slackline bench --queue ...`) enqueues, on this machine or any other.
 * Runs until Ctrl-C (or SIGTERM): it then stops taking jobs and finishes the running ones;
 * a second Ctrl-C leaves at once (the jobs it held are handed to another worker by BullMQ's
 * stalled-job check). BullMQ and ioredis are loaded only when the command runs.
 */
import { Option, type Command } from 'commander';
import { MAX_WORKER_THREADS } from '../../bench/config.js';
import { defaultPlannerRegistry, type PlannerRegistry } from '../../bench/planner-registry.js';
import { SlacklineError } from '../../errors.js';
import type { PlannerModule } from '../../planning/types.js';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { optionalIntegerFlag } from '../integer-option.js';

interface WorkerFlags {
  queue: string;
  queueName?: string;
  queuePrefix?: string;
  threads?: string;
  concurrency?: string;
  lockDuration?: string;
  stalledInterval?: string;
  plannersModule?: string;
}


/** The planners a worker runs: the built-in registry, or a module's `planners` export (tests, private planners). */
async function registryOf(module: string | undefined): Promise<PlannerRegistry> {
  if (module === undefined) return defaultPlannerRegistry();
  const moduleUrl = /^[a-z]+:/.test(module) ? module : pathToFileURL(resolve(module)).href;
  const loaded = (await import(moduleUrl)) as { planners?: unknown };
  if (!Array.isArray(loaded.planners)) throw new SlacklineError('cli/worker', `--planners-module ${module}: no "planners" array export`);
  return { planners: loaded.planners as readonly PlannerModule[], ref: { moduleUrl, exportName: 'planners' } };
}

export function register(program: Command): void {
  program
    .command('worker')
    .description('Run sweep jobs from a Redis queue (BullMQ) that `slackline bench --queue` fills; start one per machine')
    .requiredOption('--queue <url>', 'Redis URL of the queue: redis://host:port[/db]')
    .option('--queue-name <name>', 'queue name, as given to the coordinator (default sweep)')
    .option('--queue-prefix <prefix>', 'BullMQ key prefix, as given to the coordinator (default slackline-queue)')
    .option('--threads <n>', 'planning threads (default 2)')
    .option('--concurrency <n>', 'jobs at once, at most --threads (default: --threads)')
    .option('--lock-duration <ms>', "how long a job's lock lasts without renewal: a dead worker's job is taken over after this (default 30000)")
    .option('--stalled-interval <ms>', 'how often this worker looks for jobs of dead workers (default 30000)')
    .addOption(new Option('--planners-module <file>', 'run the planners of this module\'s "planners" export instead of the built-in ones').hideHelp())
    .action(async (flags: WorkerFlags) => {
      const threads = optionalIntegerFlag('cli/worker', 'threads', flags.threads, 1, MAX_WORKER_THREADS);
      // At most one job per thread: the bound is --threads when given (the queue worker checks its default).
      const concurrency = optionalIntegerFlag('cli/worker', 'concurrency', flags.concurrency, 1, threads ?? MAX_WORKER_THREADS);
      const lockDurationMs = optionalIntegerFlag('cli/worker', 'lock-duration', flags.lockDuration, 100, 3_600_000);
      const stalledIntervalMs = optionalIntegerFlag('cli/worker', 'stalled-interval', flags.stalledInterval, 100, 3_600_000);
      const registry = await registryOf(flags.plannersModule);
      const { startQueueWorker } = await import('../../bench/queue/queue-worker.js');
      const { redactUrl } = await import('../../metrics/redis/connect.js');
      const log = (line: string) => console.error(`worker: ${line}`);
      const worker = await startQueueWorker({
        location: { url: flags.queue, ...(flags.queueName ? { name: flags.queueName } : {}), ...(flags.queuePrefix ? { prefix: flags.queuePrefix } : {}) },
        registry,
        ...(threads !== undefined ? { threads } : {}),
        ...(concurrency !== undefined ? { concurrency } : {}),
        ...(lockDurationMs !== undefined ? { lockDurationMs } : {}),
        ...(stalledIntervalMs !== undefined ? { stalledIntervalMs } : {}),
        log,
      });
      log(`${worker.id} ready on ${redactUrl(flags.queue)} queue "${flags.queueName ?? 'sweep'}": ${worker.concurrency} job(s) at once, ${worker.threads} thread(s); Ctrl-C to stop`);
      await new Promise<void>((resolveStop) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals) => {
          if (stopping) process.exit(130); // second signal: leave now; BullMQ hands the held jobs to another worker
          stopping = true;
          log(`${signal}: finishing the running job(s), taking no new ones (again to quit at once)`);
          void worker.close().then(resolveStop);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      log('stopped');
    });
}
