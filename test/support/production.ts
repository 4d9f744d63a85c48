import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importProvidersCsv } from '../../src/services/import-providers.js';
import { findAction, inputValues, startDriver, type Driver } from './driver.js';
import { fixedClock } from '../../src/domain/clock.js';
import { requestAtReferralStage } from './flows.js';
import { copyTestDatabase, databaseEnv, dropTestDatabase } from './test-database.js';
import type { ReceivedMail } from './test-smtp-server.js';

/** `npm start`'s entry point as a real child process (anonymous, loopback only), so it can be killed with SIGKILL. */
export function startProduction(dbPath: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      ...databaseEnv(dbPath),
      PORT: '0',
      HOST: '127.0.0.1',
      ALLOW_ANONYMOUS_LOCAL: 'true',
      LOG_LEVEL: 'silent',
      MAIL_FROM: 'Northshire Placements <placements@northshire.example>',
      REPLY_DOMAIN: 'replies.northshire.example',
      REPLY_TOKEN_SECRET: 'test-reply-token-secret-0123456789abcdef',
      OUTBOX_CLAIM_SECONDS: '5',
      ...env,
    },
    stdio: 'ignore',
  });
}

export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/** What the receiving server got, by Message-ID: every expected id once, none missing, none we did not queue. */
export function deliveryTally(received: ReceivedMail[], expected: readonly string[]) {
  const counts = new Map<string, number>();
  for (const m of received) counts.set(m.parsed.messageId ?? '(none)', (counts.get(m.parsed.messageId ?? '(none)') ?? 0) + 1);
  const queued = new Set(expected);
  return {
    lost: expected.filter((id) => !counts.has(id)).length,
    unexpected: [...counts.keys()].filter((id) => !queued.has(id)).length,
    /** The same message delivered again after a crash, with its own Message-ID (recipients recognise it). */
    repeats: [...counts.values()].reduce((sum, n) => sum + n - 1, 0),
  };
}

/** A register of `count` FPS providers that all fit the standard request (lot 1, ASD, age 12, boy). */
export function registerOf(count: number): string {
  const header = 'provider_id,name,provider_type,lots,needs,age_from,age_to,sex,ofsted_urn,ofsted_grade,inspection_date,postcode,host_authority,vacancies,contact_name,contact_email,other_emails,email_domains,weekly_fee_from,weekly_fee_to,status';
  const rows = Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    return `FPS-9${n},Provider School ${n},INMSS,1,ASD,5,16,mixed,49${n},Good,2025-01-15,WA7 1AA,Halton,2,Admissions,admissions@school${n}.example.org,,school${n}.example.org,"£2,000","£3,000",active`;
  });
  return [header, ...rows].join('\n');
}

/**
 * A database file holding one request whose referrals to `providers` providers have been committed to the
 * outbox and not sent (the real app made them, with delivery held back), for production processes to send.
 */
export async function databaseWithQueuedReferrals(providers: number): Promise<{ dir: string; dbPath: string; cleanup: () => Promise<void> }> {
  // The child processes run on the real clock: the rows must be due then.
  const d: Driver = await startDriver({ clock: fixedClock(new Date(Date.now() - 60_000).toISOString()), deliverOnCommit: false });
  try {
    const imported = (await importProvidersCsv(d.db, registerOf(providers), { clock: { now: () => new Date('2026-11-01T09:00:00Z') }, actorLabel: 'test' }));
    if (!imported.ok) throw new Error(imported.message);
    await requestAtReferralStage(d);
    const card = d.cardsIn(await d.say(d.people.placementsOfficer, 'shortlist PR-2026-0001')).at(-1);
    const sent = await d.click(d.people.placementsOfficer, 'shortlist.send', { ...inputValues(card), ...findAction(card, 'shortlist.send').data });
    if (!JSON.stringify(sent.card).includes('Referrals are on their way')) throw new Error(`referrals not sent: ${JSON.stringify(sent.card).slice(0, 400)}`);
    await d.app.stop();
    const dir = mkdtempSync(join(tmpdir(), 'placement-desk-production-'));
    const dbPath = await copyTestDatabase(d.dbPath, join(dir, 'placements.db'));
    await d.restart();
    return {
      dir,
      dbPath,
      cleanup: async () => {
        await dropTestDatabase(dbPath);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } finally {
    await d.stop();
  }
}
