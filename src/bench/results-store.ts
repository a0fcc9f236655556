/**
 * Raw benchmark outcomes on disk: one JSON file per run under `<dir>/raw/<fileName>.json`,
 * written atomically and durably (`util/atomic-write.ts`), so a sweep interrupted at any
 * moment leaves every finished row whole and no half-written one. The plan of a finished
 * run is kept beside it, `<dir>/plans/<fileName>.json`, in the plan file format (`slackline
 * simulate --plan` reads it; the HTML report draws it); it is written before the row, so a
 * stored `done` row always has its plan (a rerun of a stale row replaces both).
 *
 * Resume is `resumeDecision`: a stored row is kept when its inputs fingerprint matches the
 * run key's (same data, same planner code, same project version) and it did not fail;
 * a row computed from other inputs is stale and rerun, an errored or timed-out row is
 * rerun unless `keepErrored`. This file and `run-key.ts` are the single place row files are
 * found, judged and written (the sweep and the queue coordinator both call them).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SlacklineError } from '../errors.js';
import type { PlanFile } from '../report/plan-file.js';
import { readPlanFile } from '../report/plan-file.js';
import { TEMP_FILE_PATTERN, writeJsonAtomic, writeJsonAtomicAsync } from '../util/atomic-write.js';
import type { RunKey } from './run-key.js';
import { RUN_ROW_VERSION, type RunRow } from './run-row.js';

/** What to do with one run of the grid. */
export type ResumeDecision =
  /** A current row exists: keep it. */
  | 'keep'
  /** No row yet. */
  | 'new'
  /** A row exists but was computed from other inputs (data, planner code, project version, or an older row format). */
  | 'stale'
  /** The stored row errored or timed out: tried again (unless `keepErrored`). */
  | 'retry'
  /** `force`: redone whatever is stored. */
  | 'forced';

export interface ResumeOptions {
  readonly force?: boolean;
  /** Keep errored and timed-out rows instead of rerunning them. */
  readonly keepErrored?: boolean;
}

export class ResultsStore {
  /** Directory of the per-run files. */
  readonly rawDir: string;

  /** Directory of the plans of finished runs. */
  readonly plansDir: string;

  constructor(readonly dir: string) {
    this.rawDir = join(dir, 'raw');
    this.plansDir = join(dir, 'plans');
  }

  planPathOf(key: Pick<RunKey, 'fileName'>): string {
    return join(this.plansDir, `${key.fileName}.json`);
  }

  writePlan(key: RunKey, plan: PlanFile): void {
    writeJsonAtomic(this.planPathOf(key), plan);
  }

  /** The stored plan of a run, or undefined when none was kept (rows of an older sweep). */
  readPlan(key: Pick<RunKey, 'fileName'>): PlanFile | undefined {
    const file = this.planPathOf(key);
    return existsSync(file) ? readPlanFile(file) : undefined;
  }

  pathOf(key: RunKey): string {
    return join(this.rawDir, `${key.fileName}.json`);
  }

  has(key: RunKey): boolean {
    return existsSync(this.pathOf(key));
  }

  /** The stored row of a key; undefined when there is none or it cannot be read as a current row (then it is stale). */
  read(key: RunKey): RunRow | undefined {
    const file = this.pathOf(key);
    if (!existsSync(file)) return undefined;
    try {
      return parseRow(file, readFileSync(file, 'utf8'));
    } catch {
      return undefined;
    }
  }

  decide(key: RunKey, options: ResumeOptions = {}): ResumeDecision {
    if (options.force) return 'forced';
    if (!this.has(key)) return 'new';
    const row = this.read(key);
    if (row === undefined || row.key !== key.key || row.fingerprint !== key.fingerprint) return 'stale';
    if ((row.state === 'errored' || row.state === 'timed-out') && !options.keepErrored) return 'retry';
    return 'keep';
  }

  write(key: RunKey, row: RunRow): void {
    writeJsonAtomic(this.pathOf(key), row);
  }

  /** A finished run's plan (when it has one), then its row, written atomically and durably with the disk syncs off this thread. */
  async writeRun(key: RunKey, row: RunRow, plan?: PlanFile): Promise<void> {
    if (plan !== undefined) await writeJsonAtomicAsync(this.planPathOf(key), plan);
    await writeJsonAtomicAsync(this.pathOf(key), row);
  }

  /** The current rows of these keys (stale or missing ones left out), in the keys' order. */
  readRows(keys: readonly RunKey[]): RunRow[] {
    const rows: RunRow[] = [];
    for (const key of keys) {
      const row = this.read(key);
      if (row !== undefined && row.key === key.key && row.fingerprint === key.fingerprint) rows.push(row);
    }
    return rows;
  }

  /** Every stored row of the current format, sorted by key. Leftover temp files of a killed writer are removed. */
  readAll(): RunRow[] {
    if (!existsSync(this.rawDir)) return [];
    const rows: RunRow[] = [];
    for (const name of readdirSync(this.rawDir).sort()) {
      const file = join(this.rawDir, name);
      if (name.endsWith('.tmp') || (name.includes('.json.') && TEMP_FILE_PATTERN.test(name))) {
        rmSync(file, { force: true });
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const row = parseRow(file, readFileSync(file, 'utf8'), { allowOlder: true });
      if (row !== undefined) rows.push(row);
    }
    return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  ensureDir(): void {
    try {
      mkdirSync(this.rawDir, { recursive: true });
    } catch (error) {
      throw new SlacklineError('bench', `cannot create the results folder: ${(error as Error).message}`, { file: this.rawDir });
    }
  }
}

function parseRow(file: string, text: string): RunRow;
function parseRow(file: string, text: string, options: { allowOlder: true }): RunRow | undefined;
function parseRow(file: string, text: string, options: { allowOlder?: boolean } = {}): RunRow | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SlacklineError('bench', `cannot parse a stored result: ${(error as Error).message}; delete the file or rerun with --force`, { file });
  }
  const row = value as Partial<RunRow>;
  // Rows of an older format are stale, not broken: the next sweep of their key rewrites them.
  if (options.allowOlder && typeof row === 'object' && row !== null && typeof row.version === 'number' && row.version < RUN_ROW_VERSION) return undefined;
  if (typeof row !== 'object' || row === null || row.version !== RUN_ROW_VERSION || typeof row.key !== 'string' || typeof row.state !== 'string' || typeof row.fingerprint !== 'string') {
    throw new SlacklineError('bench', `not a version ${RUN_ROW_VERSION} result row (fields version, key, state, fingerprint)`, { file, path: '$' });
  }
  return row as RunRow;
}
