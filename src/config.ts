import { hostname } from 'node:os';
import { z } from 'zod';

/** A comma-separated list; empty or unset is none. */
const commaList = z
  .string()
  .default('')
  .transform((v) => v.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean));

/** Booleans in the environment are words; z.coerce.boolean() would turn "false" into true. */
const envBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Microsoft's public-cloud Bot Framework endpoints (botframework-connector's AuthenticationConstants). */
export const BOT_FRAMEWORK_DEFAULTS = {
  openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  tokenIssuer: 'https://api.botframework.com',
  loginUrl: 'https://login.microsoftonline.com',
  oauthScope: 'https://api.botframework.com',
} as const;

const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    DB_PATH: z.string().min(1).default('./data/placements.db'),
    /**
     * SQLite's `synchronous` in WAL mode. `normal`: a commit is durable once the process has written it (a crash of
     * the process loses nothing; a power cut or OS crash may lose the last commits, never consistency); `full`: every
     * commit also waits for the disk (an fsync per write transaction, 1–25 ms on a busy disk).
     */
    SQLITE_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
    /** postgres://user:password@host:5432/database selects PostgreSQL (a regional deployment, several instances); unset: SQLite at DB_PATH. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// address (unset it to use SQLite at DB_PATH)')
      .optional(),
    /** Connections each instance keeps open to PostgreSQL. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
    /** false: the instance refuses to start on an old schema instead of migrating it (run `npm run cli -- migrate` in the deploy). */
    MIGRATE_ON_START: envBoolean.default('true'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // One bot registration from the environment (the single-council setup of before). Councils' own
    // registrations are added with `npm run cli -- add-council`; both kinds can be used together.
    BOT_ID: z.string().uuid('BOT_ID must be the Microsoft App ID (a GUID)').optional(),
    BOT_PASSWORD: z.string().min(1).optional(),
    /** Instead of BOT_PASSWORD: a file holding the client secret, read again whenever a token is needed (rotation without restart). */
    BOT_PASSWORD_FILE: z.string().min(1).optional(),
    BOT_TENANT_ID: z.string().uuid('BOT_TENANT_ID must be the Entra tenant ID (a GUID)').optional(),
    /** The council the BOT_ID registration belongs to (its code). Unset: whichever council the person is staff of. */
    BOT_COUNCIL: z.string().min(1).optional(),
    ALLOW_ANONYMOUS_LOCAL: envBoolean.default('false'),
    // Bot Framework endpoints. The defaults are Microsoft's public cloud; tests point them at a local issuer.
    /** OpenID metadata document listing the keys that sign the Bot Connector's tokens to the bot. */
    BOT_OPENID_METADATA_URL: z.string().url().default(BOT_FRAMEWORK_DEFAULTS.openIdMetadataUrl),
    /** The `iss` of those tokens. */
    BOT_TOKEN_ISSUER: z.string().min(1).default(BOT_FRAMEWORK_DEFAULTS.tokenIssuer),
    /** Entra login host: the bot's own tokens come from <BOT_LOGIN_URL>/<tenant>/oauth2/v2.0/token. */
    BOT_LOGIN_URL: z.string().url().default(BOT_FRAMEWORK_DEFAULTS.loginUrl),
    /** Audience of the bot's own tokens (the Bot Connector service). */
    BOT_OAUTH_SCOPE: z.string().min(1).default(BOT_FRAMEWORK_DEFAULTS.oauthScope),
    /**
     * The address providers reach this server at (e.g. https://placements.example.gov.uk): the reply page's
     * links in referral e-mails start with it, and so do the document links offered in Teams (evidence pack,
     * appraisal record). Unset, the links use the server's own address on a local (anonymous, loopback) run
     * and are left out of the e-mails otherwise.
     */
    PUBLIC_BASE_URL: z
      .string()
      .url('PUBLIC_BASE_URL must be a URL such as https://placements.example.gov.uk')
      .refine((v) => /^https?:\/\//i.test(v) && !/[?#]/.test(v), 'PUBLIC_BASE_URL must be an http(s) address without a query or fragment')
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
    /** Secret for signing reply-page links (32+ characters). Unset: derived from REPLY_TOKEN_SECRET under its own label. */
    REPLY_PAGE_SECRET: z.string().min(32, 'REPLY_PAGE_SECRET must be at least 32 characters').optional(),
    /**
     * How many reverse proxies in front of the server add X-Forwarded-For (Azure App Service: 1). 0 trusts none:
     * the reply page's rate limits then count by the connecting address.
     */
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
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
    /** How often the clock-driven jobs (reminders, deadline cards, escalations) run, on the instance that leads them. */
    TIMER_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    /** Turn the mailbox reader off (e.g. a second instance, or no mailbox yet). */
    IMAP_ENABLED: envBoolean.default('false'),
    /** Where dev mode keeps copies of sent mail (.eml) and attachments. */
    MAIL_STORE_DIR: z.string().min(1).default('./data/mail'),
    /**
     * The authserv-ids of the council's own receiving mail servers (comma-separated): their
     * Authentication-Results verdicts are trusted, and a message they found failing SPF/DKIM/DMARC is held
     * for a person. Headers written by anyone else are ignored.
     */
    TRUSTED_AUTHSERV_IDS: commaList,
    /** Domains of our own mail relay whose mailer-daemon bounces are trusted (besides real DSNs); default the MAIL_FROM domain. */
    BOUNCE_RELAY_DOMAINS: commaList,
    /**
     * The mailbox lease: one reader per mailbox, renewed every third of this while it reads. A process that
     * dies leaves a lease that another (or the restarted) process takes over after at most this long.
     */
    IMAP_LEASE_SECONDS: z.coerce.number().int().min(3).max(600).default(10),
    /** This instance's name in leases and logs (several instances of one deployment must differ). */
    INSTANCE_ID: z.string().min(1).max(100).default(hostname()),
    /** How long an instance's claim on an outbox item holds without renewal (it renews while it works). */
    OUTBOX_CLAIM_SECONDS: z.coerce.number().int().min(5).max(3600).default(30),
    /** How long failed deliveries are retried before they are given up (dead, and someone is told). */
    OUTBOX_GIVE_UP_HOURS: z.coerce.number().min(1).max(24 * 30).default(72),
    /** Deliveries in flight at once (e-mails over the SMTP pool, Teams posts of different threads). */
    OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
    /** Key for signing document links (32+ characters). Unset: derived from REPLY_TOKEN_SECRET. */
    DOCUMENT_LINK_SECRET: z.string().min(32, 'DOCUMENT_LINK_SECRET must be at least 32 characters').optional(),
    /** How long a document link works. */
    DOCUMENT_LINK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
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

/**
 * Anonymous (unauthenticated) Bot Framework traffic is only for a developer's own machine: no
 * environment registration and an explicit opt-in. Everything else verifies every token.
 */
export function isAnonymousMode(config: Config): boolean {
  return config.BOT_ID === undefined && config.ALLOW_ANONYMOUS_LOCAL;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host.startsWith('127.');
}

/**
 * Production must verify Bot Framework tokens: against the environment registration (BOT_ID…) and/or
 * the councils' registrations in the database (`databaseRegistrations` active ones). Anonymous mode is
 * only for a developer's own machine: it needs an explicit opt-in and a loopback listener.
 */
export function assertProductionSafe(config: Config, opts: { databaseRegistrations: number } = { databaseRegistrations: 0 }): void {
  const envRegistration = [config.BOT_ID, config.BOT_PASSWORD ?? config.BOT_PASSWORD_FILE, config.BOT_TENANT_ID].filter((v) => v !== undefined).length;
  if (envRegistration > 0 && envRegistration < 3) {
    // Checked here rather than in the schema: packaging the Teams app needs only BOT_ID.
    throw new ConfigError(['BOT_ID, BOT_PASSWORD (or BOT_PASSWORD_FILE) and BOT_TENANT_ID must be set together (single-tenant app registration).']);
  }
  if (config.BOT_PASSWORD !== undefined && config.BOT_PASSWORD_FILE !== undefined) {
    throw new ConfigError(['Set BOT_PASSWORD or BOT_PASSWORD_FILE, not both.']);
  }
  if (config.BOT_COUNCIL !== undefined && config.BOT_ID === undefined) {
    throw new ConfigError(['BOT_COUNCIL names the council of the BOT_ID registration; set BOT_ID, BOT_PASSWORD and BOT_TENANT_ID too.']);
  }
  if (isAnonymousMode(config)) {
    if (!isLoopback(config.HOST)) {
      throw new ConfigError([`ALLOW_ANONYMOUS_LOCAL=true requires HOST to be a loopback address, not "${config.HOST}".`]);
    }
    return;
  }
  if (config.BOT_ID === undefined && opts.databaseRegistrations === 0) {
    throw new ConfigError([
      'No bot registration: BOT_ID/BOT_PASSWORD/BOT_TENANT_ID are not set and no council has one (npm run cli -- add-council …). ' +
        'Add one, or set ALLOW_ANONYMOUS_LOCAL=true for a local, loopback-only run.',
    ]);
  }
  if (config.REPLY_TOKEN_SECRET.startsWith('dev-only-')) {
    throw new ConfigError(['REPLY_TOKEN_SECRET must be set to your own secret (32+ characters) when the bot runs with an app registration.']);
  }
}
