/**
 * Converts the SeBS artifact's single-function measurements (spcl/serverless-benchmarks-
 * artifact, `data/performance/<provider>_perf_cost/<benchmark>/perf-cost/result.csv`) into
 * a dataset: one func per (provider, benchmark), e.g. `aws/503.graph-bfs`, one run per
 * invocation at the memory size in the `memory` column.
 *
 * Units and filters (from the source's SOURCE.md and the artifact's own plotting script):
 * - time = `exec_time`, MICROseconds measured inside the function -> ms (/1000);
 * - rows kept: type=warm and is_cold=False (cold rows measure sandbox start-up too, which
 *   the source does not separate); rows with exec_time or provider_time 0 are dropped, as
 *   the artifact's script does;
 * - Azure is skipped (memory = 0: dynamic, no size to scale by);
 * - gcp 210_node is skipped by default (exec_time in whole milliseconds that disagree with
 *   provider_time: unreliable per SOURCE.md).
 * The data states no license: convert on the fly for evaluation, do not ship the output.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { requireFolder } from './require-folder.js';
import { join } from 'node:path';
import { SlacklineError } from '../errors.js';
import { readPlainCsv } from './read-plain-csv.js';
import { singleFunctionDataset, type Invocation } from './single-function-dataset.js';
import type { Dataset } from '../dataset/types.js';
import type { ImportWarning } from './import-warning.js';
import { implausibleMemoryMb, implausibleMs } from './plausible.js';

const MODULE = 'import/sebs-artifact';

/** Benchmark names, from the artifact's plotting script. */
export const SEBS_BENCHMARK_NAMES: Readonly<Record<string, string>> = {
  '120': '120.uploader',
  '210_node': '210.thumbnailer-node',
  '210_python': '210.thumbnailer-python',
  '311': '311.compression',
  '411': '411.image-recognition',
  '503': '503.graph-bfs',
};

const UNRELIABLE = new Set(['gcp/210.thumbnailer-node']);

export interface SebsArtifactOptions {
  /** Keep the benchmarks SOURCE.md calls unreliable (gcp 210_node). @default false */
  readonly keepUnreliable?: boolean;
}

export interface ImportResult {
  readonly dataset: Dataset;
  readonly warnings: readonly ImportWarning[];
  /** Per run of `dataset.runs` (one per invocation): the file and line it was read from. */
  readonly runSources: readonly string[];
}

/** The `performance` folder under `dir` (the source folder, its `data`, or the folder itself). */
function performanceDir(dir: string): string {
  requireFolder(MODULE, dir);
  for (const candidate of [join(dir, 'data', 'performance'), join(dir, 'performance'), dir]) {
    if (existsSync(candidate) && statSync(candidate).isDirectory() && readdirSync(candidate).some((d) => d.endsWith('_perf_cost'))) return candidate;
  }
  throw new SlacklineError(MODULE, 'no <provider>_perf_cost folders found (expected data/performance/aws_perf_cost/... of the SeBS artifact)', { file: dir });
}

export function importSebsArtifact(dir: string, options: SebsArtifactOptions = {}): ImportResult {
  const root = performanceDir(dir);
  const warnings: ImportWarning[] = [];
  const invocations: Invocation[] = [];
  const files: string[] = [];
  for (const providerDir of readdirSync(root).filter((d) => d.endsWith('_perf_cost')).sort()) {
    const provider = providerDir.slice(0, -'_perf_cost'.length);
    if (provider === 'azure') {
      warnings.push({ field: `${providerDir}: memory`, message: 'azure skipped: memory is 0 (dynamic), no size to scale by' });
      continue;
    }
    for (const bench of readdirSync(join(root, providerDir)).sort()) {
      const file = join(root, providerDir, bench, 'perf-cost', 'result.csv');
      if (!existsSync(file)) continue;
      const rel = file.slice(root.length + 1);
      const func = `${provider}/${SEBS_BENCHMARK_NAMES[bench] ?? bench}`;
      if (UNRELIABLE.has(func) && !options.keepUnreliable) {
        warnings.push({ taskId: func, field: `${rel}: exec_time`, message: 'skipped: exec_time in whole ms disagrees with provider_time (SOURCE.md: unreliable)' });
        continue;
      }
      files.push(rel);
      const csv = readPlainCsv(file, MODULE);
      const cMemory = csv.column('memory');
      const cType = csv.column('type');
      const cCold = csv.column('is_cold');
      const cExec = csv.column('exec_time');
      const cProvider = csv.column('provider_time');
      let dropped = 0;
      csv.rows.forEach((row, i) => {
        const memoryMb = Number(row[cMemory]);
        const execUs = Number(row[cExec]);
        const providerTime = Number(row[cProvider]);
        if (row[cType] !== 'warm' || row[cCold] !== 'False') return;
        if (!(execUs > 0) || !(providerTime > 0)) {
          dropped++;
          return;
        }
        if (!(memoryMb > 0) || !Number.isFinite(execUs)) {
          throw new SlacklineError(MODULE, `bad memory "${row[cMemory]}" or exec_time "${row[cExec]}"`, { file, path: `line ${i + 2}` });
        }
        const badMemory = implausibleMemoryMb(memoryMb);
        if (badMemory) throw new SlacklineError(MODULE, `memory ${memoryMb} MB: ${badMemory}`, { file, path: `line ${i + 2} column memory` });
        const tooLong = implausibleMs(execUs / 1000);
        if (tooLong) throw new SlacklineError(MODULE, `exec_time ${execUs} us: ${tooLong}`, { file, path: `line ${i + 2} column exec_time` });
        invocations.push({ func, memoryMb, execMs: execUs / 1000, source: `${rel} line ${i + 2}` });
      });
      if (dropped > 0) warnings.push({ taskId: func, field: `${rel}: exec_time`, message: `${dropped} warm row(s) dropped: exec_time or provider_time is 0` });
    }
  }
  if (invocations.length === 0) throw new SlacklineError(MODULE, 'no usable warm invocations found', { file: dir });
  const dataset = singleFunctionDataset(
    {
      name: 'sebs-artifact',
      description: 'SeBS single-function benchmarks (AWS Lambda, GCP Cloud Functions), warm invocations at several memory sizes',
      source: {
        kind: 'recorded',
        origin: 'spcl/serverless-benchmarks-artifact @ 22e8134ca789a54cffd789265303c17d5a0536db, data/performance',
        license: 'NOASSERTION',
        url: 'https://github.com/spcl/serverless-benchmarks-artifact',
        files,
        notes: 'exec_time (microseconds, inside the function) converted to ms; warm rows with is_cold=False only; azure and gcp 210_node skipped; no transfers or worker starts. No license stated: not for redistribution.',
      },
    },
    invocations,
  );
  return { dataset, warnings, runSources: invocations.map((inv, i) => inv.source ?? `invocation ${i + 1}`) };
}
