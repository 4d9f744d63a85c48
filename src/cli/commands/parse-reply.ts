import { readFile } from 'node:fs/promises';
import { understandReply, type UnderstoodReply } from '../../mail/inbound/understand-reply.js';
import { parseArgs, UsageError, type CliCommand } from '../command.js';

/**
 * `parse-reply FILE.eml …`: one JSON line per file with what the service would understand from it.
 * Other tools read this output: the field names are a contract.
 */

const ERROR_CODES = {
  unreadable: 'FILE_UNREADABLE',
  unparseable: 'MESSAGE_UNPARSEABLE',
} as const;

function summary(file: string, { message, reply, understanding: u }: UnderstoodReply) {
  return {
    file,
    kind: u.kind,
    canMeetNeeds: u.canMeetNeeds,
    weeklyFee: u.weeklyFee,
    feeWeeksPerYear: u.feeWeeksPerYear,
    startDate: u.startDate,
    additionalWeeklyCosts: u.additionalWeeklyCosts,
    confidence: u.confidence,
    replyText: reply.text,
    addOns: u.addOns,
    conditions: u.conditions,
    warnings: u.warnings,
    subject: message.subject,
    from: message.from?.address ?? null,
    date: message.date?.toISOString() ?? null,
    messageId: message.messageId,
    inReplyTo: message.inReplyTo,
    attachments: message.attachments,
    autoReplyReasons: message.autoReply.reasons,
    bounce: message.bounce.detected
      ? { originalMessageId: message.bounce.originalMessageId, failedRecipients: message.bounce.failedRecipients }
      : null,
  };
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export const parseReplyCommand: CliCommand = {
  name: 'parse-reply',
  summary: 'Show how reply e-mails (.eml) are understood: one JSON line per file',
  usage: 'parse-reply FILE.eml [FILE.eml …]',
  async run(ctx, args) {
    const { positional } = parseArgs(args);
    if (positional.length === 0) throw new UsageError('Give at least one .eml file.');
    let failed = 0;
    for (const file of positional) {
      let raw: Buffer;
      try {
        raw = await readFile(file);
      } catch (err) {
        failed++;
        ctx.out(JSON.stringify({ file, error: `Cannot read the file: ${reason(err)}`, code: ERROR_CODES.unreadable }));
        continue;
      }
      try {
        ctx.out(JSON.stringify(summary(file, await understandReply(raw, { now: ctx.clock.now() }))));
      } catch (err) {
        failed++;
        ctx.out(JSON.stringify({ file, error: `Cannot parse the message: ${reason(err)}`, code: ERROR_CODES.unparseable }));
      }
    }
    if (failed) ctx.err(`${failed} of ${positional.length} file(s) could not be read.`);
    return failed ? 1 : 0;
  },
};
