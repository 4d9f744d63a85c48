import { readFile } from 'node:fs/promises';
import { percent, ratio, SCORED_FIELDS, type ReplyScore } from '../../domain/reply-scoring.js';
import { understandReply, type UnderstoodReply } from '../../mail/inbound/understand-reply.js';
import { parseArgs, UsageError, type CliCommand, type CliContext } from '../command.js';
import { CorpusError, scoreReplyDirectory } from '../reply-corpus-score.js';

/**
 * `parse-reply FILE.eml …`: one JSON line per file with what the service would understand from it.
 * Other tools read this output: the field names are a contract.
 *
 * `parse-reply --score DIR …`: how well the reader does on a directory of replies with an expected.json,
 * per field and per kind; `--min 0.97` makes it exit 1 when a field or a kind scores below that.
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
    evidence: u.evidence,
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

function scoreLines(dir: string, s: ReplyScore, showMisses: boolean): string[] {
  const pad = (label: string) => label.padEnd(22);
  const row = (label: string, t: { right: number; total: number }) => `  ${pad(label)} ${`${t.right}/${t.total}`.padStart(9)}  ${percent(t).padStart(6)}`;
  const lines = [
    `${dir}: ${s.messages} message(s), ${s.exactMessages} read entirely right`,
    row('all fields', s.fields),
    row('filled-in fields', s.filledFields),
    ...SCORED_FIELDS.filter((f) => s.perField[f].total > 0).map((f) => row(f, s.perField[f])),
    '  by kind (messages of that kind read as that kind):',
    ...Object.keys(s.perKind)
      .sort()
      .map((k) => row(`  ${k}`, s.perKind[k]!)),
  ];
  if (showMisses) {
    for (const m of s.misses) lines.push(`  miss ${m.file}: ${m.field} expected ${JSON.stringify(m.expected)}, read ${JSON.stringify(m.actual)}`);
  }
  return lines;
}

function parseMinimum(value: string | true | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (value === true || !Number.isFinite(n) || n < 0 || n > 1) throw new UsageError('--min takes a fraction between 0 and 1, e.g. --min 0.97');
  return n;
}

async function runScore(ctx: CliContext, dirs: string[], options: Record<string, string | true>): Promise<number> {
  if (dirs.length === 0) throw new UsageError('Give at least one directory holding .eml files and an expected.json.');
  const minimum = parseMinimum(options.min);
  let below = false;
  for (const dir of dirs) {
    let scored;
    try {
      scored = await scoreReplyDirectory(dir, { now: ctx.clock.now(), progress: (done, total) => ctx.progress(`Scoring ${dir}`, done, total) });
    } catch (err) {
      if (err instanceof CorpusError) throw new UsageError(err.message);
      throw err;
    }
    const { score } = scored;
    if (options.json) ctx.out(JSON.stringify({ dir, ...score, misses: options.misses ? score.misses : undefined }));
    else for (const line of scoreLines(dir, score, !!options.misses)) ctx.out(line);
    if (minimum !== null) {
      const tallies = [...SCORED_FIELDS.map((f) => score.perField[f]).filter((t) => t.total > 0), ...Object.values(score.perKind)];
      if (tallies.some((t) => ratio(t) < minimum)) {
        below = true;
        ctx.err(`${dir}: a field or a kind scores below ${minimum}.`);
      }
    }
  }
  return below ? 1 : 0;
}

export const parseReplyCommand: CliCommand = {
  name: 'parse-reply',
  summary: 'Show how reply e-mails (.eml) are understood (one JSON line per file), or score a corpus with --score',
  usage: 'parse-reply FILE.eml [FILE.eml …] | parse-reply --score DIR [DIR …] [--min 0.97] [--misses] [--json]',
  async run(ctx, args) {
    const { positional, options } = parseArgs(args, ['min']);
    if (options.score) return runScore(ctx, positional, options);
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
