import { listSavedMail, readSavedMailText, sentMailDir } from '../../dev/mail-store.js';
import { parseArgs, UsageError, type CliCommand } from '../command.js';

const when = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: '2-digit',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export const mailListCommand: CliCommand = {
  name: 'mail-list',
  summary: 'List the e-mails dev mode "sent" (saved as .eml under MAIL_STORE_DIR), or show one',
  usage: 'mail-list [--show N]   (N as numbered in the list, 1 = newest)',
  async run(ctx, args) {
    const { positional, options } = parseArgs(args, ['show']);
    if (positional.length) throw new UsageError(`Unexpected argument "${positional[0]}"`);
    const unknown = Object.keys(options).filter((o) => o !== 'show');
    if (unknown.length) throw new UsageError(`Unknown option --${unknown[0]}`);

    const show = options.show;
    let index: number | undefined;
    if (show !== undefined) {
      if (show === true || !/^[1-9]\d*$/.test(show)) throw new UsageError('--show needs a message number (1 = newest)');
      index = Number(show);
    }

    const mails = await listSavedMail(ctx.config.MAIL_STORE_DIR);
    if (mails.length === 0) {
      ctx.err(`No saved e-mails in ${sentMailDir(ctx.config.MAIL_STORE_DIR)}.`);
      return index === undefined ? 0 : 1;
    }

    if (index === undefined) {
      const width = String(mails.length).length;
      mails.forEach((m, i) => {
        ctx.out(`${String(i + 1).padStart(width)}  ${when.format(m.date)}  to ${m.to.join(', ') || '(none)'}  ${m.subject}`);
      });
      ctx.err(`${mails.length} e-mail(s) in ${sentMailDir(ctx.config.MAIL_STORE_DIR)}. Show one with --show N.`);
      return 0;
    }

    const mail = mails[index - 1];
    if (!mail) {
      ctx.err(`There are only ${mails.length} saved e-mail(s).`);
      return 1;
    }
    ctx.out(`Date: ${when.format(mail.date)}`);
    ctx.out(`From: ${mail.from}`);
    ctx.out(`To: ${mail.to.join(', ')}`);
    if (mail.replyTo) ctx.out(`Reply-To: ${mail.replyTo}`);
    ctx.out(`Subject: ${mail.subject}`);
    if (mail.messageId) ctx.out(`Message-ID: ${mail.messageId}`);
    ctx.out(`File: ${mail.path}`);
    ctx.out('');
    for (const line of (await readSavedMailText(mail.path)).replace(/\n$/, '').split('\n')) ctx.out(line);
    return 0;
  },
};
