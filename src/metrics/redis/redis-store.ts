/**
 * The Redis metrics store. Like the engine's `MetadataAccess`, it reads once: `open`
 * connects and loads the history (one workflow's, or every workflow's) into a cache, and
 * `load` serves the predictor from that cache, so planning never waits on Redis again.
 * A signature not loaded at open is fetched on first request, then cached too.
 */
import type { Redis } from 'ioredis';
import type { DatasetWorkflow, RecordedRun } from '../../dataset/types.js';
import type { MetricsSnapshot, MetricsStore } from '../types.js';
import { closeRedis, connectRedis, redactUrl, redisFault, withRedisFaults, type ConnectOptions } from './connect.js';

/** What a failed read did: nothing (for the fault message). */
const READ_ONLY = 'nothing was written (metrics are only read here)';
import { DEFAULT_NAMESPACE, keyLayout, type KeyLayout } from './key-layout.js';
import { DEFAULT_BATCH_RUNS, listSignatures, loadSignatureHistory, type SignatureHistory } from './load-runs.js';

export interface RedisStoreOptions extends ConnectOptions {
  /** Key namespace. @default 'slackline' */
  readonly namespace?: string;
  /** Load only this workflow's history at open (all workflows when omitted). */
  readonly signature?: string;
  /** Runs per pipelined batch. @default 100 */
  readonly batchRuns?: number;
}

export class RedisMetricsStore implements MetricsStore {
  readonly describe: string;
  readonly layout: KeyLayout;
  private readonly client: Redis;
  private readonly batchRuns: number;
  /** signature -> history; `null` when the signature has nothing stored. */
  private readonly cache = new Map<string, SignatureHistory | null>();
  private allLoaded = false;
  private readonly url: string;

  private constructor(client: Redis, url: string, layout: KeyLayout, batchRuns: number) {
    this.client = client;
    this.layout = layout;
    this.url = url;
    this.batchRuns = batchRuns;
    this.describe = `${redactUrl(url)} ns=${layout.namespace}`;
  }

  static async open(url: string, options: RedisStoreOptions = {}): Promise<RedisMetricsStore> {
    const layout = keyLayout(options.namespace ?? DEFAULT_NAMESPACE);
    const client = await connectRedis(url, options);
    const store = new RedisMetricsStore(client, url, layout, options.batchRuns ?? DEFAULT_BATCH_RUNS);
    try {
      if (options.signature !== undefined) await store.fetch(options.signature);
      else await store.fetchAll();
    } catch (error) {
      await store.close();
      throw redisFault(url, error, READ_ONLY);
    }
    return store;
  }

  /** The connection, for the writer and prune sharing it (the store owns and closes it). */
  get redis(): Redis {
    return this.client;
  }

  async load(signature?: string): Promise<MetricsSnapshot> {
    return withRedisFaults(this.url, () => this.loadCached(signature), () => READ_ONLY);
  }

  private async loadCached(signature?: string): Promise<MetricsSnapshot> {
    if (signature === undefined) {
      if (!this.allLoaded) await this.fetchAll();
      const histories = [...this.cache.values()].filter((h): h is SignatureHistory => h !== null);
      return snapshotOf(histories.sort((a, b) => (a.workflow.signature < b.workflow.signature ? -1 : 1)));
    }
    const history = this.cache.has(signature) ? this.cache.get(signature) : await this.fetch(signature);
    return snapshotOf(history ? [history] : []);
  }

  async close(): Promise<void> {
    await closeRedis(this.client);
  }

  private async fetch(signature: string): Promise<SignatureHistory | null> {
    const history = (await loadSignatureHistory(this.client, this.layout, signature, this.batchRuns)) ?? null;
    this.cache.set(signature, history);
    return history;
  }

  private async fetchAll(): Promise<void> {
    for (const signature of await listSignatures(this.client, this.layout)) {
      if (!this.cache.has(signature)) await this.fetch(signature);
    }
    this.allLoaded = true;
  }
}

function snapshotOf(histories: readonly SignatureHistory[]): MetricsSnapshot {
  const workflows: DatasetWorkflow[] = histories.map((h) => h.workflow);
  const runs: RecordedRun[] = histories.flatMap((h) => [...h.runs]);
  return { workflows, runs };
}
