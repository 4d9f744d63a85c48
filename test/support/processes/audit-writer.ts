/**
 * A second (or third) process appending to the audit log of one database file, as the server, a CLI import
 * and another instance do at the same time. Usage: tsx audit-writer.ts DB_PATH COUNT LABEL
 */
import { closeDatabase, openDatabase } from '../../../src/db/client.js';
import { recordAudit } from '../../../src/db/repositories/audit.js';

const [dbPath, countText, label] = process.argv.slice(2);
const db = (await openDatabase(dbPath!));
const count = Number(countText);
for (let i = 0; i < count; i++) {
  (await recordAudit(db, new Date(), { councilId: 1, actorStaffId: null, actorLabel: `test:${label}`, action: 'test.appended', entityType: 'test', entityId: `${label}-${i}`, details: { i } }));
}
(await closeDatabase(db));
process.stdout.write(`appended ${count}\n`);
