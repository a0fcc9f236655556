export default async function (job: { kind: string }): Promise<number> {
  const x: number = 1;
  if (job.kind === 'throw') throw new Error('boom');
  if (job.kind === 'hang') { for (;;) {} }
  if (job.kind === 'exit') process.exit(3);
  if (job.kind === 'oom') { const a: unknown[] = []; for (;;) a.push(new Array(1e5).fill(1)); }
  return x + 1;
}
