import { describe, expect, it } from 'vitest';
import { assertProductionSafe, ConfigError, isAnonymousMode, loadConfig } from '../../src/config.js';

describe('config', () => {
  it('has embedded defaults for a local run', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3978);
    expect(c.DB_PATH).toBe('./data/placements.db');
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.ALLOW_ANONYMOUS_LOCAL).toBe(false);
  });

  it('parses booleans as words ("false" stays false)', () => {
    expect(loadConfig({ ALLOW_ANONYMOUS_LOCAL: 'false' }).ALLOW_ANONYMOUS_LOCAL).toBe(false);
    expect(loadConfig({ ALLOW_ANONYMOUS_LOCAL: 'true' }).ALLOW_ANONYMOUS_LOCAL).toBe(true);
    expect(() => loadConfig({ ALLOW_ANONYMOUS_LOCAL: 'maybe' })).toThrow(ConfigError);
  });

  it('names every invalid value', () => {
    try {
      loadConfig({ PORT: 'eighty', BOT_ID: 'abc' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('BOT_ID must be the Microsoft App ID');
    }
    expect(() => assertProductionSafe(loadConfig({ BOT_ID: '11111111-2222-4333-8444-555555555555' }))).toThrow(/must be set together/);
  });

  it('reads the reply page settings: an http(s) base address without a trailing slash, a long secret, proxy hops', () => {
    const c = loadConfig({ PUBLIC_BASE_URL: 'https://placements.example.gov.uk/', TRUST_PROXY: '1' });
    expect(c.PUBLIC_BASE_URL).toBe('https://placements.example.gov.uk');
    expect(c.TRUST_PROXY).toBe(1);
    expect(loadConfig({}).PUBLIC_BASE_URL).toBeUndefined();
    expect(loadConfig({}).TRUST_PROXY).toBe(0);
    for (const bad of ['placements.example.gov.uk', 'ftp://placements.example.gov.uk', 'https://placements.example.gov.uk/?x=1']) {
      expect(() => loadConfig({ PUBLIC_BASE_URL: bad }), bad).toThrow(/PUBLIC_BASE_URL/);
    }
    expect(() => loadConfig({ REPLY_PAGE_SECRET: 'short' })).toThrow(/REPLY_PAGE_SECRET must be at least 32 characters/);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ BOT_ID: '', PORT: '' }).PORT).toBe(3978);
  });

  it('allows anonymous mode only when asked for and on loopback', () => {
    expect(() => assertProductionSafe(loadConfig({}))).toThrow(/not set/);
    expect(() => assertProductionSafe(loadConfig({ ALLOW_ANONYMOUS_LOCAL: 'true', HOST: '0.0.0.0' }))).toThrow(/loopback/);
    expect(() => assertProductionSafe(loadConfig({ ALLOW_ANONYMOUS_LOCAL: 'true' }))).not.toThrow();
    const registered = { BOT_ID: '11111111-2222-4333-8444-555555555555', BOT_PASSWORD: 'x', BOT_TENANT_ID: '11111111-2222-4333-8444-555555555555', HOST: '0.0.0.0' };
    expect(() => assertProductionSafe(loadConfig(registered))).toThrow(/REPLY_TOKEN_SECRET/);
    expect(() => assertProductionSafe(loadConfig({ ...registered, REPLY_TOKEN_SECRET: 'a-real-secret-of-more-than-32-characters' }))).not.toThrow();
  });

  it('accepts councils\' registrations in the database instead of BOT_ID, and checks the environment registration\'s parts', () => {
    const secret = { REPLY_TOKEN_SECRET: 'a-real-secret-of-more-than-32-characters' };
    expect(() => assertProductionSafe(loadConfig(secret), { databaseRegistrations: 0 })).toThrow(/No bot registration/);
    expect(() => assertProductionSafe(loadConfig(secret), { databaseRegistrations: 2 })).not.toThrow();
    expect(() => assertProductionSafe(loadConfig({}), { databaseRegistrations: 2 })).toThrow(/REPLY_TOKEN_SECRET/);
    const env = { BOT_ID: '11111111-2222-4333-8444-555555555555', BOT_TENANT_ID: '11111111-2222-4333-8444-555555555555', ...secret };
    expect(() => assertProductionSafe(loadConfig({ ...env, BOT_PASSWORD_FILE: '/run/secrets/bot' }))).not.toThrow();
    expect(() => assertProductionSafe(loadConfig({ ...env, BOT_PASSWORD: 'x', BOT_PASSWORD_FILE: '/run/secrets/bot' }))).toThrow(/not both/);
    expect(() => assertProductionSafe(loadConfig({ ...secret, BOT_COUNCIL: 'HALTON' }), { databaseRegistrations: 1 })).toThrow(/BOT_COUNCIL/);
    // Dev mode is anonymous only without BOT_ID; with it, tokens are verified even if the opt-in is set.
    expect(isAnonymousMode(loadConfig({ ALLOW_ANONYMOUS_LOCAL: 'true' }))).toBe(true);
    expect(isAnonymousMode(loadConfig({ ...env, BOT_PASSWORD: 'x', ALLOW_ANONYMOUS_LOCAL: 'true' }))).toBe(false);
    expect(isAnonymousMode(loadConfig({}))).toBe(false);
  });

  it('defaults the Bot Framework endpoints to Microsoft\'s public cloud', () => {
    const c = loadConfig({});
    expect(c.BOT_OPENID_METADATA_URL).toBe('https://login.botframework.com/v1/.well-known/openidconfiguration');
    expect(c.BOT_TOKEN_ISSUER).toBe('https://api.botframework.com');
    expect(c.BOT_LOGIN_URL).toBe('https://login.microsoftonline.com');
    expect(c.BOT_OAUTH_SCOPE).toBe('https://api.botframework.com');
    expect(() => loadConfig({ BOT_OPENID_METADATA_URL: 'not a url' })).toThrow(ConfigError);
  });
});
