/**
 * Property tests run with one fixed seed, so a run of the suite (and CI) is repeatable:
 * a counterexample found once is found again. `SLACKLINE_FC_SEED=<n>` picks another seed,
 * `SLACKLINE_FC_SEED=random` a new one each run (fast-check prints it with any failure).
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20_261_202;
const asked = process.env.SLACKLINE_FC_SEED;
if (asked !== 'random') {
  const seed = asked === undefined || asked === '' ? DEFAULT_SEED : Number(asked);
  if (!Number.isInteger(seed)) throw new Error(`SLACKLINE_FC_SEED: expected an integer or "random", got "${asked}"`);
  fc.configureGlobal({ seed });
}
