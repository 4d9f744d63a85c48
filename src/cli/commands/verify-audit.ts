import { verifyAuditChain } from '../../db/repositories/audit.js';
import type { CliCommand } from '../command.js';

export const verifyAuditCommand: CliCommand = {
  name: 'verify-audit',
  summary: 'Check that the audit log is an unbroken hash chain (detects edited or removed entries)',
  usage: 'verify-audit',
  async run(ctx) {
    const { checked, problems } = (await verifyAuditChain((await ctx.db())));
    for (const p of problems) ctx.out(`entry ${p.id}: ${p.problem}`);
    ctx.err(problems.length ? `Audit log FAILED: ${problems.length} problem(s) in ${checked} entries.` : `Audit log intact: ${checked} entries checked.`);
    return problems.length ? 1 : 0;
  },
};
