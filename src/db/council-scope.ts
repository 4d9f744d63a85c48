import { and, eq, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * Council isolation lives here, in the data layer: every query that serves a user takes the user's
 * scope and every council-owned row is filtered by it. A row of another council is simply not found.
 */
export interface CouncilScope {
  readonly councilId: number;
}

export function scopeOf(actor: { councilId: number }): CouncilScope {
  return { councilId: actor.councilId };
}

/** `council_id = scope AND …conditions` for a council-owned table. */
export function withinCouncil(column: SQLiteColumn, scope: CouncilScope, ...conditions: Array<SQL | undefined>): SQL {
  return and(eq(column, scope.councilId), ...conditions)!;
}
