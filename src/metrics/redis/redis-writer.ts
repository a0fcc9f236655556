/**
 * Writes the metrics of runs into Redis as they happen. Records buffer in memory and are
 * flushed to the run's record lists by a configurable strategy; those lists are staging
 * data, invisible to loaders, until `finish` commits the run in one MULTI/EXEC (last
 * records, header, workflow, signature index). So a writer killed mid-run leaves no
 * visible half run, only staging keys under the run's prefix that `prune` removes; and
 * `close` flushes every buffer, so nothing handed to the writer is lost.
 *
 * Flush strategies:
 *   'every-record'        one transaction per record (safest, slowest)
 *   { everyRecords: N }   when N records are buffered (default, N = 1000)
 *   { everyMs: T }        every T ms (timer, does not keep the process alive)
 *   'on-close'            only at finish and close
 */
import type { Redis } from 'ioredis';
import type { DatasetWorkflow, PlannedTask, RecordedRun, TaskRecord, TransferRecord, WorkerStartRecord } from '../../dataset/types.js';
import { parseDagId } from '../../dag/dag-id.js';
import { SlacklineError } from '../../errors.js';
import { chunked, encodeChunk, encodeHeader, encodeStart, encodeTask, encodeTransfer } from './codec.js';
import { closeRedis, connectRedis, type ConnectOptions } from './connect.js';
import { DEFAULT_NAMESPACE, keyLayout, RUN_LISTS, type KeyLayout, type RunList } from './key-layout.js';
import { execOrThrow, queueWorkflow } from './write-dataset.js';

export type FlushStrategy = 'every-record' | 'on-close' | { readonly everyRecords: number } | { readonly everyMs: number };

export interface MetricsWriterOptions extends ConnectOptions {
  /** Key namespace. @default 'slackline' */
  readonly namespace?: string;
  /** @default { everyRecords: 1000 } */
  readonly flush?: FlushStrategy;
  /** Records per list element. @default 1000 */
  readonly chunkRecords?: number;
}

type Buffers = Record<RunList, unknown[]>;

const emptyBuffers = (): Buffers => ({ tasks: [], transfers: [], starts: [] });
const sizeOf = (b: Buffers): number => b.tasks.length + b.transfers.length + b.starts.length;

/** Parses the CLI/config form of a strategy: `every-record`, `on-close`, `100` (records) or `250ms`. */
export function parseFlushStrategy(text: string): FlushStrategy {
  if (text === 'every-record' || text === 'on-close') return text;
  const ms = /^(\d+)ms$/.exec(text);
  if (ms) return { everyMs: Number(ms[1]) };
  if (/^\d+$/.test(text) && Number(text) > 0) return { everyRecords: Number(text) };
  throw new SlacklineError('redis-writer', `bad flush strategy "${text}": use every-record, on-close, N (records) or Tms`);
}

export class RedisMetricsWriter {
  readonly layout: KeyLayout;
  readonly flushStrategy: FlushStrategy;
  private readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly chunkRecords: number;
  private readonly runs = new Map<string, RunWriter>();
  private tail: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(client: Redis, ownsClient: boolean, options: MetricsWriterOptions) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.layout = keyLayout(options.namespace ?? DEFAULT_NAMESPACE);
    this.flushStrategy = options.flush ?? { everyRecords: 1000 };
    this.chunkRecords = options.chunkRecords ?? 1000;
    const s = this.flushStrategy;
    if (typeof s === 'object' && 'everyRecords' in s && !(Number.isInteger(s.everyRecords) && s.everyRecords > 0)) {
      throw new SlacklineError('redis-writer', `everyRecords must be a positive integer, got ${s.everyRecords}`);
    }
    if (typeof s === 'object' && 'everyMs' in s) {
      if (!(s.everyMs > 0)) throw new SlacklineError('redis-writer', `everyMs must be positive, got ${s.everyMs}`);
      this.timer = setInterval(() => this.flushAll(), s.everyMs);
      this.timer.unref();
    }
  }

  static async open(url: string, options: MetricsWriterOptions = {}): Promise<RedisMetricsWriter> {
    return new RedisMetricsWriter(await connectRedis(url, options), true, options);
  }

  /** A writer on a connection the caller owns (not closed by `close`). */
  static onClient(client: Redis, options: MetricsWriterOptions = {}): RedisMetricsWriter {
    return new RedisMetricsWriter(client, false, options);
  }

  /** Starts a run: refuses a dagId already committed, clears stale staging of the same id. */
  async startRun(dagId: string, workflow: DatasetWorkflow): Promise<RunWriter> {
    this.assertOpen();
    const { signature } = parseDagId(dagId);
    if (workflow.signature !== signature) {
      throw new SlacklineError('redis-writer', `run ${dagId} ends with signature ${signature} but its workflow "${workflow.name}" has ${workflow.signature}`);
    }
    if (this.runs.has(dagId)) throw new SlacklineError('redis-writer', `run ${dagId} is already being written`);
    if ((await this.client.exists(this.layout.runHeader(dagId))) > 0) {
      throw new SlacklineError('redis-writer', `run ${dagId} is already committed in namespace ${this.layout.namespace}`);
    }
    await this.client.del(...RUN_LISTS.map((list) => this.layout.runList(dagId, list)));
    const run = new RunWriter(this, dagId, workflow, parseDagId(dagId).epochMs);
    this.runs.set(dagId, run);
    return run;
  }

  /** Flushes every buffer, waits for pending writes, closes the connection if owned. Returns unfinished runs (staged, invisible). */
  async close(): Promise<{ unfinished: string[] }> {
    if (this.closed) return { unfinished: [] };
    if (this.timer) clearInterval(this.timer);
    this.flushAll();
    await this.tail;
    this.closed = true;
    const unfinished = [...this.runs.keys()];
    if (this.ownsClient) await closeRedis(this.client);
    this.throwFailure();
    return { unfinished };
  }

  /** Waits until everything buffered so far is in Redis (staged). */
  async flush(): Promise<void> {
    this.flushAll();
    await this.tail;
    this.throwFailure();
  }

  // ---- used by RunWriter ----

  /** @internal */
  appended(run: RunWriter): void {
    const s = this.flushStrategy;
    if (s === 'every-record') this.enqueueFlush([run]);
    else if (typeof s === 'object' && 'everyRecords' in s) {
      let buffered = 0;
      for (const r of this.runs.values()) buffered += r.buffered;
      if (buffered >= s.everyRecords) this.flushAll();
    }
  }

  /** @internal */
  async commit(run: RunWriter, header: Pick<RecordedRun, 'plan' | 'makespanMs'>): Promise<void> {
    this.assertOpen();
    await this.tail;
    this.throwFailure();
    const tx = this.client.multi();
    const taken = run.take();
    this.queueChunks(tx, run.dagId, taken);
    tx.set(this.layout.runHeader(run.dagId), encodeHeader(header));
    queueWorkflow(tx, this.layout, run.workflow);
    tx.zadd(this.layout.runIndex(run.workflow.signature), run.epochMs, run.dagId);
    try {
      await execOrThrow(tx, `run ${run.dagId}`);
    } catch (error) {
      run.restore(taken);
      throw error;
    }
    this.runs.delete(run.dagId);
  }

  /** @internal */
  assertOpen(): void {
    if (this.closed) throw new SlacklineError('redis-writer', 'writer is closed');
  }

  private flushAll(): void {
    this.enqueueFlush([...this.runs.values()]);
  }

  /** Takes the buffers now (so record order is kept) and writes them in one MULTI/EXEC after earlier flushes. */
  private enqueueFlush(runs: readonly RunWriter[]): void {
    const work = runs.filter((r) => r.buffered > 0).map((r) => ({ run: r, taken: r.take() }));
    if (work.length === 0) return;
    this.tail = this.tail.then(async () => {
      const tx = this.client.multi();
      for (const { run, taken } of work) this.queueChunks(tx, run.dagId, taken);
      try {
        await execOrThrow(tx, 'flush');
      } catch (error) {
        // Keep the records for a later flush or finish: nothing handed over is dropped.
        for (const { run, taken } of work) run.restore(taken);
        this.failure ??= error instanceof Error ? error : new Error(String(error));
      }
    });
  }

  private queueChunks(tx: ReturnType<Redis['multi']>, dagId: string, buffers: Buffers): void {
    for (const list of RUN_LISTS) {
      const chunks = chunked(buffers[list], this.chunkRecords).map(encodeChunk);
      if (chunks.length > 0) tx.rpush(this.layout.runList(dagId, list), ...chunks);
    }
  }

  private throwFailure(): void {
    const failure = this.failure;
    if (failure) {
      this.failure = undefined;
      throw failure instanceof SlacklineError ? failure : new SlacklineError('redis-writer', `flush failed: ${failure.message}`);
    }
  }
}

/** The records of one run being written. Appends are synchronous; writes happen by the writer's strategy. */
export class RunWriter {
  private buffers: Buffers = emptyBuffers();
  private done = false;

  /** @internal */
  constructor(
    private readonly writer: RedisMetricsWriter,
    readonly dagId: string,
    readonly workflow: DatasetWorkflow,
    readonly epochMs: number,
  ) {}

  get buffered(): number {
    return sizeOf(this.buffers);
  }

  task(record: TaskRecord): void {
    this.push('tasks', encodeTask(record));
  }

  transfer(record: TransferRecord): void {
    this.push('transfers', encodeTransfer(record));
  }

  workerStart(record: WorkerStartRecord): void {
    this.push('starts', encodeStart(record));
  }

  /** Commits the run: from now on loaders see it, whole. */
  async finish(header: { plan: Readonly<Record<string, PlannedTask>>; makespanMs: number }): Promise<void> {
    if (this.done) throw new SlacklineError('redis-writer', `run ${this.dagId} is already finished`);
    this.done = true; // no appends while the commit is in flight: they would land after it
    try {
      await this.writer.commit(this, header);
    } catch (error) {
      this.done = false;
      throw error;
    }
  }

  /** @internal */
  take(): Buffers {
    const taken = this.buffers;
    this.buffers = emptyBuffers();
    return taken;
  }

  /** @internal put records back in front after a failed write */
  restore(taken: Buffers): void {
    for (const list of RUN_LISTS) this.buffers[list] = [...taken[list], ...this.buffers[list]];
  }

  private push(list: RunList, tuple: unknown): void {
    if (this.done) throw new SlacklineError('redis-writer', `run ${this.dagId} is already finished`);
    this.writer.assertOpen();
    this.buffers[list].push(tuple);
    this.writer.appended(this);
  }
}
