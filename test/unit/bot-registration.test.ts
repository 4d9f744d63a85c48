import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSecretLocation, validateRegistration } from '../../src/domain/bot-registration.js';
import { createSecretReader } from '../../src/services/councils/secrets.js';

describe('bot registration fields', () => {
  it('lower-cases GUIDs and reports every problem at once', () => {
    const ok = validateRegistration(
      { tenantId: ' 9188040D-6C67-4C5B-B112-36A304B66DAD ', appId: '3F2504E0-4F89-41D3-9A0C-0305E82C3301', secretEnv: 'HALTON_BOT_SECRET' },
      { tenantId: true, appId: true, secret: true },
    );
    expect(ok).toEqual({
      problems: [],
      tenantId: '9188040d-6c67-4c5b-b112-36a304b66dad',
      appId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      secret: { source: 'env', ref: 'HALTON_BOT_SECRET' },
    });
    const bad = validateRegistration({ tenantId: 'halton', appId: '' }, { tenantId: true, appId: true, secret: true });
    expect(bad.problems.map((p) => p.field)).toEqual(['tenant', 'app-id', 'secret']);
  });

  it('wants exactly one secret location: a variable name or an absolute path', () => {
    expect(parseSecretLocation({ secretFile: '/run/secrets/halton-bot' })).toEqual({ ok: true, source: 'file', ref: '/run/secrets/halton-bot' });
    expect(parseSecretLocation({ secretEnv: '1ST' })).toMatchObject({ ok: false });
    expect(parseSecretLocation({ secretFile: './secret' })).toMatchObject({ ok: false, message: expect.stringContaining('absolute') });
    expect(parseSecretLocation({ secretEnv: 'A', secretFile: '/b' })).toMatchObject({ ok: false, message: expect.stringContaining('not both') });
    expect(parseSecretLocation({})).toMatchObject({ ok: false });
  });
});

describe('secret reader', () => {
  it('reads the file again on every call (rotation), and says what is wrong without the value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'placement-desk-secret-'));
    try {
      const file = join(dir, 'secret');
      const env: NodeJS.ProcessEnv = {};
      const reader = createSecretReader({ BOT_PASSWORD: 'from-config' }, env);
      expect(reader.read({ source: 'file', ref: file })).toEqual({ ok: false, problem: 'missing_file' });
      writeFileSync(file, 'first\n');
      expect(reader.read({ source: 'file', ref: file })).toEqual({ ok: true, secret: 'first' });
      writeFileSync(file, 'second');
      expect(reader.read({ source: 'file', ref: file })).toEqual({ ok: true, secret: 'second' });
      writeFileSync(file, '  \n');
      expect(reader.read({ source: 'file', ref: file })).toEqual({ ok: false, problem: 'empty' });
      expect(reader.read({ source: 'file', ref: dir })).toEqual({ ok: false, problem: 'unreadable' });
      expect(reader.read({ source: 'env', ref: 'HALTON' })).toEqual({ ok: false, problem: 'not_set' });
      env.HALTON = 'now-set';
      expect(reader.read({ source: 'env', ref: 'HALTON' })).toEqual({ ok: true, secret: 'now-set' });
      expect(reader.read({ source: 'config', ref: 'BOT_PASSWORD' })).toEqual({ ok: true, secret: 'from-config' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
