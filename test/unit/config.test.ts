import { describe, expect, it } from 'vitest';
import { assertProductionSafe, ConfigError, loadConfig } from '../../src/config.js';

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
});
