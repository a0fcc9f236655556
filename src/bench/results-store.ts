/**
 * Raw benchmark outcomes on disk: one JSON file per run under `<dir>/raw/<fileName>.json`,
 * written atomically (temp file + rename), so a sweep interrupted at any moment leaves
 * every finished row whole and no half-written one. Resume = "is the file there?".
 * The plan of a finished run is kept beside it, `<dir>/plans/<fileName>.json`, in the plan
 * file format (`slackline simulate --plan` reads it; the HTML report draws it); it is
 * written before the row, so a stored `done` row always has its plan.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SlacklineError } from '../errors.js';
import type { PlanFile } from '../report/plan-file.js';
import { readPlanFile } from '../report/plan-file.js';
import { writeJsonAtomic } from '../util/atomic-write.js';
import type { RunKey } from './run-key.js';
import { RUN_ROW_VERSION, type RunRow } from './run-row.js';

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

  write(key: RunKey, row: RunRow): void {
    writeJsonAtomic(this.pathOf(key), row);
  }

  /** Every stored row, sorted by key. Leftover temp files of a killed writer are removed. */
  readAll(): RunRow[] {
    if (!existsSync(this.rawDir)) return [];
    const rows: RunRow[] = [];
    for (const name of readdirSync(this.rawDir).sort()) {
      const file = join(this.rawDir, name);
      if (name.endsWith('.tmp')) {
        rmSync(file, { force: true });
        continue;
      }
      if (!name.endsWith('.json')) continue;
      rows.push(parseRow(file, readFileSync(file, 'utf8')));
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

function parseRow(file: string, text: string): RunRow {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SlacklineError('bench', `cannot parse a stored result: ${(error as Error).message}; delete the file or rerun with --force`, { file });
  }
  const row = value as Partial<RunRow>;
  if (typeof row !== 'object' || row === null || row.version !== RUN_ROW_VERSION || typeof row.key !== 'string' || typeof row.state !== 'string') {
    throw new SlacklineError('bench', `not a version ${RUN_ROW_VERSION} result row (fields version, key, state)`, { file, path: '$' });
  }
  return row as RunRow;
}
