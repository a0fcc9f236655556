/**
 * A small RFC 4180 CSV reader: a header row, then records, read BY HEADER NAME (SeBS-Flow's
 * column layout changed between 2022 and 2024). Handles quoted fields with commas, doubled
 * quotes and newlines, and CRLF line ends.
 */
import { SlacklineError } from '../../errors.js';

export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Column index by header name. */
  column(name: string): number | undefined;
}

function parseRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      field = '';
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

export function readCsv(text: string, file: string): CsvTable {
  const records = parseRecords(text);
  const header = records[0];
  if (!header) throw new SlacklineError('import/sebs-flow', 'empty CSV file: no header row', { file });
  const index = new Map(header.map((name, i) => [name.trim(), i]));
  const rows = records.slice(1);
  rows.forEach((row, i) => {
    if (row.length !== header.length) {
      throw new SlacklineError('import/sebs-flow', `row ${i + 2} has ${row.length} fields; the header has ${header.length}`, { file, path: `line ${i + 2}` });
    }
  });
  return { header, rows, column: (name) => index.get(name) };
}
