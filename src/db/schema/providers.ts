import { sql } from 'drizzle-orm';
import { integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  DATA_ORIGINS,
  OFSTED_GRADES,
  PROVIDER_SEXES,
  PROVIDER_STATUSES,
  type Lot,
  type NeedCode,
} from '../../domain/reference-data.js';

/** The FPS provider register. Shared by all councils: it is the regional framework, not council data. */
export const providers = sqliteTable('providers', {
  /** The register's own id, e.g. "FPS-1001"; re-imports upsert by it. */
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  providerType: text('provider_type').notNull(),
  ageFrom: integer('age_from').notNull(),
  ageTo: integer('age_to').notNull(),
  sex: text('sex', { enum: PROVIDER_SEXES }).notNull(),
  ofstedUrn: text('ofsted_urn'),
  ofstedGrade: text('ofsted_grade', { enum: OFSTED_GRADES }),
  inspectionDate: text('inspection_date'),
  postcode: text('postcode').notNull(),
  hostAuthority: text('host_authority').notNull(),
  vacancies: integer('vacancies').notNull().default(0),
  /** Indicative weekly fee band in pence. */
  weeklyFeeFromPence: integer('weekly_fee_from_pence'),
  weeklyFeeToPence: integer('weekly_fee_to_pence'),
  status: text('status', { enum: PROVIDER_STATUSES }).notNull(),
  /** 'demo' for the dev-mode register, 'synthetic' for providers `demo-history` makes. */
  origin: text('origin', { enum: DATA_ORIGINS }).notNull().default('real'),
  createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

export const providerLots = sqliteTable(
  'provider_lots',
  {
    providerId: text('provider_id').notNull().references(() => providers.id, { onDelete: 'cascade' }),
    lot: integer('lot').$type<Lot>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.lot] })],
);

export const providerNeeds = sqliteTable(
  'provider_needs',
  {
    providerId: text('provider_id').notNull().references(() => providers.id, { onDelete: 'cascade' }),
    needCode: text('need_code').$type<NeedCode>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.needCode] })],
);

export const CONTACT_KINDS = ['primary', 'other'] as const;

export const providerContacts = sqliteTable(
  'provider_contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    providerId: text('provider_id').notNull().references(() => providers.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: CONTACT_KINDS }).notNull(),
    name: text('name'),
    /** Stored lower-case so sender matching is exact. */
    email: text('email').notNull(),
  },
  (t) => [uniqueIndex('provider_contact_uq').on(t.providerId, t.email)],
);

export const providerEmailDomains = sqliteTable(
  'provider_email_domains',
  {
    providerId: text('provider_id').notNull().references(() => providers.id, { onDelete: 'cascade' }),
    domain: text('domain').notNull(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.domain] })],
);
