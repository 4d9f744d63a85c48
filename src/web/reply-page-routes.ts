import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import helmet from 'helmet';
import { calendarDateOf, ENGLAND_TIME_ZONE, formatUkDate } from '../domain/calendar-date.js';
import type { ServiceDeps } from '../services/deps.js';
import { loadReplyPage } from '../services/reply-page/load-reply-page.js';
import { newFormNonce, submitReplyPage, type ResendReason } from '../services/reply-page/submit-reply-page.js';
import { closedPage, formPage, linkRefusedPage, messagePage, thanksPage } from './reply-page-html.js';
import { REPLY_PAGE_CSS } from './reply-page-style.js';

/**
 * The reply page's HTTP routes, mounted at /reply: GET shows the form for the referral the signed link
 * names, POST records an answer. Only these routes get the page's headers and limits; /api/messages is
 * untouched.
 *
 * Why it is safe without accounts:
 * - The link's token is the only credential (like the signed reply address of the e-mail). There is no
 *   cookie or session, so a forged cross-site form gains nothing a holder of the link does not already
 *   have (classic CSRF needs ambient credentials). Still, each form carries a signed one-time nonce (a form
 *   sent twice records once; a form open for more than 12 hours must be sent again), and a POST that the
 *   browser marks as coming from another site (Sec-Fetch-Site: cross-site or same-site) is refused. The
 *   Origin header cannot be used for this: under Referrer-Policy no-referrer browsers send "Origin: null"
 *   with every form post.
 * - Headers: a Content-Security-Policy that allows no script at all, styles only from here, forms only to
 *   here and no framing (frame-ancestors 'none', X-Frame-Options DENY); Referrer-Policy no-referrer, so
 *   the token in the address never leaves in a Referer; Cache-Control no-store, since the page shows a
 *   referral.
 * - Limits: per client address, 120 requests and 10 refused links in 10 minutes; per link, 20 answers an
 *   hour; a body of at most 64 KB. Counts are kept in memory per instance: with several instances each
 *   counts its own share, which still bounds guessing by many orders of magnitude below a 128-bit MAC.
 */

const WINDOW_MS = 10 * 60_000;
const REQUESTS_PER_WINDOW = 120;
const REFUSED_LINKS_PER_WINDOW = 10;
const ANSWERS_PER_HOUR = 20;
/** The form's text fields allow about 5,500 characters; a non-ASCII character is 9 bytes once form-encoded. */
export const BODY_LIMIT = '64kb';

const RESEND_NOTICES: Record<ResendReason, string> = {
  stale: 'This form was open for a long time, so it was not sent. Your answers are kept below: check them and send again.',
  unchecked: 'This form could not be checked, so it was not sent. Your answers are kept below: check them and send again from this page.',
  changed: 'You already sent this form, and we have that answer. Your changes are kept below: send them to replace it.',
  superseded: 'You sent this form before and have corrected your answer since, so it was not sent again. It is kept below: send it only if it should replace your latest answer.',
};

export function replyPageRouter(deps: ServiceDeps, opts: { afterCommit: () => void }): express.Router {
  const router = express.Router({ caseSensitive: true, strict: false });
  const product = deps.config.PRODUCT_NAME;
  const send = (res: Response, status: number, html: string) => res.status(status).type('html').send(html);
  const logger = { warn: (err: unknown, message?: string) => deps.log.warn({ err }, message ?? 'rate limiter'), error: (err: unknown, message?: string) => deps.log.error({ err }, message ?? 'rate limiter') };
  const tooMany = (req: Request, res: Response, _next: NextFunction, options: { windowMs: number }) => {
    deps.log.info({ status: 429, route: req.method }, 'reply page rate limit reached');
    res.set('retry-after', String(Math.ceil(options.windowMs / 1000)));
    send(res, 429, messagePage(product, 'Too many attempts', ['Please wait a few minutes and try again. Nothing was sent.']));
  };
  const byAddress = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');

  router.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  router.use((_req, res, next) => {
    res.set('cache-control', 'no-store');
    res.set('x-robots-tag', 'noindex, nofollow');
    next();
  });
  router.use(rateLimit({ windowMs: WINDOW_MS, limit: REQUESTS_PER_WINDOW, keyGenerator: byAddress, handler: tooMany, standardHeaders: 'draft-7', legacyHeaders: false, validate: false, logger }));
  // Only refused links count here: someone trying tokens is stopped after a few, a provider never is.
  router.use(
    rateLimit({
      windowMs: WINDOW_MS,
      limit: REFUSED_LINKS_PER_WINDOW,
      keyGenerator: (req) => `refused:${byAddress(req)}`,
      skipSuccessfulRequests: true,
      requestWasSuccessful: (_req, res) => res.locals.linkRefused !== true,
      handler: tooMany,
      standardHeaders: false,
      legacyHeaders: false,
      validate: false,
      logger,
    }),
  );

  router.get('/page.css', (_req, res) => {
    res.set('cache-control', 'public, max-age=86400').type('css').send(REPLY_PAGE_CSS);
  });

  const refused = (res: Response) => {
    res.locals.linkRefused = true;
    send(res, 404, linkRefusedPage(product));
  };

  router.get('/:token', async (req, res) => {
    const token = req.params.token;
    const loaded = (await loadReplyPage(deps, token));
    if (loaded.state === 'refused') return refused(res);
    if (loaded.state === 'closed') return send(res, 410, closedPage(loaded.page, { why: loaded.why }));
    const previous = loaded.previous;
    send(
      res,
      200,
      formPage(loaded.page, {
        nonce: newFormNonce(deps, loaded.referral.id),
        values: previous?.values ?? {},
        correction: previous !== undefined,
        notice: previous ? `You sent an answer on ${sentAt(previous.receivedAt)}. It is shown below: change what you need and send it again to replace it.` : undefined,
      }),
    );
  });

  router.post(
    '/:token',
    (req, res, next) => {
      // A form posted from another site's page is refused before it is read (Fetch Metadata; absent in old browsers).
      const site = req.get('sec-fetch-site');
      if (site === 'cross-site' || site === 'same-site') {
        deps.log.info({ status: 403, reason: 'cross-site form' }, 'reply page refused');
        return send(res, 403, messagePage(product, 'This form must be sent from its own page', ['Open the link in the referral e-mail and send your answer from there. Nothing was sent.']));
      }
      if (!req.is('application/x-www-form-urlencoded')) {
        return send(res, 415, messagePage(product, 'This page only accepts its own form', ['Open the link in the referral e-mail and send your answer from the page. Nothing was sent.']));
      }
      next();
    },
    rateLimit({ windowMs: 3600_000, limit: ANSWERS_PER_HOUR, keyGenerator: (req) => `answers:${String(req.params.token ?? '')}`, handler: tooMany, standardHeaders: false, legacyHeaders: false, validate: false, logger }),
    express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 60 }),
    async (req, res) => {
      const token = String(req.params.token);
      const result = (await submitReplyPage(deps, { token, body: req.body, afterCommit: opts.afterCommit }));
      switch (result.outcome) {
        case 'refused':
          return refused(res);
        case 'closed':
          return send(res, 410, closedPage(result.page, { why: result.why, values: result.values }));
        case 'invalid':
          return send(
            res,
            422,
            formPage(result.open.page, {
              nonce: result.nonce,
              values: result.values,
              errors: result.errors,
              correction: result.open.previous !== undefined,
              notice: result.resend ? RESEND_NOTICES[result.resend] : undefined,
            }),
          );
        case 'recorded':
        case 'duplicate':
          return send(res, 200, thanksPage(result.open.page, { answers: result.answers, correction: result.correction, changeLink: token }));
      }
    },
  );

  router.all('/:token', (_req, res) => {
    res.set('allow', 'GET, POST');
    send(res, 405, messagePage(product, 'Not allowed', ['Open the link in the referral e-mail to see the reply page.']));
  });
  router.all('/', (_req, res) => send(res, 404, linkRefusedPage(product)));

  router.use(((err, req, res, _next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    // Never the path: it holds the link's token.
    if (status === 500) deps.log.error({ err, method: req.method }, 'reply page failed');
    else deps.log.info({ status, reason: typeof err?.type === 'string' ? err.type : undefined }, 'reply page refused');
    if (res.headersSent) return;
    if (status === 413) return send(res, 413, messagePage(product, 'Your answer is too long to send', [`The form can carry at most ${BODY_LIMIT.replace('kb', ' KB')}. Shorten the longest answers, or reply to the referral e-mail instead. Nothing was sent.`]));
    if (status === 415) return send(res, 415, messagePage(product, 'This page only accepts its own form', ['Send your answer from the page. Nothing was sent.']));
    if (status !== 500) return send(res, 400, messagePage(product, 'The form could not be read', ['Open the link in the referral e-mail and send your answer again. Nothing was sent.']));
    send(res, 500, messagePage(product, 'Something went wrong', ['Your answer was not recorded. Please try again in a few minutes, or reply to the referral e-mail.']));
  }) as express.ErrorRequestHandler);
  return router;
}

/** 'Monday 30 November 2026 at 11:00', in England's time. */
function sentAt(iso: string): string {
  const at = new Date(iso);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: ENGLAND_TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
  return `${formatUkDate(calendarDateOf(at), { weekday: true })} at ${time}`;
}
