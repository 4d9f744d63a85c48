import { createHash } from 'node:crypto';
import {
  AuthenticationConstants,
  MicrosoftAppCredentials,
  ServiceClientCredentialsFactory,
  TokenCredentials,
} from 'botframework-connector';
import { CallerIdConstants, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { BOT_FRAMEWORK_DEFAULTS, type Config } from '../config.js';
import { clientCredentialsTokenSource, type AccessTokenSource } from '../mail/inbound/oauth-token.js';
import { registrationForAppId, type BotRegistration } from '../services/councils/bot-registrations.js';
import { createSecretReader, SECRET_PROBLEM_TEXT, type SecretReader } from '../services/councils/secrets.js';
import type { ServiceDeps } from '../services/deps.js';

type ServiceClientCredentials = Awaited<ReturnType<ServiceClientCredentialsFactory['createCredentials']>>;

/**
 * botbuilder's authentication settings. All of them are given (botbuilder then treats them as
 * intentional): the channel's OpenID metadata and token issuer for incoming tokens, the scope of
 * outgoing ones. The emulator's metadata is Microsoft's unless a private cloud (or a test) replaces the
 * channel's, where the same document serves both.
 */
export function botFrameworkSettings(config: Config): ConfigurationBotFrameworkAuthenticationOptions {
  const customCloud = config.BOT_OPENID_METADATA_URL !== BOT_FRAMEWORK_DEFAULTS.openIdMetadataUrl;
  return {
    ToBotFromChannelOpenIdMetadataUrl: config.BOT_OPENID_METADATA_URL,
    ToBotFromChannelTokenIssuer: config.BOT_TOKEN_ISSUER,
    ToBotFromEmulatorOpenIdMetadataUrl: customCloud ? config.BOT_OPENID_METADATA_URL : AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    ToChannelFromBotLoginUrl: config.BOT_LOGIN_URL,
    ToChannelFromBotOAuthScope: config.BOT_OAUTH_SCOPE,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  };
}

export class BotCredentialsError extends Error {
  readonly code = 'BOT_CREDENTIALS_UNAVAILABLE';
}

/**
 * One deployment, many registrations. botbuilder asks this factory whether an incoming token's
 * audience is one of ours (`isValidAppId`: any active council registration, or the environment's), and
 * for the credentials of the app that replies or posts (`createCredentials`): that registration's
 * client secret, read at that moment, so a rotated secret is used without a restart.
 */
export class CouncilRegistrationsCredentialsFactory extends ServiceClientCredentialsFactory {
  /** Access tokens per app, tenant and secret: a new secret gets a new token at once (and proves it works). */
  private readonly tokens = new Map<string, { fingerprint: string; source: AccessTokenSource }>();
  private readonly secrets: SecretReader;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly anonymous: boolean,
  ) {
    super();
    this.secrets = createSecretReader(deps.config);
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return !this.anonymous && Boolean(appId) && (await registrationForAppId(this.deps, appId)) !== undefined;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return this.anonymous;
  }

  async createCredentials(appId: string, audience: string | undefined): Promise<ServiceClientCredentials> {
    if (this.anonymous) return MicrosoftAppCredentials.Empty;
    const registration = appId ? (await registrationForAppId(this.deps, appId)) : undefined;
    if (!registration) throw new BotCredentialsError(`no active bot registration for app ${appId}`);
    const read = this.secrets.read(registration.secret);
    if (!read.ok) throw new BotCredentialsError(`the client secret of app ${registration.appId} is ${SECRET_PROBLEM_TEXT[read.problem]}`);
    const source = this.tokenSource(registration, read.secret, audience || this.deps.config.BOT_OAUTH_SCOPE);
    return {
      async signRequest(webResource) {
        return new TokenCredentials(await source.get()).signRequest(webResource);
      },
    };
  }

  private tokenSource(registration: BotRegistration, secret: string, audience: string): AccessTokenSource {
    const key = `${registration.appId}|${registration.tenantId}|${audience}`;
    const fingerprint = createHash('sha256').update(secret).digest('hex');
    const cached = this.tokens.get(key);
    if (cached?.fingerprint === fingerprint) return cached.source;
    const scope = audience.endsWith('/.default') ? audience : `${audience}/.default`;
    const source = clientCredentialsTokenSource({
      tokenUrl: `${this.deps.config.BOT_LOGIN_URL.replace(/\/+$/, '')}/${registration.tenantId}${AuthenticationConstants.ToChannelFromBotTokenEndpointPath}`,
      clientId: registration.appId,
      clientSecret: secret,
      // Token lifetimes are real time, whatever clock the use cases run on.
      scope,
    });
    this.tokens.set(key, { fingerprint, source });
    return source;
  }
}
