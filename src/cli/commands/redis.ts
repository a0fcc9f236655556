/**
 * `slackline redis load|export|prune`: move datasets in and out of the Redis metrics
 * store and remove single runs. Key layout: `src/metrics/redis/key-layout.ts` (and the
 * README section "Redis key layout").
 */
import { Option, type Command } from 'commander';
import { loadDataset } from '../../dataset/load-dataset.js';
import { resolveDataset } from '../../dataset/registry.js';
import { validateDataset } from '../../dataset/validate-dataset.js';
import { SlacklineError } from '../../errors.js';
import { closeRedis, connectRedis, DEFAULT_REDIS_URL, redactUrl, redisFault } from '../../metrics/redis/connect.js';
import { exportDataset } from '../../metrics/redis/export-dataset.js';
import { DEFAULT_NAMESPACE, keyLayout } from '../../metrics/redis/key-layout.js';
import { pruneRun } from '../../metrics/redis/prune.js';
import { writeDataset } from '../../metrics/redis/write-dataset.js';
import { writeJsonFileAtomicAsync } from '../../util/atomic-write.js';
import type { Redis } from 'ioredis';
import { parseIntegerFlag } from '../integer-option.js';

interface Common {
  url: string;
  namespace: string;
  json?: boolean;
}

const urlOption = () => new Option('--url <url>', 'Redis URL').env('SLACKLINE_REDIS_URL').default(DEFAULT_REDIS_URL);
const namespaceOption = () => new Option('--namespace <ns>', 'key namespace').default(DEFAULT_NAMESPACE);

/**
 * Connects, works, closes; any Redis failure becomes one `slackline/redis:` line with the
 * URL (password masked) and `done()`: what had been done when it failed.
 */
async function withClient<T>(url: string, work: (client: Redis) => Promise<T>, done?: () => string): Promise<T> {
  const client = await connectRedis(url);
  try {
    return await work(client);
  } catch (error) {
    throw redisFault(url, error, done?.());
  } finally {
    await closeRedis(client);
  }
}

function positiveInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  return parseIntegerFlag('cli/redis', name, text, 1);
}

export function register(program: Command): void {
  const redis = program.command('redis').description('Load datasets into the Redis metrics store, export them, prune runs');

  redis
    .command('load')
    .description('Load a dataset (shipped name or file) into Redis, each run in a MULTI/EXEC transaction')
    .argument('<dataset>', 'shipped dataset name or dataset file')
    .addOption(urlOption())
    .addOption(namespaceOption())
    .option('--batch-records <n>', 'records per MULTI/EXEC transaction (whole runs, at least one per transaction; default 50000)')
    .option('--json', 'print the counts as JSON')
    .action(async (name: string, options: Common & { batchRecords?: string }) => {
      const file = resolveDataset(name);
      const dataset = loadDataset(file);
      const layout = keyLayout(options.namespace);
      const batchRecords = positiveInteger('batch-records', options.batchRecords);
      const started = performance.now();
      let committed = 0;
      const total = dataset.runs.length;
      const result = await withClient(
        options.url,
        (client) => writeDataset(client, layout, dataset, { ...(batchRecords !== undefined ? { batchRecords } : {}), onCommitted: (runs) => (committed = runs) }),
        () => `committed ${committed} of ${total} runs of ${dataset.name} (each run whole or not at all); loads are idempotent, rerun to finish`,
      );
      const ms = Math.round(performance.now() - started);
      const summary = { dataset: dataset.name, url: redactUrl(options.url), namespace: layout.namespace, ...result, ms, signatures: dataset.workflows.map((w) => w.signature) };
      if (options.json) console.log(JSON.stringify(summary, null, 2));
      else console.log(`loaded ${dataset.name}: ${result.workflows} workflow(s), ${result.runs} runs, ${result.records} records into ${summary.url} ns=${layout.namespace} in ${result.transactions} transactions, ${ms} ms (signatures: ${summary.signatures.join(', ')})`);
    });

  redis
    .command('export')
    .description('Write one workflow\'s runs from Redis as a dataset file (validated, written atomically)')
    .requiredOption('--signature <signature>', 'workflow signature (the last part of its DAG ids)')
    .requiredOption('--out <file>', 'dataset file to write')
    .addOption(urlOption())
    .addOption(namespaceOption())
    .action(async (options: Common & { signature: string; out: string }) => {
      const layout = keyLayout(options.namespace);
      const dataset = await withClient(options.url, (client) => exportDataset(client, layout, options.signature, `${redactUrl(options.url)} ns=${layout.namespace}`), () => `nothing was written to ${options.out}`);
      const { errors } = validateDataset(dataset, options.out);
      if (errors.length > 0) throw new SlacklineError('redis', `the runs stored for ${options.signature} do not form a valid dataset:\n  ${errors.slice(0, 20).join('\n  ')}`, { file: options.out }, errors);
      await writeJsonFileAtomicAsync(options.out, dataset, { indent: 2 });
      console.log(`wrote ${options.out}: workflow "${dataset.workflows[0]?.name}", ${dataset.runs.length} runs`);
    });

  redis
    .command('prune')
    .description('Remove every key of one DAG run (SCAN MATCH + UNLINK, never KEYS) and its index entry')
    .requiredOption('--dag <dagId>', 'DAG id of the run')
    .addOption(urlOption())
    .addOption(namespaceOption())
    .option('--json', 'print the removed keys as JSON')
    .action(async (options: Common & { dag: string }) => {
      const layout = keyLayout(options.namespace);
      const result = await withClient(options.url, (client) => pruneRun(client, layout, options.dag), () => `some keys of run ${options.dag} may remain; prune is idempotent, rerun it`);
      if (options.json) console.log(JSON.stringify(result, null, 2));
      else if (result.keysRemoved.length === 0 && !result.wasIndexed) console.log(`no keys for run ${options.dag} in ns=${layout.namespace}`);
      else console.log(`pruned run ${options.dag}: ${result.keysRemoved.length} keys${result.wasIndexed ? '' : ' (it was not committed: staging only)'}`);
    });
}
