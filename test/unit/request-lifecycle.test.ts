import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import {
  actionsOpenTo,
  checkAction,
  LIFECYCLE,
  lifecycleMarkdownTable,
  REQUEST_ACTIONS,
  REQUEST_STATUSES,
  requireAction,
  type RequestAction,
  type RequestStatus,
} from '../../src/domain/request-lifecycle.js';

/** The rules written out by hand, independently of the module: status → the actions allowed and where each leads. */
const EXPECTED: Record<RequestStatus, Partial<Record<RequestAction, RequestStatus>>> = {
  draft: { edit_draft: 'draft', cancel_draft: 'cancelled', submit: 'submitted' },
  submitted: { start_appraisal: 'appraisal' },
  appraisal: { answer_appraisal: 'appraisal', ask_for_confirmation: 'appraisal', confirm_fps_call_off: 'referrals', confirm_other_route: 'closed' },
  referrals: { revise_appraisal: 'appraisal', prepare_shortlist: 'referrals', send_referrals: 'responses' },
  responses: { record_reply: 'responses', confirm_offer: 'responses', mark_reply_as_query: 'responses', answer_provider: 'responses', extend_responses: 'responses', close_responses: 'evaluation', view_offers: 'responses' },
  evaluation: { record_reply: 'evaluation', confirm_offer: 'evaluation', mark_reply_as_query: 'evaluation', answer_provider: 'evaluation', view_offers: 'evaluation', mark_quality: 'evaluation', propose_award: 'awaiting_approval' },
  awaiting_approval: {
    record_reply: 'awaiting_approval', confirm_offer: 'awaiting_approval', mark_reply_as_query: 'awaiting_approval', answer_provider: 'awaiting_approval', view_offers: 'awaiting_approval',
    approve_award: 'placed', reject_award: 'evaluation', ask_for_information: 'evaluation',
  },
  placed: { record_reply: 'placed', mark_reply_as_query: 'placed', answer_provider: 'placed', view_offers: 'placed' },
  closed: { revise_appraisal: 'appraisal' },
  cancelled: {},
};

describe('the request lifecycle', () => {
  const pairs = REQUEST_STATUSES.flatMap((status) => REQUEST_ACTIONS.map((action) => [status, action] as const));

  it.each(pairs)('%s × %s: allowed exactly when the rules say, leading where they say', (status, action) => {
    const request = { reference: 'PR-2026-0001', status };
    const expected = EXPECTED[status][action];
    const check = checkAction(request, action);
    if (expected === undefined) {
      expect(check.allowed).toBe(false);
      if (check.allowed) return;
      expect(check.message).toMatch(/^Request PR-2026-0001 is .+, so you cannot .+ now\./);
      const error = (() => {
        try {
          requireAction(request, action);
        } catch (err) {
          return err;
        }
      })();
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('ACTION_NOT_ALLOWED');
      expect((error as AppError).userMessage).toBe(check.message);
    } else {
      expect(check).toEqual({ allowed: true, next: expected });
      expect(requireAction(request, action)).toBe(expected);
    }
  });

  it('covers every status, and every status but cancelled has something to do', () => {
    expect(Object.keys(LIFECYCLE).sort()).toEqual([...REQUEST_STATUSES].sort());
    for (const status of REQUEST_STATUSES) expect(actionsOpenTo(status).length > 0, status).toBe(status !== 'cancelled');
  });

  it('a refusal names the state and what can be done instead', () => {
    const check = checkAction({ reference: 'PR-2026-0007', status: 'referrals' }, 'view_offers');
    expect(check).toEqual({
      allowed: false,
      message:
        'Request PR-2026-0007 is waiting for referrals to be sent, so you cannot compare the offers now. You can now: revise the options appraisal; prepare the shortlist; send referrals.',
    });
    const placed = checkAction({ reference: 'PR-2026-0007', status: 'cancelled' }, 'submit');
    expect(placed.allowed || placed.message).toBe('Request PR-2026-0007 is cancelled, so you cannot submit the request now. Nothing more can be done with it.');
  });

  it('every state can be reached from a draft, and placed, closed and cancelled are where requests end up', () => {
    const reached = new Set<RequestStatus>(['draft']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const status of [...reached]) for (const next of Object.values(LIFECYCLE[status])) if (!reached.has(next)) (reached.add(next), (grew = true));
    }
    expect([...reached].sort()).toEqual([...REQUEST_STATUSES].sort());
  });

  it('the README shows the table generated from the module', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = /<!-- lifecycle:start -->\n([\s\S]*?)\n<!-- lifecycle:end -->/.exec(readme)?.[1];
    expect(section, 'README lifecycle section (npm run docs)').toBe(lifecycleMarkdownTable());
  });
});
