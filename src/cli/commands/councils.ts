import { userInfo } from 'node:os';
import { AppError } from '../../domain/errors.js';
import type { CouncilOperator } from '../../services/councils/council-admin.js';
import { addCouncil } from '../../services/councils/add-council.js';
import { listCouncils } from '../../services/councils/list-councils.js';
import { reinstateCouncil } from '../../services/councils/reinstate-council.js';
import { removeCouncil } from '../../services/councils/remove-council.js';
import { createSecretReader } from '../../services/councils/secrets.js';
import { updateCouncil } from '../../services/councils/update-council.js';
import type { ServiceDeps } from '../../services/deps.js';
import { parseArgs, UsageError, type CliCommand, type CliContext } from '../command.js';

const REGISTRATION_FLAGS = ['name', 'tenant', 'app-id', 'secret-env', 'secret-file'] as const;
const SECRET_IN_ARGS = ['secret', 'password', 'client-secret', 'app-password'];

function operatorOf(command: string): CouncilOperator {
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the record then names the command only.
  }
  return { label: `cli:${command}`, user };
}

async function depsOf(ctx: CliContext): Promise<ServiceDeps> {
  return { config: ctx.config, db: (await ctx.db()), clock: ctx.clock, log: ctx.log };
}

/** `CODE --flag value …` with only the flags this command knows; a secret on the command line is refused. */
function parseCouncilArgs(args: string[], flags: readonly string[]) {
  const { positional, options } = parseArgs(args, flags);
  const secretGiven = Object.keys(options).find((k) => SECRET_IN_ARGS.includes(k));
  if (secretGiven) {
    throw new UsageError(
      `--${secretGiven}: secrets are never given on the command line or kept in the database. Put the client secret in an environment variable ` +
        'of the server (--secret-env NAME) or in a file only it can read (--secret-file /path).',
    );
  }
  const unknown = Object.keys(options).find((k) => !flags.includes(k));
  if (unknown) throw new UsageError(`Unknown option --${unknown}.`);
  for (const [k, v] of Object.entries(options)) if (v === true || v === '') throw new UsageError(`--${k} needs a value`);
  const [code, ...extra] = positional;
  if (!code) throw new UsageError('Give the council code first, e.g. HALTON.');
  if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}" (quote values with spaces).`);
  const value = (k: string) => options[k] as string | undefined;
  return { code, value };
}

/** Use-case refusals are the operator's to fix: printed as they are, exit code 1. */
async function refusalsPrinted(ctx: CliContext, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) {
      ctx.err(err.userMessage);
      return 1;
    }
    throw err;
  }
}

export const addCouncilCommand: CliCommand = {
  name: 'add-council',
  summary: "Onboard a council's own bot registration (tenant, app id, where its secret is); audited",
  usage: 'add-council CODE --name "Council name" --tenant TENANT_GUID --app-id APP_GUID (--secret-env NAME | --secret-file /path)',
  async run(ctx, args) {
    const { code, value } = parseCouncilArgs(args, REGISTRATION_FLAGS);
    return refusalsPrinted(ctx, async () => {
      const result = (await addCouncil(
        (await depsOf(ctx)),
        createSecretReader(ctx.config),
        { code, name: value('name'), tenantId: value('tenant'), appId: value('app-id'), secretEnv: value('secret-env'), secretFile: value('secret-file') },
        operatorOf('add-council'),
      ));
      for (const w of result.warnings) ctx.err(`warning: ${w}`);
      ctx.out(`${result.councilCreated ? 'council created' : 'registration added to council'} ${result.code}`);
      ctx.err(`Next: npm run package -- --council ${result.code}, upload the zip in the council's Teams, then an administrator mentions the bot in the approvals channel with "use this channel for approvals".`);
      return 0;
    });
  },
};

export const updateCouncilCommand: CliCommand = {
  name: 'update-council',
  summary: "Change a council's name or bot registration (new tenant, app id, or secret location); audited, applies without restart",
  usage: 'update-council CODE [--name "…"] [--tenant GUID] [--app-id GUID] [--secret-env NAME | --secret-file /path]',
  async run(ctx, args) {
    const { code, value } = parseCouncilArgs(args, REGISTRATION_FLAGS);
    return refusalsPrinted(ctx, async () => {
      const result = (await updateCouncil(
        (await depsOf(ctx)),
        createSecretReader(ctx.config),
        { code, name: value('name'), tenantId: value('tenant'), appId: value('app-id'), secretEnv: value('secret-env'), secretFile: value('secret-file') },
        operatorOf('update-council'),
      ));
      for (const w of result.warnings) ctx.err(`warning: ${w}`);
      if (!result.changes.length) ctx.out(`council ${result.code} unchanged`);
      for (const c of result.changes) ctx.out(`council ${result.code}: ${c}`);
      return 0;
    });
  },
};

export const removeCouncilCommand: CliCommand = {
  name: 'remove-council',
  summary: "Take a council off the deployment: its registration and staff are refused, all its records are kept; audited",
  usage: 'remove-council CODE --reason "…"',
  async run(ctx, args) {
    const { code, value } = parseCouncilArgs(args, ['reason']);
    return refusalsPrinted(ctx, async () => {
      (await removeCouncil((await depsOf(ctx)), { code, reason: value('reason') ?? '' }, operatorOf('remove-council')));
      ctx.out(`council ${code.toUpperCase()} removed (records kept; reinstate-council undoes it)`);
      return 0;
    });
  },
};

export const reinstateCouncilCommand: CliCommand = {
  name: 'reinstate-council',
  summary: 'Undo remove-council: accept the council\'s registration and staff again; audited',
  usage: 'reinstate-council CODE --reason "…"',
  async run(ctx, args) {
    const { code, value } = parseCouncilArgs(args, ['reason']);
    return refusalsPrinted(ctx, async () => {
      (await reinstateCouncil((await depsOf(ctx)), { code, reason: value('reason') ?? '' }, operatorOf('reinstate-council')));
      ctx.out(`council ${code.toUpperCase()} reinstated`);
      return 0;
    });
  },
};

export const listCouncilsCommand: CliCommand = {
  name: 'list-councils',
  summary: 'Councils with their bot registrations, whether their secret is readable here (never the secret), staff and approvals channel',
  usage: 'list-councils',
  async run(ctx, args) {
    if (args.length) throw new UsageError(`Unexpected argument "${args[0]}".`);
    const { councils, environment } = (await listCouncils((await depsOf(ctx)), createSecretReader(ctx.config)));
    for (const c of councils) {
      const status = c.status === 'removed' ? `removed ${c.removedOn}` : 'active';
      const registration = c.registration ? `tenant ${c.registration.tenantId}  app ${c.registration.appId}  secret ${c.registration.secret}` : 'no registration of its own';
      ctx.out(`${c.code}  ${c.name}  [${status}]  ${registration}  staff ${c.activeStaff}  approvals channel ${c.hasApprovalsChannel ? 'chosen' : 'not chosen'}`);
    }
    if (environment) {
      ctx.out(`(environment BOT_ID)  tenant ${environment.tenantId}  app ${environment.appId}  secret ${environment.secret}  serves ${environment.councilCode ?? 'staff of any council in that tenant'}`);
    }
    ctx.err(`${councils.length} council(s), ${councils.filter((c) => c.registration && c.status === 'active').length} with an active registration of their own.`);
    return 0;
  },
};
