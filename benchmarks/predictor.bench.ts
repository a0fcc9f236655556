/**
 * Predictor query time against the history behind it: predictors fitted on 1,000 and on
 * 1,000,000 recorded task samples (20 funcs x 6 memory sizes x 4 input sizes, plus one
 * transfer and one worker-start record per 10 tasks), then the same batch of 1,000 mixed
 * queries (exec at 9 ladder sizes incl. unrecorded ones, output size, upload/download,
 * cold/warm start), and a batch of 1,000 quantile queries (execQuantile / transferQuantile /
 * workerStartQuantile at a random q: what a Monte Carlo draw costs; above 2,048 samples per
 * key the distributions are quantile sketches). Statistics and distributions are fitted
 * once, so the query-time ratios should be near 1. The predictor uses the default scaling
 * model (`auto`). Fit time is reported separately. Printed as a table; written to
 * `results/bench/predictor.json` with the machine.
 */
import Table from 'cli-table3';
import { Bench } from 'tinybench';
import { fitPredictor, type FittedPredictor } from '../src/predict/fit-predictor.js';
import { DEFAULT_SCALING } from '../src/predict/scaling/index.js';
import { normalizeLinear } from '../src/metrics/normalize.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { randomInt, seededRandom, type RandomSource } from '../src/util/random.js';
import { machineDescription, machineLine } from '../src/util/machine.js';
import type { RecordedRun, TaskRecord, TransferRecord, WorkerStartRecord } from '../src/dataset/types.js';

const FUNCS = 20;
const SIZES = [128, 256, 512, 1024, 2048, 3008];
const INPUTS = [1e4, 1e5, 1e6, 1e7];
const LADDER = [128, 256, 512, 768, 1024, 1769, 2048, 3008, 10240];
const QUERIES = 1000;

function history(samples: number, random: RandomSource): RecordedRun[] {
  const tasks: TaskRecord[] = [];
  const transfers: TransferRecord[] = [];
  const workerStarts: WorkerStartRecord[] = [];
  for (let i = 0; i < samples; i++) {
    const f = i % FUNCS;
    const memoryMb = SIZES[randomInt(random, 0, SIZES.length - 1)]!;
    const inputBytes = INPUTS[randomInt(random, 0, INPUTS.length - 1)]!;
    const execMs = (20 + f + inputBytes * 1e-5) * Math.pow(512 / Math.min(memoryMb, 1769), 0.1 + f / 25) * (0.9 + 0.2 * random());
    tasks.push({ taskId: `t${i}`, func: `f${f}`, memoryMb, inputBytes, outputBytes: inputBytes / 2, execMs, execMsNormalized: normalizeLinear(execMs, memoryMb), workerId: `w${i}`, startMs: 0 });
    if (i % 10 === 0) {
      const ms = 2 + inputBytes / (20_000 + memoryMb * 40) * (0.9 + 0.2 * random());
      transfers.push({ taskId: `t${i}`, direction: i % 20 === 0 ? 'upload' : 'download', bytes: inputBytes, memoryMb, ms, msNormalized: normalizeLinear(ms, memoryMb) });
      const start = 150 + 100 * random();
      workerStarts.push({ workerId: `w${i}`, memoryMb, kind: i % 30 === 0 ? 'warm' : 'cold', ms: start, msNormalized: normalizeLinear(start, memoryMb) });
    }
  }
  return [{ dagId: '1700000000000_t0_00000000-0000-4000-8000-000000000000_0000000000000000', plan: {}, makespanMs: 1, metrics: { tasks, transfers, workerStarts } }];
}

interface Query {
  readonly func: string;
  readonly bytes: number;
  readonly memoryMb: number;
  readonly kind: number;
  /** Probability of a quantile query. */
  readonly q: number;
}

function queryBatch(random: RandomSource): Query[] {
  return Array.from({ length: QUERIES }, () => ({
    func: `f${randomInt(random, 0, FUNCS - 1)}`,
    bytes: randomInt(random, 0, 2e7),
    memoryMb: LADDER[randomInt(random, 0, LADDER.length - 1)]!,
    kind: randomInt(random, 0, 4),
    q: random(),
  }));
}

/** Runs the batch; returns a checksum so the work cannot be optimized away. */
function runBatch(predictor: FittedPredictor, queries: readonly Query[]): number {
  let sum = 0;
  for (const q of queries) {
    const p =
      q.kind === 0 ? predictor.exec(q.func, q.bytes, q.memoryMb)
      : q.kind === 1 ? predictor.outputBytes(q.func, q.bytes)
      : q.kind === 2 ? predictor.transfer(q.bytes, q.memoryMb, q.bytes % 2 === 0 ? 'upload' : 'download')
      : q.kind === 3 ? predictor.workerStart(q.memoryMb, 'cold')
      : predictor.exec(q.func, q.bytes, q.memoryMb);
    if (p.known) sum += p.value;
  }
  return sum;
}

/** The quantile batch (a Monte Carlo draw per query); returns a checksum. */
function runQuantileBatch(predictor: FittedPredictor, queries: readonly Query[]): number {
  let sum = 0;
  for (const q of queries) {
    const p =
      q.kind <= 2 ? predictor.execQuantile(q.func, q.bytes, q.memoryMb, q.q)
      : q.kind === 3 ? predictor.transferQuantile(q.bytes, q.memoryMb, q.bytes % 2 === 0 ? 'upload' : 'download', q.q)
      : predictor.workerStartQuantile(q.memoryMb, 'cold', q.q);
    if (p.known) sum += p.value;
  }
  return sum;
}

export async function run(): Promise<void> {
  const queries = queryBatch(seededRandom(7));
  const sizes = [1_000, 1_000_000];
  const fitted = new Map<number, { predictor: FittedPredictor; fitMs: number }>();
  for (const n of sizes) {
    const runs = history(n, seededRandom(n));
    const t = performance.now();
    const predictor = fitPredictor(runs, { sla: 'p90', scaling: DEFAULT_SCALING });
    fitted.set(n, { predictor, fitMs: performance.now() - t });
  }
  const bench = new Bench({ time: 1500, warmupTime: 300, throws: true });
  let sink = 0;
  for (const n of sizes) {
    const { predictor } = fitted.get(n)!;
    bench.add(`${n} samples: ${QUERIES} queries`, () => void (sink += runBatch(predictor, queries)));
  }
  for (const n of sizes) {
    const { predictor } = fitted.get(n)!;
    bench.add(`${n} samples: ${QUERIES} quantile queries`, () => void (sink += runQuantileBatch(predictor, queries)));
  }
  await bench.run();
  const rows = bench.tasks.map((task, i) => {
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`);
    const n = sizes[i % sizes.length]!;
    const batch = i < sizes.length ? 'statistic' : 'quantile';
    return { batch, samples: n, fitMs: fitted.get(n)!.fitMs, batchMeanMs: r.latency.mean, batchP99Ms: r.latency.p99, nsPerQuery: (r.latency.mean * 1e6) / QUERIES, iterations: r.latency.samplesCount };
  });
  const ratio = rows[1]!.nsPerQuery / rows[0]!.nsPerQuery;
  const quantileRatio = rows[3]!.nsPerQuery / rows[2]!.nsPerQuery;
  const table = new Table({ head: ['queries', 'samples behind', 'fit ms', 'batch mean ms', 'batch p99 ms', 'ns/query', 'iterations'] });
  for (const r of rows) table.push([r.batch, r.samples.toLocaleString('en'), r.fitMs.toFixed(1), r.batchMeanMs.toFixed(4), r.batchP99Ms.toFixed(4), r.nsPerQuery.toFixed(0), r.iterations]);
  console.log(table.toString());
  console.log(`query time ratio 1,000,000 / 1,000 samples: statistics ${ratio.toFixed(2)}, quantiles ${quantileRatio.toFixed(2)} (near 1: queries do not scan the history); checksum ${sink > 0 ? 'ok' : 'zero'}`);
  console.log(machineLine());
  writeJsonAtomic('results/bench/predictor.json', { suite: 'predictor', machine: machineDescription(), queriesPerBatch: QUERIES, rows, ratio, quantileRatio });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
