/**
 * A box-drawn text table in one linear pass over its rows: the layout of cli-table3 with
 * plain style (`style: { head: [], border: [] }`: the head, then every row, separated by
 * lines), which cli-table3 itself lays out in time quadratic in the rows (10,000 tasks of
 * `slackline cpm` took 12 s). Cells are strings or numbers; a cell with newlines spans
 * several lines; widths count East Asian wide characters as two columns.
 * `test/box-table.test.ts` compares both.
 */

export type Cell = string | number | null | undefined;

/** Display width of a string (wide CJK and fullwidth forms count 2, combining marks 0). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x300) width += 1;
    else if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) || (c >= 0xfe00 && c <= 0xfe0f)) width += 0;
    else if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd)) width += 2;
    else width += 1;
  }
  return width;
}

const text = (cell: Cell): string => (cell === null || cell === undefined ? '' : String(cell));

export function boxTable(head: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const columns = head.length;
  const widths = head.map((h) => displayWidth(h));
  const split = (row: readonly Cell[]) => Array.from({ length: columns }, (_, c) => text(row[c]).split('\n'));
  const cells = rows.map(split);
  for (const row of cells) for (let c = 0; c < columns; c++) for (const line of row[c]!) widths[c] = Math.max(widths[c]!, displayWidth(line));
  const rule = (left: string, mid: string, right: string) => left + widths.map((w) => '─'.repeat(w + 2)).join(mid) + right;
  const out: string[] = [rule('┌', '┬', '┐')];
  const push = (row: string[][]) => {
    const height = Math.max(...row.map((lines) => lines.length));
    for (let k = 0; k < height; k++) out.push(`│${row.map((lines, c) => ` ${lines[k] ?? ''}${' '.repeat(widths[c]! - displayWidth(lines[k] ?? ''))} `).join('│')}│`);
  };
  push(split(head));
  const separator = rule('├', '┼', '┤');
  for (const row of cells) {
    out.push(separator);
    push(row);
  }
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}
