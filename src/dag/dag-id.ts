/**
 * DAG run ids: `<epochMs>_<sinkTaskId>_<uuid>_<dagSignature>`, the engine's format.
 * The sink task id may itself contain underscores; the epoch (digits), the UUID (8-4-4-4-12
 * hex) and the signature (16 hex) may not, which makes parsing unambiguous.
 */
import { randomUUID } from 'node:crypto';
import { SlacklineError } from '../errors.js';
import { SIGNATURE_LENGTH } from './dag-signature.js';

export interface DagIdParts {
  readonly epochMs: number;
  readonly sinkTaskId: string;
  readonly uuid: string;
  readonly signature: string;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const DAG_ID = new RegExp(`^(\\d{1,15})_(.+)_(${UUID})_([0-9a-f]{${SIGNATURE_LENGTH}})$`);

export function formatDagId(parts: Omit<DagIdParts, 'uuid'> & { uuid?: string }): string {
  const uuid = parts.uuid ?? randomUUID();
  const id = `${parts.epochMs}_${parts.sinkTaskId}_${uuid}_${parts.signature}`;
  parseDagId(id); // refuse to produce an id we could not read back
  return id;
}

export function parseDagId(id: string): DagIdParts {
  const match = DAG_ID.exec(id);
  if (!match) {
    throw new SlacklineError(
      'dag-id',
      `malformed DAG id "${id}": expected <epochMs>_<sinkTaskId>_<uuid>_<signature> (digits, any text, a lowercase 8-4-4-4-12 UUID, ${SIGNATURE_LENGTH} hex digits)`,
    );
  }
  const epochMs = Number(match[1]);
  if (!Number.isSafeInteger(epochMs)) throw new SlacklineError('dag-id', `malformed DAG id "${id}": epoch ${match[1]} is not a safe integer`);
  return { epochMs, sinkTaskId: match[2]!, uuid: match[3]!, signature: match[4]! };
}

/** A UUID drawn from a seeded random source, so generated datasets are reproducible. */
export function uuidFromRandom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Math.floor(random() * 4) + 8) as number).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
