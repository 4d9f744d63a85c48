import { and, asc, eq, notInArray } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { providerContacts, providerEmailDomains, providerLots, providerNeeds, providers } from '../schema/providers.js';
import type { ProviderContact, ProviderRecord } from '../../domain/provider-register.js';

/**
 * The FPS provider register. It is regional (shared by every council), so these reads take no council:
 * nothing here is council-owned data.
 */

/** Every provider with its lots, needs, contacts and domains, keyed by register id (a few queries, not one per provider). */
export function loadProviderRecords(db: DbOrTx): Map<string, ProviderRecord> {
  return assemble(
    db.select().from(providers).orderBy(asc(providers.id)).all(),
    db.select().from(providerLots).all(),
    db.select().from(providerNeeds).all(),
    db.select().from(providerContacts).orderBy(asc(providerContacts.id)).all(),
    db.select().from(providerEmailDomains).all(),
  );
}

export function listProviders(db: DbOrTx): ProviderRecord[] {
  return [...loadProviderRecords(db).values()];
}

export function findProvider(db: DbOrTx, id: string): ProviderRecord | undefined {
  return assemble(
    db.select().from(providers).where(eq(providers.id, id)).all(),
    db.select().from(providerLots).where(eq(providerLots.providerId, id)).all(),
    db.select().from(providerNeeds).where(eq(providerNeeds.providerId, id)).all(),
    db.select().from(providerContacts).where(eq(providerContacts.providerId, id)).orderBy(asc(providerContacts.id)).all(),
    db.select().from(providerEmailDomains).where(eq(providerEmailDomains.providerId, id)).all(),
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
export function upsertProvider(tx: DbOrTx, record: ProviderRecord, at: Date): void {
  const { id, lots, needs, contacts, emailDomains, ...fields } = record;
  const now = at.toISOString();
  tx.insert(providers)
    .values({ id, ...fields, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: providers.id, set: { ...fields, updatedAt: now } })
    .run();

  tx.delete(providerLots).where(eq(providerLots.providerId, id)).run();
  if (lots.length) tx.insert(providerLots).values(lots.map((lot) => ({ providerId: id, lot }))).run();

  tx.delete(providerNeeds).where(eq(providerNeeds.providerId, id)).run();
  if (needs.length) tx.insert(providerNeeds).values(needs.map((needCode) => ({ providerId: id, needCode }))).run();

  tx.delete(providerEmailDomains).where(eq(providerEmailDomains.providerId, id)).run();
  if (emailDomains.length) {
    tx.insert(providerEmailDomains).values(emailDomains.map((domain) => ({ providerId: id, domain }))).run();
  }

  syncContacts(tx, id, contacts);
}

function syncContacts(tx: DbOrTx, providerId: string, contacts: ProviderContact[]): void {
  const keep = contacts.map((c) => c.email);
  tx.delete(providerContacts)
    .where(keep.length ? and(eq(providerContacts.providerId, providerId), notInArray(providerContacts.email, keep)) : eq(providerContacts.providerId, providerId))
    .run();
  for (const c of contacts) {
    tx.insert(providerContacts)
      .values({ providerId, kind: c.kind, name: c.name, email: c.email })
      .onConflictDoUpdate({
        target: [providerContacts.providerId, providerContacts.email],
        set: { kind: c.kind, name: c.name },
      })
      .run();
  }
}
