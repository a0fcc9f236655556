/**
 * Importer speed: converting the largest WfInstances files (epigenomics 1,695 tasks, bwa
 * 1,004 tasks / 4,000 edges), the five srasearch runs into one dataset, every shared
 * WfFormat file in one pass, and one SeBS-Flow benchmark (660.map-reduce on AWS, ~600 runs).
 * Reads `../shared/datasets` (third-party, not shipped): cases whose folder is absent are
 * skipped with a printed reason. Table printed, JSON written to `results/bench/import.json`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Table from 'cli-table3';
import { Bench } from 'tinybench';
import { importSebsFlow } from '../src/import/sebs-flow/import-sebs-flow.js';
import { importWfCommons } from '../src/import/wfcommons/import-wfcommons.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { machineDescription } from '../src/util/machine.js';
import { packagePath } from '../src/util/package-root.js';

const SHARED = process.env.SLACKLINE_SHARED_DATASETS ?? packagePath('..', 'shared', 'datasets');

function walkJson(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walkJson(p) : p.endsWith('.json') ? [p] : [];
  });
}

export async function run(): Promise<void> {
  const wf = join(SHARED, 'wfcommons-wfinstances');
  const sebs = join(SHARED, 'sebs-flow-artifact');
  const bench = new Bench({ time: 1000, warmupTime: 200, iterations: 3, throws: true });
  const skipped: string[] = [];
  if (existsSync(wf)) {
    const all = walkJson(wf);
    bench
      .add('wfcommons epigenomics-ilmn-6seq (1,695 tasks)', () => void importWfCommons([join(wf, 'pegasus/epigenomics/epigenomics-chameleon-ilmn-6seq-50k-001.json')]))
      .add('wfcommons bwa-medium (1,004 tasks, 4,000 edges)', () => void importWfCommons([join(wf, 'makeflow/bwa/bwa-chameleon-medium-001.json')]))
      .add('wfcommons srasearch-10a x5 -> one workflow, 5 runs', () => void importWfCommons([1, 2, 3, 4, 5].map((k) => join(wf, `pegasus/srasearch/srasearch-chameleon-10a-00${k}.json`))))
      .add(`wfcommons all ${all.length} shared files, one by one`, () => {
        for (const f of all) importWfCommons([f]);
      });
  } else skipped.push(`${wf} absent: WfCommons cases skipped`);
  if (existsSync(sebs)) bench.add('sebs-flow 660.map-reduce aws (13 CSVs)', () => void importSebsFlow(sebs, { benchmark: '660.map-reduce', provider: 'aws' }));
  else skipped.push(`${sebs} absent: SeBS-Flow case skipped`);
  for (const s of skipped) console.warn(`SKIPPING: ${s}`);
  if (bench.tasks.length === 0) return;
  await bench.run();
  const rows = bench.tasks.map((task) => {
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`);
    return { name: task.name, samples: r.latency.samplesCount, meanMs: r.latency.mean, p50Ms: r.latency.p50, p99Ms: r.latency.p99 };
  });
  const table = new Table({ head: ['case', 'samples', 'mean ms', 'p50 ms', 'p99 ms'] });
  for (const r of rows) table.push([r.name, r.samples, r.meanMs.toFixed(1), r.p50Ms.toFixed(1), r.p99Ms.toFixed(1)]);
  console.log(table.toString());
  writeJsonAtomic('results/bench/import.json', { suite: 'import', machine: machineDescription(), skipped, rows });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
