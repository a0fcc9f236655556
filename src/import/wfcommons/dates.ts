/**
 * Parses the several date formats found in WfCommons instances' `executedAt` fields into
 * epoch milliseconds. Seen in WfInstances (2020-2023):
 *
 *   2020-12-25T20:10:08+00:00     ISO 8601 extended, with offset (Makeflow, Nextflow)
 *   2023-03-21T21:18:47-10:00     same, negative offset
 *   20200402T045538+0000          ISO 8601 basic (Pegasus 2020)
 *   03-23-21T06:04:36Z            MM-DD-YY, two-digit year (Pegasus 2021+)
 *   2020-12-30T02:24:13.540715    no offset (createdAt): read as UTC, flagged
 *
 * Returns `undefined` for anything else so the caller can warn and fall back.
 */

export interface ParsedDate {
  readonly epochMs: number;
  /** True when the text carried no time zone and UTC was assumed. */
  readonly assumedUtc: boolean;
}

const BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/;
const MDY = /^(\d{2})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/;
const EXTENDED = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/;

/** Offset text (`Z`, `+0000`, `-10:00`) in minutes east of UTC. */
function offsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

function build(year: number, month: number, day: number, h: number, m: number, s: number, frac: string | undefined, zone: string | undefined): ParsedDate | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60) return undefined;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const utc = Date.UTC(year, month - 1, day, h, m, s, ms);
  const check = new Date(utc);
  if (check.getUTCDate() !== day) return undefined; // 31 February and the like
  const offset = zone === undefined ? 0 : offsetMinutes(zone);
  return { epochMs: utc - offset * 60_000, assumedUtc: zone === undefined };
}

export function parseWfDate(text: string): ParsedDate | undefined {
  const trimmed = text.trim();
  let match = EXTENDED.exec(trimmed);
  if (match) return build(Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6]), match[7], match[8]);
  match = BASIC.exec(trimmed);
  if (match) return build(Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6]), match[7], match[8]);
  match = MDY.exec(trimmed);
  // Two-digit years: WfCommons recordings start in 2019, so 00-69 -> 20xx (as strptime's %y).
  if (match) {
    const yy = Number(match[3]);
    return build(yy < 70 ? 2000 + yy : 1900 + yy, Number(match[1]), Number(match[2]), Number(match[4]), Number(match[5]), Number(match[6]), match[7], match[8]);
  }
  return undefined;
}
