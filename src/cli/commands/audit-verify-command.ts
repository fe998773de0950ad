/** `georoute audit verify`: recompute the hash chain of every store (or one) and check the signed checkpoints. */
import type { CommandSpec } from '../command-contract.js';
import { verifyAuditTrail } from '../../audit/verify-audit-trail.js';
import { configuredDigestSink } from '../../audit/checkpoint-digest-sink.js';
import { describeVerification } from '../../audit/render-residency-report.js';
import { checkpointKeyFrom, regionOption, withAuditStores } from './audit-command-options.js';

export const auditVerifyCommand: CommandSpec = {
  name: ['audit', 'verify'],
  summary: 'verify the hash chains and signed checkpoints of the audit stores',
  description:
    'Without --region, verifies every store of the configured data directory (or PostgreSQL schema prefix), each against the checkpoint digests of audit.checkpoint.digestDir; a region with digests but no store fails. Exits 1 and names the first bad record when a chain does not verify.',
  options: [regionOption('Verify only this source region.')],
  async run(context) {
    const loaded = await context.loadConfig();
    const key = checkpointKeyFrom(loaded);
    const region = context.options.region === undefined ? undefined : String(context.options.region);
    const config = loaded.config.audit;
    const digestSink = configuredDigestSink(config.checkpoint, loaded.dataDir);
    const results = await withAuditStores(loaded, region, (stores) => verifyAuditTrail({ stores, config, digestSink, key, region }));
    if (results.length === 0) {
      context.stdout.write(`no audit stores found for ${loaded.dataDir}\n`);
      return 0;
    }
    for (const result of results) {
      context.stdout.write(`${result.region}  ${describeVerification(result)}  [${result.location}]\n`);
    }
    const failed = results.filter((r) => !r.ok);
    if (failed.length > 0) {
      const first = failed[0];
      context.stderr.write(
        `georoute audit verify: ${failed.length} store(s) do not verify; first bad record: ${first.region} sequence ${first.firstBad?.sequence} (${first.firstBad?.problem})\n`,
      );
      return 1;
    }
    return 0;
  },
};
