import { describe, expect, it } from 'vitest';
import { formatDagId, parseDagId, uuidFromRandom } from '../src/dag/dag-id.js';
import { SlacklineError } from '../src/errors.js';
import { seededRandom } from '../src/util/random.js';

const SIGNATURE = '0123456789abcdef';

describe('DAG ids', () => {
  it('round-trips its parts', () => {
    const random = seededRandom(3);
    for (let k = 0; k < 50; k++) {
      const parts = { epochMs: 1_700_000_000_000 + k, sinkTaskId: `sink-${k}`, uuid: uuidFromRandom(random), signature: SIGNATURE };
      expect(parseDagId(formatDagId(parts))).toEqual(parts);
    }
  });

  it('keeps underscores inside the sink task id', () => {
    const uuid = uuidFromRandom(seededRandom(1));
    const id = formatDagId({ epochMs: 42, sinkTaskId: 'final_reduce_0_1', uuid, signature: SIGNATURE });
    expect(id).toBe(`42_final_reduce_0_1_${uuid}_${SIGNATURE}`);
    expect(parseDagId(id).sinkTaskId).toBe('final_reduce_0_1');
  });

  it('draws a valid version-4 UUID from a seeded source, reproducibly', () => {
    const a = uuidFromRandom(seededRandom(9));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidFromRandom(seededRandom(9))).toBe(a);
  });

  it.each([
    ['empty', ''],
    ['no uuid', `12_sink_${SIGNATURE}`],
    ['short signature', `12_sink_123e4567-e89b-42d3-a456-426614174000_abc`],
    ['uppercase uuid', `12_sink_123E4567-E89B-42D3-A456-426614174000_${SIGNATURE}`],
    ['no sink', `12__123e4567-e89b-42d3-a456-426614174000_${SIGNATURE}`],
    ['epoch not digits', `x12_sink_123e4567-e89b-42d3-a456-426614174000_${SIGNATURE}`],
  ])('rejects a malformed id (%s)', (_label, id) => {
    expect(() => parseDagId(id)).toThrow(SlacklineError);
    expect(() => parseDagId(id)).toThrow(/malformed DAG id/);
  });
});
