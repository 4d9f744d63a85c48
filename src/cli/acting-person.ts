import type { Db } from '../db/client.js';
import { findActiveActorsByEmail, type Actor } from '../db/repositories/staff.js';
import { UsageError } from './command.js';

/**
 * Operator commands that read people's data act as a named member of staff (`--as EMAIL`): the
 * person's roles decide what the command may produce (exactly as in Teams), and the audit log records
 * who took the data out. Whoever runs the command can already read the database file, so this is not a
 * login: it keeps the product's rules and the record of who did what true at the command line too.
 */
export async function actingPerson(db: Db, email: string | true | undefined): Promise<Actor> {
  if (typeof email !== 'string' || !email.includes('@')) throw new UsageError('Say who is acting with --as EMAIL (a member of staff known to Placement Desk).');
  const found = (await findActiveActorsByEmail(db, email));
  if (!found.length) throw new UsageError(`No active member of staff has the e-mail address ${email}.`);
  if (found.length > 1) throw new UsageError(`${found.length} members of staff share the e-mail address ${email}: fix the staff register first.`);
  return found[0]!;
}

/** `--council CODE` must be the person's own council (council data is never another council's); `--regional` asks for the aggregates. */
export function scopeOption(actor: Actor, options: Record<string, string | true>): 'council' | 'regional' {
  if (options.regional && options.council) throw new UsageError('Give --council CODE or --regional, not both.');
  if (options.regional) return 'regional';
  if (typeof options.council === 'string' && options.council.toUpperCase() !== actor.councilCode.toUpperCase()) {
    throw new UsageError(`${actor.name} works for ${actor.councilName} (${actor.councilCode}): a council export can only be of their own council.`);
  }
  if (options.council === true) throw new UsageError('--council needs a council code');
  return 'council';
}
