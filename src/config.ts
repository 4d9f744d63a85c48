import { z } from 'zod';

/** Booleans in the environment are words; z.coerce.boolean() would turn "false" into true. */
const envBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    DB_PATH: z.string().min(1).default('./data/placements.db'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BOT_ID: z.string().uuid('BOT_ID must be the Microsoft App ID (a GUID)').optional(),
    BOT_PASSWORD: z.string().min(1).optional(),
    BOT_TENANT_ID: z.string().uuid('BOT_TENANT_ID must be the Entra tenant ID (a GUID)').optional(),
    ALLOW_ANONYMOUS_LOCAL: envBoolean.default('false'),
    /** Name shown in cards and e-mails. */
    PRODUCT_NAME: z.string().min(1).default('Placement Desk'),
  })
  .superRefine((c, ctx) => {
    const auth = [c.BOT_ID, c.BOT_PASSWORD, c.BOT_TENANT_ID];
    const set = auth.filter((v) => v !== undefined).length;
    if (set > 0 && set < 3) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['BOT_ID'],
        message: 'BOT_ID, BOT_PASSWORD and BOT_TENANT_ID must be set together (single-tenant app registration)',
      });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment once; empty strings count as unset so `.env` templates can leave keys blank. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`));
  }
  return result.data;
}

export function isAuthenticationEnabled(config: Config): boolean {
  return config.BOT_ID !== undefined;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host.startsWith('127.');
}

/**
 * Production must verify Bot Framework tokens. Anonymous mode is only for a developer's own machine:
 * it needs an explicit opt-in and a loopback listener.
 */
export function assertProductionSafe(config: Config): void {
  if (isAuthenticationEnabled(config)) return;
  const problems: string[] = [];
  if (!config.ALLOW_ANONYMOUS_LOCAL) {
    problems.push(
      'BOT_ID/BOT_PASSWORD/BOT_TENANT_ID are not set. Set them (single-tenant app registration), or set ALLOW_ANONYMOUS_LOCAL=true for a local, loopback-only run.',
    );
  } else if (!isLoopback(config.HOST)) {
    problems.push(`ALLOW_ANONYMOUS_LOCAL=true requires HOST to be a loopback address, not "${config.HOST}".`);
  }
  if (problems.length) throw new ConfigError(problems);
}
