import { findRegistrationByCouncil } from '../../db/repositories/bot-registrations.js';
import { findCouncilByCode } from '../../db/repositories/staff.js';
import { AppPackageError, buildAppPackage } from '../../teams-package/build-app-package.js';
import { parseArgs, UsageError, type CliCommand, type CliContext } from '../command.js';

export const DEFAULT_APP_PACKAGE_PATH = 'dist/placement-desk-teams-app.zip';

const FLAGS = ['bot-id', 'council', 'out'] as const;

/** The bot id a council's package carries: its own registration's app id, from the database. */
async function councilBotId(ctx: CliContext, code: string): Promise<string> {
  const council = (await findCouncilByCode((await ctx.db()), code));
  if (!council) throw new UsageError(`There is no council ${code}. list-councils shows them; add-council onboards one.`);
  if (council.status === 'removed') throw new UsageError(`Council ${code} is removed; reinstate-council it before packaging its app.`);
  const registration = (await findRegistrationByCouncil((await ctx.db()), council.id));
  if (!registration) throw new UsageError(`Council ${code} has no bot registration yet: add-council ${code} --tenant … --app-id … --secret-env NAME.`);
  return registration.appId;
}

export const packageAppCommand: CliCommand = {
  name: 'package-app',
  summary: "Build the Teams app package (manifest + icons zip) with a council's bot id (or BOT_ID) filled in, ready to upload to Teams",
  usage: `package-app [--council CODE | --bot-id GUID] [--out FILE]   (default bot id: BOT_ID; default out: ${DEFAULT_APP_PACKAGE_PATH}, or …-<council>.zip)`,
  async run(ctx, args) {
    const { positional, options } = parseArgs(args, FLAGS);
    const unknown = Object.keys(options).filter((k) => !(FLAGS as readonly string[]).includes(k));
    if (unknown.length) throw new UsageError(`Unknown option --${unknown[0]}.`);
    if (positional.length) throw new UsageError(`Unexpected argument "${positional[0]}".`);
    for (const flag of FLAGS) {
      if (options[flag] === '') throw new UsageError(`--${flag} needs a value`);
    }
    if (options.council !== undefined && options['bot-id'] !== undefined) throw new UsageError('Give --council or --bot-id, not both.');

    const councilCode = typeof options.council === 'string' ? options.council.trim().toUpperCase() : undefined;
    const botId = councilCode ? (await councilBotId(ctx, councilCode)) : ((options['bot-id'] as string | undefined) ?? ctx.config.BOT_ID);
    if (!botId) {
      throw new UsageError(
        'No bot id: pass --council CODE (a council added with add-council), --bot-id with the Microsoft App ID of the bot registration, ' +
          'or set BOT_ID (with BOT_PASSWORD and BOT_TENANT_ID) in the environment.',
      );
    }
    const outFile =
      (options.out as string | undefined) ?? (councilCode ? DEFAULT_APP_PACKAGE_PATH.replace(/\.zip$/, `-${councilCode.toLowerCase()}.zip`) : DEFAULT_APP_PACKAGE_PATH);
    try {
      const pkg = buildAppPackage({ botId, outFile });
      ctx.out(pkg.outFile);
      ctx.err(
        `Teams app package written (${pkg.entries.join(', ')}) for ${councilCode ? `council ${councilCode}, ` : ''}bot ${botId}. ` +
          "Upload it in the council's Teams admin centre (Teams apps → Manage apps → Upload new app), or in Teams: Apps → Manage your apps → Upload an app.",
      );
      return 0;
    } catch (err) {
      if (err instanceof AppPackageError && err.code === 'APP_PACKAGE_BOT_ID_INVALID') throw new UsageError(err.userMessage);
      throw err;
    }
  },
};
