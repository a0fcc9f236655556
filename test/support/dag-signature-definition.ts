/**
 * The DAG signature by its definition, as the oracle of `dagSignature` and
 * `compactDagSignature`: every "id\tfunc" and "from\tto" line built, sorted as strings,
 * hashed with the counts. Written independently of the fast paths it checks.
 */
import { createHash } from 'node:crypto';
import { SIGNATURE_LENGTH } from '../../src/dag/dag-signature.js';

export function signatureByDefinition(workflow: { readonly tasks: readonly { id: string; func: string }[]; readonly edges: readonly { from: string; to: string }[] }): string {
  const t = workflow.tasks.map((x) => `${x.id}\t${x.func}`).sort();
  const e = workflow.edges.map((x) => `${x.from}\t${x.to}`).sort();
  const hash = createHash('sha256');
  hash.update(`tasks ${t.length}\n`);
  for (const line of t) hash.update(`${line}\n`);
  hash.update(`edges ${e.length}\n`);
  for (const line of e) hash.update(`${line}\n`);
  return hash.digest('hex').slice(0, SIGNATURE_LENGTH);
}
