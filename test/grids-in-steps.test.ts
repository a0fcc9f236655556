/**
 * Grids built in steps (a few dozen grid rows per event-loop turn, as the sweep prepares the next
 * instance while its threads run) are the grids built at once, and a prepared instance hands
 * them out without building again.
 */
import { describe, expect, it } from 'vitest';
import { fileDatasetSource } from '../src/bench/queue/dataset-blobs.js';
import { prepareDistributions } from '../src/planning/prepare-distributions.js';
import { prepareInstance } from '../src/planning/prepare-instance.js';
import { parseSla } from '../src/predict/sla.js';
import { runSteps, runStepsYielding, type Steps } from '../src/util/steps.js';

describe('grids in steps', () => {
  it('equal the grids built at once, and are kept by the instance', async () => {
    const source = fileDatasetSource('wfcommons-montage-103');
    const workflow = source.workflows[0]!;
    const instance = source.prepare(workflow.name, 'p90');
    // Counts event-loop turns (an immediate that re-arms itself runs once per turn).
    let turns = 0;
    let counting = true;
    const tick = () => {
      if (!counting) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    await instance.prepareGrids!();
    counting = false;
    const stepped = instance.grids();
    expect(instance.grids()).toBe(stepped);
    const planning = prepareInstance({ dataset: source.dataset!, datasetName: source.name, workflowSignature: workflow.signature, sla: parseSla('p90'), unknownPolicy: 'fallback' });
    const once = prepareDistributions(planning).grids;
    for (const field of ['execMs', 'uploadMs', 'downloadMs', 'inputDownloadMs', 'coldStartMs', 'warmStartMs', 'ladderMb'] as const) expect(Float64Array.from(stepped[field])).toEqual(once[field]);
    expect(stepped.points).toBe(once.points);
    expect(turns).toBeGreaterThan(0); // the event loop ran between steps
  });

  it('run a generator to its value, at once or yielding between steps', async () => {
    function* counted(): Steps<number> {
      let n = 0;
      for (let i = 0; i < 5; i++) {
        n += i;
        yield;
      }
      return n;
    }
    expect(runSteps(counted())).toBe(10);
    await expect(runStepsYielding(counted())).resolves.toBe(10);
  });
});
