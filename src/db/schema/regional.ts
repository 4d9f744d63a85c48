import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { councils } from './councils.js';

/**
 * A council's area as local-authority codes (DfE three-digit LA codes, src/domain/local-authorities.ts):
 * in-area and out-of-area compare a provider's host authority with these codes, never names.
 */
export const councilAreas = sqliteTable(
  'council_areas',
  {
    councilId: integer('council_id').notNull().references(() => councils.id),
    laCode: text('la_code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.councilId, t.laCode] })],
);

/** One row per `demo-history` run: the database holds made-up history, and how it was made. */
export const syntheticDatasets = sqliteTable('synthetic_datasets', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  createdAt: text('created_at').notNull(),
  seed: integer('seed').notNull(),
  councils: integer('councils').notNull(),
  placements: integer('placements').notNull(),
  offers: integer('offers').notNull(),
  generatorVersion: text('generator_version').notNull(),
});
