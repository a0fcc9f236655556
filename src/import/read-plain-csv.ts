/**
 * Reads a plain CSV (header row, comma-separated, no quoted fields: the single-function
 * measurement files of SeBS and Sizeless) into columns looked up BY HEADER NAME, so a
 * change of column order or an extra column does not shift values.
 */
import { readFileSync } from 'node:fs';
import { SlacklineError } from '../errors.js';

export interface PlainCsv {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Index of a column; throws a SlacklineError naming the file when it is missing. */
  column(name: string): number;
  has(name: string): boolean;
}

export function readPlainCsv(file: string, module: string): PlainCsv {
  const text = readFileSync(file, 'utf8');
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const headerLine = lines[0];
  if (headerLine === undefined) throw new SlacklineError(module, 'empty CSV file: no header row', { file });
  if (text.includes('"')) throw new SlacklineError(module, 'quoted CSV fields are not expected in this source', { file });
  const header = headerLine.split(',').map((h) => h.trim());
  const index = new Map(header.map((name, i) => [name, i]));
  const rows = lines.slice(1).map((line, i) => {
    const row = line.split(',');
    if (row.length !== header.length) {
      throw new SlacklineError(module, `row has ${row.length} fields; the header has ${header.length}`, { file, path: `line ${i + 2}` });
    }
    return row;
  });
  return {
    file,
    header,
    rows,
    has: (name) => index.has(name),
    column: (name) => {
      const i = index.get(name);
      if (i === undefined) throw new SlacklineError(module, `missing column "${name}" (header: ${header.join(', ')})`, { file });
      return i;
    },
  };
}
