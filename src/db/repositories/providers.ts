import { and, asc, eq, notInArray } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { providerContacts, providerEmailDomains, providerLots, providerNeeds, providers } from '../schema/providers.js';
import type { ProviderContact, ProviderRecord } from '../../domain/provider-register.js';

/**
 * The FPS provider register. It is regional (shared by every council), so these reads take no council:
 * nothing here is council-owned data.
 */

/** Every provider with its lots, needs, contacts and domains, keyed by register id (a few queries, not one per provider). */
export async function loadProviderRecords(db: DbOrTx): Promise<Map<string, ProviderRecord>> {
  return assemble(
    (await db.select().from(providers).orderBy(asc(providers.id))),
    (await db.select().from(providerLots)),
    (await db.select().from(providerNeeds)),
    (await db.select().from(providerContacts).orderBy(asc(providerContacts.id))),
    (await db.select().from(providerEmailDomains)),
  );
}

export async function listProviders(db: DbOrTx): Promise<ProviderRecord[]> {
  return [...(await loadProviderRecords(db)).values()];
}

export async function findProvider(db: DbOrTx, id: string): Promise<ProviderRecord | undefined> {
  return assemble(
    (await db.select().from(providers).where(eq(providers.id, id))),
    (await db.select().from(providerLots).where(eq(providerLots.providerId, id))),
    (await db.select().from(providerNeeds).where(eq(providerNeeds.providerId, id))),
    (await db.select().from(providerContacts).where(eq(providerContacts.providerId, id)).orderBy(asc(providerContacts.id))),
    (await db.select().from(providerEmailDomains).where(eq(providerEmailDomains.providerId, id))),
  ).get(id);
}

function assemble(
  rows: (typeof providers.$inferSelect)[],
  lots: (typeof providerLots.$inferSelect)[],
  needs: (typeof providerNeeds.$inferSelect)[],
  contacts: (typeof providerContacts.$inferSelect)[],
  domains: (typeof providerEmailDomains.$inferSelect)[],
): Map<string, ProviderRecord> {
  const records = new Map<string, ProviderRecord>();
  for (const r of rows) {
    records.set(r.id, {
      id: r.id,
      name: r.name,
      providerType: r.providerType,
      lots: [],
      needs: [],
      ageFrom: r.ageFrom,
      ageTo: r.ageTo,
      sex: r.sex,
      ofstedUrn: r.ofstedUrn,
      ofstedGrade: r.ofstedGrade,
      inspectionDate: r.inspectionDate,
      postcode: r.postcode,
      hostAuthority: r.hostAuthority,
      vacancies: r.vacancies,
      contacts: [],
      emailDomains: [],
      weeklyFeeFromPence: r.weeklyFeeFromPence,
      weeklyFeeToPence: r.weeklyFeeToPence,
      status: r.status,
    });
  }
  for (const l of lots) records.get(l.providerId)?.lots.push(l.lot);
  for (const n of needs) records.get(n.providerId)?.needs.push(n.needCode);
  for (const d of domains) records.get(d.providerId)?.emailDomains.push(d.domain);
  const primaryFirst = [...contacts].sort((a, b) => Number(a.kind !== 'primary') - Number(b.kind !== 'primary'));
  for (const c of primaryFirst) records.get(c.providerId)?.contacts.push({ kind: c.kind, name: c.name, email: c.email });
  for (const rec of records.values()) {
    rec.lots.sort((a, b) => a - b);
    rec.needs.sort();
    rec.emailDomains.sort();
  }
  return records;
}

/**
 * Writes one provider as the register now describes it: the row is inserted or updated by register id,
 * and its lots, needs, domains and contacts become exactly the record's. Contacts are matched by address
 * so an unchanged contact keeps its row id. Call inside the import's transaction.
 */
export async function upsertProvider(tx: DbOrTx, record: ProviderRecord, at: Date): Promise<void> {
  const { id, lots, needs, contacts, emailDomains, ...fields } = record;
  const now = at.toISOString();
  (await tx.insert(providers)
    .values({ id, ...fields, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: providers.id, set: { ...fields, updatedAt: now } }));

  (await tx.delete(providerLots).where(eq(providerLots.providerId, id)));
  if (lots.length) (await tx.insert(providerLots).values(lots.map((lot) => ({ providerId: id, lot }))));

  (await tx.delete(providerNeeds).where(eq(providerNeeds.providerId, id)));
  if (needs.length) (await tx.insert(providerNeeds).values(needs.map((needCode) => ({ providerId: id, needCode }))));

  (await tx.delete(providerEmailDomains).where(eq(providerEmailDomains.providerId, id)));
  if (emailDomains.length) {
    (await tx.insert(providerEmailDomains).values(emailDomains.map((domain) => ({ providerId: id, domain }))));
  }

  (await syncContacts(tx, id, contacts));
}

/** Rows per multi-row INSERT (a provider row has 18 columns): inside both backends' bound-parameter limits. */
const INSERT_CHUNK = 500;

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(rows.slice(i, i + INSERT_CHUNK));
}

/**
 * Inserts providers the register does not hold yet (the caller has checked, in the same transaction), with
 * their lots, needs, e-mail domains and contacts, as a few multi-row inserts instead of about eight
 * statements per provider. The rows stored are those `upsertProvider` would store for a new provider.
 */
export async function insertNewProviders(tx: DbOrTx, records: readonly ProviderRecord[], at: Date): Promise<void> {
  const now = at.toISOString();
  const rows = records.map(({ id, lots: _lots, needs: _needs, contacts: _contacts, emailDomains: _domains, ...fields }) => ({ id, ...fields, createdAt: now, updatedAt: now }));
  await insertChunked(rows, (chunk) => tx.insert(providers).values(chunk));
  await insertChunked(records.flatMap((r) => r.lots.map((lot) => ({ providerId: r.id, lot }))), (chunk) => tx.insert(providerLots).values(chunk));
  await insertChunked(records.flatMap((r) => r.needs.map((needCode) => ({ providerId: r.id, needCode }))), (chunk) => tx.insert(providerNeeds).values(chunk));
  await insertChunked(records.flatMap((r) => r.emailDomains.map((domain) => ({ providerId: r.id, domain }))), (chunk) => tx.insert(providerEmailDomains).values(chunk));
  // A contact listed twice keeps its last kind and name, as syncContacts' upsert leaves it.
  const contacts = records.flatMap((r) => [...new Map(r.contacts.map((c) => [c.email, c])).values()].map((c) => ({ providerId: r.id, kind: c.kind, name: c.name, email: c.email })));
  await insertChunked(contacts, (chunk) => tx.insert(providerContacts).values(chunk));
}

async function syncContacts(tx: DbOrTx, providerId: string, contacts: ProviderContact[]): Promise<void> {
  const keep = contacts.map((c) => c.email);
  (await tx.delete(providerContacts)
    .where(keep.length ? and(eq(providerContacts.providerId, providerId), notInArray(providerContacts.email, keep)) : eq(providerContacts.providerId, providerId)));
  for (const c of contacts) {
    (await tx.insert(providerContacts)
      .values({ providerId, kind: c.kind, name: c.name, email: c.email })
      .onConflictDoUpdate({
        target: [providerContacts.providerId, providerContacts.email],
        set: { kind: c.kind, name: c.name },
      }));
  }
}
