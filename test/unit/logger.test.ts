import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger('info', stream), lines };
}

describe('logger', () => {
  it('never writes the parameters of a failed database statement (they carry child data)', () => {
    const { log, lines } = capture();
    const err = new Error('Failed query: update "placement_requests" set "draft" = ?\nparams: {"child":{"childInitials":"JS","dateOfBirth":"2015-03-04"}}', {
      cause: new Error('disk I/O error'),
    });
    log.error({ err, staffId: 3 }, 'saving a request step failed');
    const out = lines.join('');
    expect(out).toContain('Failed query: update');
    expect(out).toContain('disk I/O error');
    expect(out).not.toContain('2015-03-04');
    expect(out).not.toContain('childInitials');
  });

  it('redacts fields that may hold child data or e-mail bodies', () => {
    const { log, lines } = capture();
    log.info({ request: { childInitials: 'JS', sectionB: 'needs' }, mail: { text: 'Dear …', html: '<p>' } }, 'something');
    const out = lines.join('');
    expect(out).not.toContain('"JS"');
    expect(out).not.toContain('needs');
    expect(out).not.toContain('Dear');
    expect(out).toContain('[redacted]');
  });
});
