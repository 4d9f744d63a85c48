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

    // Outgoing mail (referrals, reminders, award letters). Dev mode runs an embedded SMTP server instead.
    SMTP_HOST: z.string().min(1).default('127.0.0.1'),
    /** 0 only makes sense for dev mode's embedded server (pick a free port). */
    SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
    /** true = TLS from the start (port 465); false = plain, upgraded with STARTTLS when offered. */
    SMTP_SECURE: envBoolean.default('false'),
    /** Refuse to send over an unencrypted connection (Microsoft 365 and most providers require it). */
    SMTP_REQUIRE_TLS: envBoolean.default('false'),
    SMTP_USER: z.string().min(1).optional(),
    SMTP_PASSWORD: z.string().min(1).optional(),
    /** OAuth2 (Microsoft 365 XOAUTH2): client credentials of an Entra app allowed to send as SMTP_USER. */
    SMTP_OAUTH2_CLIENT_ID: z.string().min(1).optional(),
    SMTP_OAUTH2_CLIENT_SECRET: z.string().min(1).optional(),
    SMTP_OAUTH2_TENANT_ID: z.string().min(1).optional(),
    MAIL_FROM: z.string().min(3).default('Placement Desk <placements@placement-desk.localhost>'),
    /** Domain of the signed reply addresses (reply+<id>.<hmac>@REPLY_DOMAIN); mail to it must reach the IMAP mailbox. */
    REPLY_DOMAIN: z
      .string()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$|^[a-z0-9-]+\.localhost$/i, 'REPLY_DOMAIN must be a domain name')
      .default('placement-desk.localhost'),
    /** Secret for signing reply addresses. At least 32 characters; keep it stable, or old replies stop routing. */
    REPLY_TOKEN_SECRET: z.string().min(32, 'REPLY_TOKEN_SECRET must be at least 32 characters').default('dev-only-reply-token-secret-change-me-0000'),

    // Incoming mail (provider replies). Dev mode runs an embedded IMAP server instead.
    IMAP_HOST: z.string().min(1).default('127.0.0.1'),
    /** 0 only makes sense for dev mode's embedded server (pick a free port). */
    IMAP_PORT: z.coerce.number().int().min(0).max(65535).default(1143),
    IMAP_SECURE: envBoolean.default('false'),
    IMAP_USER: z.string().min(1).default('placements'),
    IMAP_PASSWORD: z.string().min(1).optional(),
    /** OAuth2 for Microsoft 365 (XOAUTH2), same Entra app as SMTP or another. */
    IMAP_OAUTH2_CLIENT_ID: z.string().min(1).optional(),
    IMAP_OAUTH2_CLIENT_SECRET: z.string().min(1).optional(),
    IMAP_OAUTH2_TENANT_ID: z.string().min(1).optional(),
    IMAP_MAILBOX: z.string().min(1).default('INBOX'),
    IMAP_PROCESSED_FOLDER: z.string().min(1).default('Processed'),
    IMAP_QUARANTINE_FOLDER: z.string().min(1).default('Quarantine'),
    /** Sweep the mailbox this often even when IDLE is quiet (Exchange Online stops pushing). */
    IMAP_SWEEP_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    /** Turn the mailbox reader off (e.g. a second instance, or no mailbox yet). */
    IMAP_ENABLED: envBoolean.default('false'),
    /** Where dev mode keeps copies of sent mail (.eml) and attachments. */
    MAIL_STORE_DIR: z.string().min(1).default('./data/mail'),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && c.REPLY_TOKEN_SECRET.startsWith('dev-only-')) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['REPLY_TOKEN_SECRET'], message: 'REPLY_TOKEN_SECRET must be set to your own secret in production' });
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
  const problems: string[] = [];
  const registration = [config.BOT_ID, config.BOT_PASSWORD, config.BOT_TENANT_ID].filter((v) => v !== undefined).length;
  if (registration > 0 && registration < 3) {
    // Checked here rather than in the schema: packaging the Teams app needs only BOT_ID.
    problems.push('BOT_ID, BOT_PASSWORD and BOT_TENANT_ID must be set together (single-tenant app registration).');
    throw new ConfigError(problems);
  }
  if (isAuthenticationEnabled(config)) {
    if (config.REPLY_TOKEN_SECRET.startsWith('dev-only-')) {
      throw new ConfigError(['REPLY_TOKEN_SECRET must be set to your own secret (32+ characters) when the bot runs with an app registration.']);
    }
    return;
  }
  if (!config.ALLOW_ANONYMOUS_LOCAL) {
    problems.push(
      'BOT_ID/BOT_PASSWORD/BOT_TENANT_ID are not set. Set them (single-tenant app registration), or set ALLOW_ANONYMOUS_LOCAL=true for a local, loopback-only run.',
    );
  } else if (!isLoopback(config.HOST)) {
    problems.push(`ALLOW_ANONYMOUS_LOCAL=true requires HOST to be a loopback address, not "${config.HOST}".`);
  }
  if (problems.length) throw new ConfigError(problems);
}
