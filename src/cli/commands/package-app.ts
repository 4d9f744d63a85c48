import { AppPackageError, buildAppPackage } from '../../teams-package/build-app-package.js';
import { parseArgs, UsageError, type CliCommand } from '../command.js';

export const DEFAULT_APP_PACKAGE_PATH = 'dist/placement-desk-teams-app.zip';

export const packageAppCommand: CliCommand = {
  name: 'package-app',
  summary: 'Build the Teams app package (manifest + icons zip) with the bot id filled in, ready to upload to Teams',
  usage: `package-app [--bot-id GUID] [--out FILE]   (default bot id: BOT_ID; default out: ${DEFAULT_APP_PACKAGE_PATH})`,
  async run(ctx, args) {
    const { positional, options } = parseArgs(args, ['bot-id', 'out']);
    const unknown = Object.keys(options).filter((k) => k !== 'bot-id' && k !== 'out');
    if (unknown.length) throw new UsageError(`Unknown option --${unknown[0]}.`);
    if (positional.length) throw new UsageError(`Unexpected argument "${positional[0]}".`);
    for (const flag of ['bot-id', 'out'] as const) {
      if (options[flag] === '') throw new UsageError(`--${flag} needs a value`);
    }

    const botId = (options['bot-id'] as string | undefined) ?? ctx.config.BOT_ID;
    if (!botId) {
      throw new UsageError(
        'No bot id: pass --bot-id with the Microsoft App ID of the bot registration, or set BOT_ID (with BOT_PASSWORD and BOT_TENANT_ID) in the environment.',
      );
    }
    const outFile = (options.out as string | undefined) ?? DEFAULT_APP_PACKAGE_PATH;
    try {
      const pkg = buildAppPackage({ botId, outFile });
      ctx.out(pkg.outFile);
      ctx.err(`Teams app package written (${pkg.entries.join(', ')}) for bot ${botId}. Upload it in Teams: Apps → Manage your apps → Upload an app.`);
      return 0;
    } catch (err) {
      if (err instanceof AppPackageError && err.code === 'APP_PACKAGE_BOT_ID_INVALID') throw new UsageError(err.userMessage);
      throw err;
    }
  },
};
