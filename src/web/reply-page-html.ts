import { escapeHtml } from '../mail/outbound/layout.js';
import { ADD_ONS, OTHER_ADD_ON_ROWS, TEXT_LIMITS, replyPageText, type FormField, type FormValues, type ReplyPageAnswers } from '../domain/reply-page-answers.js';
import type { ClosedWhy, ReplyPageReferral } from '../services/reply-page/load-reply-page.js';

/**
 * The reply page's HTML: plain server-rendered pages with no script at all, so it works with JavaScript
 * off and under a Content-Security-Policy that allows none. Every field has a label; a field's hint and
 * error are tied to it with aria-describedby, and an error summary at the top links to each field. Every
 * piece of text reaches the page through `escapeHtml`.
 */

/**
 * Addresses are relative to the page (/reply/<token>), so the page works wherever a reverse proxy mounts
 * it; the form has no action, so it posts back to the link it was opened with.
 */
export const STYLESHEET_PATH = 'page.css';

const h = escapeHtml;

interface Layout {
  title: string;
  productName: string;
  councilName?: string;
  hasErrors?: boolean;
}

function page(layout: Layout, main: string): string {
  const title = `${layout.hasErrors ? 'Error: ' : ''}${layout.title} – ${layout.productName}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex, nofollow">',
    `<title>${h(title)}</title>`,
    `<link rel="stylesheet" href="${STYLESHEET_PATH}">`,
    '</head>',
    '<body>',
    '<a class="skip-link" href="#main">Skip to main content</a>',
    `<header class="masthead"><div class="width"><span class="product">${h(layout.productName)}</span>${layout.councilName ? ` <span class="council">for ${h(layout.councilName)}</span>` : ''}</div></header>`,
    `<main id="main" class="width" tabindex="-1">`,
    main,
    '</main>',
    `<footer class="width footer"><p>This page is for the provider a referral was sent to. It asks for no login and sets no cookies.</p></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const FIELD_LABELS: Record<FormField, string> = {
  canMeetNeeds: 'Can you meet the needs in Section F?',
  needsReason: 'Why not, or how you would meet them',
  placeAvailable: 'Do you have a place for this young person?',
  startDate: 'Earliest start date',
  weeklyFee: 'Core weekly fee',
  weeksPerYear: 'Weeks a year the fee is charged for',
  addOnOneToOne: '1:1 staffing',
  addOnTwoToOne: '2:1 staffing',
  addOnSpeech: 'Speech and language therapy',
  addOnOccupational: 'Occupational therapy',
  addOnNursing: 'Nursing',
  addOnTransport: 'Transport',
  otherAddOn1Label: 'Other additional cost 1: what it is for',
  otherAddOn1Cost: 'Other additional cost 1: cost',
  otherAddOn2Label: 'Other additional cost 2: what it is for',
  otherAddOn2Cost: 'Other additional cost 2: cost',
  conditions: 'Conditions of your offer',
  questions: 'Questions or comments',
  respondentName: 'Your name',
};

/** The order fields appear on the page, for the error summary. */
const FIELD_ORDER = Object.keys(FIELD_LABELS) as FormField[];

const id = (field: string) => `f-${field}`;

interface FieldContext {
  values: FormValues;
  errors: Partial<Record<FormField, string>>;
}

function describedBy(field: FormField, hint: boolean, ctx: FieldContext): string {
  const ids = [hint ? `${id(field)}-hint` : '', ctx.errors[field] ? `${id(field)}-error` : ''].filter(Boolean);
  return ids.length ? ` aria-describedby="${ids.join(' ')}"` : '';
}

function hintAndError(field: FormField, hint: string | undefined, ctx: FieldContext): string {
  return [
    hint ? `<p class="hint" id="${id(field)}-hint">${h(hint)}</p>` : '',
    ctx.errors[field] ? `<p class="error-message" id="${id(field)}-error"><span class="visually-hidden">Error:</span> ${h(ctx.errors[field]!)}</p>` : '',
  ].join('');
}

function fieldClass(field: FormField, ctx: FieldContext): string {
  return ctx.errors[field] ? 'field field--error' : 'field';
}

function invalid(field: FormField, ctx: FieldContext): string {
  return ctx.errors[field] ? ' aria-invalid="true"' : '';
}

function textInput(field: FormField, ctx: FieldContext, opts: { label?: string; hint?: string; short?: boolean; money?: boolean; type?: string; inputmode?: string; autocomplete?: string; maxlength?: number }): string {
  const input =
    `<input class="input${opts.short ? ' input--short' : ''}" id="${id(field)}" name="${field}" type="${opts.type ?? 'text'}"` +
    `${opts.inputmode ? ` inputmode="${opts.inputmode}"` : ''} autocomplete="${opts.autocomplete ?? 'off'}"${opts.maxlength ? ` maxlength="${opts.maxlength}"` : ''}` +
    ` spellcheck="false" value="${h(ctx.values[field] ?? '')}"${describedBy(field, !!opts.hint, ctx)}${invalid(field, ctx)}>`;
  return [
    `<div class="${fieldClass(field, ctx)}">`,
    `<label class="label" for="${id(field)}">${h(opts.label ?? FIELD_LABELS[field])}</label>`,
    hintAndError(field, opts.hint, ctx),
    opts.money ? `<div class="money"><span aria-hidden="true">£</span>${input}</div>` : input,
    '</div>',
  ].join('\n');
}

function textArea(field: FormField & keyof typeof TEXT_LIMITS, ctx: FieldContext, hint: string): string {
  return [
    `<div class="${fieldClass(field, ctx)}">`,
    `<label class="label" for="${id(field)}">${h(FIELD_LABELS[field])}</label>`,
    hintAndError(field, hint, ctx),
    `<textarea class="textarea" id="${id(field)}" name="${field}" rows="4"${describedBy(field, true, ctx)}${invalid(field, ctx)}>${h(ctx.values[field] ?? '')}</textarea>`,
    '</div>',
  ].join('\n');
}

function radios(field: FormField, ctx: FieldContext, choices: ReadonlyArray<readonly [value: string, label: string]>, hint?: string): string {
  const current = ctx.values[field] ?? '';
  return [
    `<fieldset class="${fieldClass(field, ctx)}"${describedBy(field, !!hint, ctx)}>`,
    `<legend>${h(FIELD_LABELS[field])}</legend>`,
    hintAndError(field, hint, ctx),
    '<div class="radios">',
    ...choices.map(([value, label], i) => {
      const inputId = i === 0 ? id(field) : `${id(field)}-${value}`;
      return `<div class="radio"><input id="${inputId}" name="${field}" type="radio" value="${h(value)}"${current === value ? ' checked' : ''}${invalid(field, ctx)}><label for="${inputId}">${h(label)}</label></div>`;
    }),
    '</div>',
    '</fieldset>',
  ].join('\n');
}

function referralSummary(p: ReplyPageReferral): string {
  const rows: Array<[string, string]> = [
    ['Reference', p.requestReference],
    ['Initials', p.childInitials],
    ['Age at start', p.ageAndYear],
    ['Needs', p.needs],
    ['Lot', p.lot],
    ['Required start date', p.requiredStartDate],
    ['Home area (postcode district)', p.postcodeDistrict],
    ['Reply by', p.closesAt],
  ];
  return `<dl class="summary">\n${rows.map(([k, v]) => `<div><dt>${h(k)}</dt><dd>${h(v)}</dd></div>`).join('\n')}\n</dl>`;
}

function contactSentence(p: ReplyPageReferral): string {
  const who = p.officerEmail ? `${h(p.officerName)} at <a href="mailto:${h(p.officerEmail)}">${h(p.officerEmail)}</a>` : h(p.officerName);
  return `e-mail ${who}, or reply to the referral e-mail, quoting ${h(p.requestReference)}`;
}

export interface FormPageOptions {
  nonce: string;
  values: FormValues;
  errors?: Partial<Record<FormField, string>>;
  /** A line above the form: why it is shown again, or that an answer was already sent. */
  notice?: string;
  correction: boolean;
}

export function formPage(p: ReplyPageReferral, opts: FormPageOptions): string {
  const ctx: FieldContext = { values: opts.values, errors: opts.errors ?? {} };
  const errorFields = FIELD_ORDER.filter((f) => ctx.errors[f]);
  const parts: string[] = [];
  if (errorFields.length) {
    parts.push(
      '<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>',
      '<h2 id="error-summary-title">There is a problem</h2>',
      '<ul>',
      ...errorFields.map((f) => `<li><a href="#${id(f)}">${h(ctx.errors[f]!)}</a></li>`),
      '</ul>',
      '</div>',
    );
  }
  if (opts.notice) parts.push(`<div class="notice" role="status"><p>${h(opts.notice)}</p></div>`);
  const addOnRows = ADD_ONS.map((a) =>
    textInput(a.key, ctx, { label: `${a.label} (£ a week)`, money: true, inputmode: 'decimal', short: true }),
  );
  const otherRows = Array.from({ length: OTHER_ADD_ON_ROWS }, (_, i) => {
    const n = i + 1;
    return [
      textInput(`otherAddOn${n}Label` as FormField, ctx, { maxlength: TEXT_LIMITS.otherAddOnLabel }),
      textInput(`otherAddOn${n}Cost` as FormField, ctx, { label: `Other additional cost ${n}: cost (£ a week)`, money: true, inputmode: 'decimal', short: true }),
    ].join('\n');
  });
  parts.push(
    `<h1>Reply to referral ${h(p.requestReference)}</h1>`,
    `<p class="lead">${h(p.councilName)} would like to know whether ${h(p.providerName)} can meet the needs of the young person below. Please answer by ${h(p.closesAt)}.</p>`,
    referralSummary(p),
    '<p>The summaries of the EHC plan (Sections B, E and F) are in the referral e-mail. The young person is not named on this page.</p>',
    '<form method="post" novalidate>',
    `<input type="hidden" name="nonce" value="${h(opts.nonce)}">`,
    '<h2 class="section">Needs</h2>',
    radios('canMeetNeeds', ctx, [['yes', 'Yes, we can meet the needs'], ['no', 'No, we cannot meet the needs'], ['question', 'Not yet: I have a question first']]),
    textArea('needsReason', ctx, 'Needed if you cannot meet the needs.'),
    '<h2 class="section">Your offer</h2>',
    '<p class="hint">Answer these if you can meet the needs.</p>',
    radios('placeAvailable', ctx, [['yes', 'Yes, we have a place'], ['no', 'No, we have no place']]),
    // A date typed where the browser had no date picker is shown back as typed, not dropped by a date input.
    textInput('startDate', ctx, { type: !opts.values.startDate || /^\d{4}-\d{2}-\d{2}$/.test(opts.values.startDate) ? 'date' : 'text', hint: 'For example 07/09/2027.', short: true }),
    textInput('weeklyFee', ctx, { hint: 'The fee per week before additional costs, for example 3450.', money: true, inputmode: 'decimal', short: true }),
    radios('weeksPerYear', ctx, [['38', '38 weeks a year'], ['52', '52 weeks a year']]),
    '<fieldset class="field">',
    '<legend>Additional costs per week</legend>',
    '<p class="hint">Only what you charge on top of the core fee; leave the rest empty.</p>',
    ...addOnRows,
    ...otherRows,
    '</fieldset>',
    '<h2 class="section">Anything else</h2>',
    textArea('conditions', ctx, 'For example: subject to a visit, or to an assessment.'),
    textArea('questions', ctx, 'The placements officer will answer by e-mail.'),
    textInput('respondentName', ctx, { hint: 'So the council knows who answered.', autocomplete: 'name', maxlength: TEXT_LIMITS.respondentName }),
    `<button class="button" type="submit">${opts.correction ? 'Send my correction' : 'Send my answer'}</button>`,
    '</form>',
    `<p>You can change your answer on this page until ${h(p.closesAt)}: sending it again replaces what you sent before.</p>`,
    `<p>Prefer e-mail? Reply to the referral e-mail, keeping ${h(p.requestReference)} in the subject.</p>`,
  );
  return page({ title: `Reply to referral ${p.requestReference}`, productName: p.productName, councilName: p.councilName, hasErrors: errorFields.length > 0 }, parts.join('\n'));
}

export function thanksPage(p: ReplyPageReferral, opts: { answers: ReplyPageAnswers; correction: boolean; changeLink: string }): string {
  const heading = opts.correction ? 'Your correction has been sent' : 'Thank you: your answer has been sent';
  return page(
    { title: heading, productName: p.productName, councilName: p.councilName },
    [
      `<div class="panel" role="status"><h1>${h(heading)}</h1></div>`,
      `<p>${h(p.councilName)} has your answer to referral ${h(p.requestReference)}${opts.correction ? '; it replaces the one you sent before' : ''}. A placements officer will look at it and may e-mail you with questions.</p>`,
      '<h2>What you sent</h2>',
      `<pre class="answers">${h(replyPageText(opts.answers, { correction: opts.correction }))}</pre>`,
      `<p>You can <a href="${h(opts.changeLink)}">change your answer</a> until ${h(p.closesAt)}, with this page or the link in the referral e-mail.</p>`,
    ].join('\n'),
  );
}

export function closedPage(p: ReplyPageReferral, opts: { why: ClosedWhy; values?: FormValues }): string {
  const heading = `Replies to referral ${p.requestReference} are closed`;
  const entered = FIELD_ORDER.filter((f) => opts.values?.[f]).map((f) => `${FIELD_LABELS[f]}: ${opts.values![f]}`);
  return page(
    { title: heading, productName: p.productName, councilName: p.councilName },
    [
      `<h1>${h(heading)}</h1>`,
      opts.why === 'deadline'
        ? `<p>Answers on this page closed at ${h(p.closesAt)}, the deadline for this referral.</p>`
        : opts.why === 'closed'
          ? `<p>${h(p.councilName)} has closed responses to this referral, so answers can no longer be sent on this page.</p>`
          : `<p>${h(p.councilName)} is no longer taking answers to this referral on this page.</p>`,
      `<p>To reply now or to ask about it, ${contactSentence(p)}.</p>`,
      ...(entered.length
        ? ['<h2>What you entered</h2>', '<p>Nothing was sent. You can copy your answer into your e-mail:</p>', `<pre class="answers">${h(entered.join('\n'))}</pre>`]
        : []),
    ].join('\n'),
  );
}

/** One answer for every link we cannot honour (tampered, expired, unknown): nothing says which. */
export function linkRefusedPage(productName: string): string {
  return messagePage(productName, 'This link does not work', [
    'The link may have been copied incompletely, or it is no longer valid. Nothing was sent.',
    'If you received a referral, reply to the referral e-mail instead, keeping its reference in the subject.',
  ]);
}

export function messagePage(productName: string, title: string, paragraphs: readonly string[]): string {
  return page({ title, productName }, [`<h1>${h(title)}</h1>`, ...paragraphs.map((t) => `<p>${h(t)}</p>`)].join('\n'));
}
