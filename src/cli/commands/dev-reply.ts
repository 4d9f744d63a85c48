import { readFileSync } from 'node:fs';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { listReferralsForRequest } from '../../db/repositories/referrals.js';
import { findProvider } from '../../db/repositories/providers.js';
import { DEV_IMAP_PASSWORD } from '../../dev/dev-mail.js';
import { replyAddress } from '../../domain/reply-token.js';
import { appendToMailbox } from '../../mail/inbound/append-message.js';
import { parseArgs, UsageError, type CliCommand } from '../command.js';
import { requestForOperator } from '../request-lookup.js';

/** Header names the command sets itself; a file's own copies are dropped so the message routes to the referral. */
const REPLACED_HEADERS = new Set(['to', 'cc', 'in-reply-to', 'references', 'delivered-to']);

/** Replaces routing headers of a raw message, keeping its body and everything else byte for byte. */
export function readdress(raw: Buffer, headers: Record<string, string>): Buffer {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = end >= 0 ? text.slice(0, end) : text;
  const rest = end >= 0 ? text.slice(end) : '\r\n\r\n';
  const kept: string[] = [];
  let dropping = false;
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line)) {
      if (!dropping) kept.push(line);
      continue;
    }
    const name = line.slice(0, line.indexOf(':')).trim().toLowerCase();
    dropping = REPLACED_HEADERS.has(name) || (name === 'from' && 'From' in headers);
    if (!dropping) kept.push(line);
  }
  const added = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return Buffer.from([...added, ...kept].join('\r\n') + rest, 'latin1');
}

export const devReplyCommand: CliCommand = {
  name: 'dev-reply',
  summary: "Dev mode: play a provider answering a referral (delivers an e-mail into the embedded mailbox the bot reads)",
  usage: 'dev-reply PR-2026-0042 --provider FPS-1001 (--file reply.eml | --text "We can offer a place at £3,450 a week, 38 weeks, from 7/9/2027") [--council CODE]',
  async run(ctx, args) {
    const { positional, options } = parseArgs(args, ['provider', 'file', 'text', 'council']);
    const providerId = typeof options.provider === 'string' ? options.provider.toUpperCase() : undefined;
    if (!providerId) throw new UsageError('Say which provider is replying: --provider FPS-1001.');
    if ((typeof options.file === 'string') === (typeof options.text === 'string')) throw new UsageError('Give either --file reply.eml or --text "…".');
    const db = (await ctx.db());
    const { request, councilName } = (await requestForOperator(db, positional[0], options.council as string | undefined));
    const referral = (await listReferralsForRequest(db, { councilId: request.councilId }, request.id)).find((r) => r.providerId === providerId);
    if (!referral) throw new UsageError(`No referral for ${request.reference} went to ${providerId}.`);
    const provider = (await findProvider(db, providerId));
    const to = replyAddress(referral.id, ctx.config.REPLY_TOKEN_SECRET, ctx.config.REPLY_DOMAIN);
    let raw: Buffer;
    if (typeof options.file === 'string') {
      raw = readdress(readFileSync(options.file), { To: to, 'In-Reply-To': referral.messageId, References: referral.messageId });
    } else {
      raw = await new MailComposer({
        from: `${provider?.name ?? providerId} <${referral.contactEmail}>`,
        to,
        subject: `Re: Referral ${request.reference}`,
        text: options.text as string,
        inReplyTo: referral.messageId,
        references: [referral.messageId],
        date: ctx.clock.now(),
      })
        .compile()
        .build();
    }
    const result = await appendToMailbox({
      host: ctx.config.IMAP_HOST,
      port: ctx.config.IMAP_PORT,
      secure: ctx.config.IMAP_SECURE,
      user: ctx.config.IMAP_USER,
      password: ctx.config.IMAP_PASSWORD ?? DEV_IMAP_PASSWORD,
      raw,
      mailbox: ctx.config.IMAP_MAILBOX,
    });
    ctx.out(`Delivered a reply from ${provider?.name ?? providerId} (${referral.contactEmail}) to ${councilName}'s mailbox for ${request.reference} (${result.mailbox}${result.uid ? `, uid ${result.uid}` : ''}).`);
    ctx.err('The bot reads it within a few seconds and posts it in the request thread in the Playground.');
    return 0;
  },
};
