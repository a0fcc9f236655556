/** The plan file round-trips every field of a compact plan, and rejects what does not fit the workflow. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { treeReduction } from '../src/generate/tree-reduction.js';
import { planFromFile, readPlanFile, toPlanFile, writePlanFile } from '../src/report/plan-file.js';
import { planWithLevels } from '../src/planning/plan-builders.js';
import { defaultAssignment } from '../src/planning/planning-context.js';
import { generateFixture } from './support/planning-instance.js';
import { tempDir } from './support/temp-dir.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { TIMING_RULES_DEFAULTS } from '../src/timing/timing-rules.js';

const settings = { prices: AWS_LAMBDA_X86_COST, timingRules: TIMING_RULES_DEFAULTS };

describe('plan file', () => {
  const instance = generateFixture(treeReduction({ leaves: 6, unequal: true }));
  const workers = defaultAssignment(instance.dag, instance.durations);
  const plan = planWithLevels(workers, Array.from({ length: workers.workerCount }, (_, w) => w % instance.ladderMb.length));
  plan.prewarm[1] = 1;
  plan.preload[instance.dag.taskCount - 1] = 1;

  it('round-trips workers, levels, preload and prewarm', () => {
    const path = join(tempDir('planfile'), 'plan.json');
    writePlanFile(path, toPlanFile(instance, plan, { algorithm: 'test', params: { a: 1 }, seed: 3, deadlineMs: 1234, ...settings, unknown: 'fallback' }));
    const file = readPlanFile(path);
    expect(file).toMatchObject({ format: 'slackline-plan', version: 2, algorithm: 'test', seed: 3, deadlineMs: 1234, params: { a: 1 }, ...settings, unknown: 'fallback' });
    const back = planFromFile(file, instance, path);
    expect(back.workerCount).toBe(plan.workerCount);
    expect(Array.from(back.workerOf)).toEqual(Array.from(plan.workerOf));
    expect(Array.from(back.levelOf)).toEqual(Array.from(plan.levelOf));
    expect(Array.from(back.prewarm)).toEqual(Array.from(plan.prewarm));
    expect(Array.from(back.preload)).toEqual(Array.from(plan.preload));
  });

  it('names unknown tasks, unknown workers, unused workers and a wrong signature', () => {
    const file = toPlanFile(instance, plan, { algorithm: 'test', params: {}, seed: 1, ...settings });
    const tasks: Record<string, { workerId: string; memoryMb: number }> = { ...file.tasks, ghost: { workerId: 'w0', memoryMb: instance.ladderMb[0]! } };
    const [first] = Object.keys(file.tasks);
    tasks[first!] = { workerId: 'nobody', memoryMb: 128 };
    const broken = { ...file, workflowSignature: '0000000000000000', tasks, workers: { ...file.workers, spare: { memoryMb: instance.ladderMb[0]! } } };
    expect(() => planFromFile(broken, instance)).toThrow(/workflowSignature[\s\S]*"ghost"[\s\S]*worker "nobody" is not in \$\.workers[\s\S]*"spare"\]: no task runs on it/);
    const path = join(tempDir('planfile'), 'bad.json');
    writeFileSync(path, JSON.stringify({ ...file, seed: 'x', tasks: { a: { workerId: 1 } } }));
    expect(() => readPlanFile(path)).toThrow(/\$\.seed: expected a number[\s\S]*\$\.tasks\["a"\]/);
    writeFileSync(path, JSON.stringify({ ...file, prices: { pricePerGbSecond: -1 }, timingRules: { ...file.timingRules, cpuSharing: 'half' }, unknown: 'guess' }));
    expect(() => readPlanFile(path)).toThrow(/\$\.prices\.pricePerGbSecond: expected a number >= 0[\s\S]*\$\.prices\.pricePerInvocation[\s\S]*\$\.timingRules\.cpuSharing[\s\S]*\$\.unknown/);
    writeFileSync(path, JSON.stringify({ ...file, sla: 'p200', scaling: 'cubic' }));
    expect(() => readPlanFile(path)).toThrow(/\$\.sla: [\s\S]*\$\.scaling: "cubic" is not a scaling model/);
    writeFileSync(path, '{ not json');
    expect(() => readPlanFile(path)).toThrow(/cannot read plan/);
  });

  it('still reads version 1 files (no prices, timingRules, unknown)', () => {
    const path = join(tempDir('planfile'), 'v1.json');
    const { prices: _p, timingRules: _t, ...v2 } = toPlanFile(instance, plan, { algorithm: 'test', params: {}, seed: 1, ...settings });
    writeFileSync(path, JSON.stringify({ ...v2, version: 1 }));
    const file = readPlanFile(path);
    expect(file.version).toBe(1);
    expect(file.prices).toBeUndefined();
    expect(planFromFile(file, instance, path).workerCount).toBe(plan.workerCount);
  });
});
