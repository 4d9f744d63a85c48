import { spawn } from 'node:child_process';
import { databaseEnv } from '../support/test-database.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inboundMessages, providerReplies } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { cardText, findAction, inputValues, startDriver, TEAM, type Driver } from '../support/driver.js';
import { requestAtReferralStage, seedCallOffProviders } from '../support/flows.js';
import { replyTo } from '../support/provider-mail.js';

let d: Driver;
const clock = fixedClock('2026-11-26T10:00:00Z');

beforeEach(async () => {
  clock.set('2026-11-26T10:00:00Z');
  d = await startDriver({ clock, imap: true });
  (await seedCallOffProviders(d));
  await d.sayInChannel(d.people.headOfService, 'use this channel for approvals');
  await d.say(d.people.placementsOfficer, 'hi');
  await requestAtReferralStage(d);
  const card = d.cardsIn(await d.say(d.people.placementsOfficer, 'shortlist PR-2026-0001')).at(-1);
  await d.click(d.people.placementsOfficer, 'shortlist.send', { ...inputValues(card), ...findAction(card, 'shortlist.send').data });
  await d.settle();
});
afterEach(async () => {
  await d.stop();
});

describe('round trip over real SMTP and IMAP', () => {
  it('referral out by SMTP → provider replies → read from IMAP → card in the request thread; the message is filed in Processed', async () => {
    const referral = d.smtp.received.find((m) => m.envelope.to[0] === 'referrals@moorside.example.org')!;
    d.imap!.deliver(await replyTo(referral, 'Yes, we can meet the needs. Our weekly fee is £3,300 for 38 weeks and we could start on 7 September 2027.'));
    const relayed = await d.readMail();
    const thread = relayed.find((s) => s.conversationId.startsWith(`${TEAM.id};messageid=`) && d.cardsIn([s]).length)!;
    const card = d.cardsIn([thread])[0];
    expect(cardText(card)).toContain('Offer of a place from Moorside Academy');
    expect(cardText(card)).toContain('£3,300');
    expect(d.imap!.list('INBOX')).toHaveLength(0);
    expect(d.imap!.list('Processed')).toHaveLength(1);
    expect((await d.db.select().from(inboundMessages))[0]).toMatchObject({ status: 'routed', routeMethod: 'token' });
  });

  it('dev-reply plays a provider: the CLI delivers into the mailbox and the reply reaches the thread', { timeout: 60_000 }, async () => {
    // Asynchronous: the IMAP server lives in this process and must keep answering while the CLI runs.
    const run = await runNode(
      ['--import', 'tsx', 'src/cli/index.ts', 'dev-reply', 'PR-2026-0001', '--provider', 'FPS-7001', '--text', 'We can meet the needs. Weekly fee £3,450 for 38 weeks, start 7/9/2027.'],
      {
        env: { ...process.env, ...databaseEnv(d.dbPath), LOG_LEVEL: 'silent', IMAP_HOST: '127.0.0.1', IMAP_PORT: String(d.imap!.port), IMAP_USER: d.imap!.user, IMAP_PASSWORD: d.imap!.password, REPLY_DOMAIN: d.config.REPLY_DOMAIN, REPLY_TOKEN_SECRET: d.config.REPLY_TOKEN_SECRET },
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Delivered a reply from Larkfield School');
    const relayed = await d.readMail();
    const card = d.cardsIn(relayed).find((c) => cardText(c).includes('Offer of a place from Larkfield School'));
    expect(cardText(card)).toContain('£3,450');
    expect((await d.db.select().from(inboundMessages))[0]).toMatchObject({ status: 'routed', routeMethod: 'token' });
  });

  it('the same message delivered twice makes one reply and one card', async () => {
    const referral = d.smtp.received.find((m) => m.envelope.to[0] === 'referrals@moorside.example.org')!;
    const raw = await replyTo(referral, 'We are unable to meet the needs, sorry.');
    d.imap!.deliver(raw);
    d.imap!.deliver(raw);
    const relayed = await d.readMail();
    expect((await d.db.select().from(inboundMessages))).toHaveLength(1);
    expect((await d.db.select().from(providerReplies))).toHaveLength(1);
    expect(relayed.filter((s) => d.cardsIn([s]).some((c) => cardText(c).includes('Moorside')))).toHaveLength(1);
    expect(d.imap!.list('Processed')).toHaveLength(2);
  });
});

function runNode(args: string[], options: { env: NodeJS.ProcessEnv }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += String(b)));
    child.stderr.on('data', (b) => (stderr += String(b)));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}
