import type { CliCommand } from '../command.js';
import { addCouncilCommand, listCouncilsCommand, reinstateCouncilCommand, removeCouncilCommand, updateCouncilCommand } from './councils.js';
import { councilAreaCommand } from './council-area.js';
import { copyDatabaseCommand } from './copy-database.js';
import { migrateCommand } from './migrate.js';
import { demoHistoryCommand } from './demo-history.js';
import { devReplyCommand } from './dev-reply.js';
import { exportCommand } from './export.js';
import { reportCommand } from './report.js';
import { evidenceCommand } from './evidence.js';
import { exportAppraisalCommand } from './export-appraisal.js';
import { importProvidersCommand } from './import-providers.js';
import { importStaffCommand } from './import-staff.js';
import { mailListCommand } from './mail-list.js';
import { outboxCommand } from './outbox.js';
import { triageListCommand } from './triage-list.js';
import { packageAppCommand } from './package-app.js';
import { parseReplyCommand } from './parse-reply.js';
import { regionalReportCommand } from './regional-report.js';
import { verifyAuditCommand } from './verify-audit.js';

/** Every operator command, in the order `--help` lists them. */
export const COMMANDS: CliCommand[] = [
  migrateCommand,
  copyDatabaseCommand,
  verifyAuditCommand,
  listCouncilsCommand,
  addCouncilCommand,
  updateCouncilCommand,
  removeCouncilCommand,
  reinstateCouncilCommand,
  packageAppCommand,
  importProvidersCommand,
  importStaffCommand,
  councilAreaCommand,
  parseReplyCommand,
  mailListCommand,
  exportAppraisalCommand,
  evidenceCommand,
  regionalReportCommand,
  outboxCommand,
  triageListCommand,
  exportCommand,
  reportCommand,
  demoHistoryCommand,
  devReplyCommand,
];
