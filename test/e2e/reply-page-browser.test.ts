import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerReplies } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { accessibilityProblems, launchBrowser, openPage, screenshot, VIEWPORTS } from '../support/browser.js';
import { cardText, TEAM, type Driver } from '../support/driver.js';
import { callOffWithReferralsSent, mailTo, replyPageLinkIn } from '../support/reply-page.js';

/**
 * A provider answers a real referral in a real browser: the link comes from the e-mail the test SMTP
 * server received, the page runs with JavaScript switched off (it has none, and must not need any), one
 * answer is wrong and corrected from the error summary with the keyboard, and the answer reaches the
 * request's thread in Teams (the fake connector records the post).
 */

let browser: Browser;
let d: Driver;
const clock = fixedClock('2026-11-26T10:00:00Z');

beforeAll(async () => {
  browser = await launchBrowser();
  d = await callOffWithReferralsSent(clock);
}, 60_000);
afterAll(async () => {
  await d?.stop();
  await browser?.close();
});

describe('the reply page in Chromium', () => {
  it('a provider opens the link from the referral e-mail, corrects a mistake, sends the answer, and it reaches the thread', { timeout: 60_000 }, async () => {
    const link = replyPageLinkIn(mailTo(d, 'admissions@larkfield.example.org'));
    const page = await openPage(browser, { ...VIEWPORTS.desktop, javaScriptEnabled: false });
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) blocked.push(m.text());
    });

    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    await expect.poll(() => page.title()).toBe('Reply to referral PR-2026-0001 – Placement Desk');
    const summary = await page.locator('dl.summary').innerText();
    expect(summary).toContain('J.S.'.replace(/\./g, ''));
    expect(summary).toContain('WA7');
    expect(summary).not.toContain('EHC-1001'); // the council's case reference stays with the council
    expect(await page.content()).not.toContain('2015'); // nor the date of birth
    await screenshot(page, 'reply-page/desktop-form');

    // Filled in the way a person does, by the labels they read.
    await page.getByLabel('Yes, we can meet the needs').check();
    await page.getByLabel('Yes, we have a place').check();
    await page.getByLabel('Earliest start date').fill('2027-09-07');
    await page.getByLabel('Core weekly fee').fill('three and a half thousand');
    await page.getByLabel('38 weeks a year').check();
    await page.getByLabel('1:1 staffing (£ a week)').fill('450');
    await page.getByLabel('Conditions of your offer').fill('Subject to a visit by the family.');
    await page.getByLabel('Your name').fill('Jo Admissions');
    await page.getByRole('button', { name: 'Send my answer' }).click();

    // Refused with the reason next to the field and in the summary, which has the focus; nothing else is lost.
    await page.waitForSelector('.error-summary');
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.locator('.error-summary').innerText()).toContain('Give the core weekly fee in pounds');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    const fee = page.getByLabel('Core weekly fee');
    expect(await fee.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await fee.getAttribute('aria-describedby'))!.split(' ');
    expect(describedBy).toContain('f-weeklyFee-error');
    expect(await page.locator(`#${describedBy.find((x) => x.endsWith('-error'))}`).innerText()).toContain('Give the core weekly fee in pounds');
    expect(await fee.inputValue()).toBe('three and a half thousand');
    expect(await page.getByLabel('Your name').inputValue()).toBe('Jo Admissions');
    expect(await page.getByLabel('Earliest start date').inputValue()).toBe('2027-09-07');
    expect(await page.getByLabel('Yes, we have a place').isChecked()).toBe(true);
    expect((await d.db.select().from(providerReplies))).toHaveLength(0);
    await screenshot(page, 'reply-page/desktop-error');

    // The summary's link takes the keyboard to the field; Enter in the field sends the form.
    await page.locator('.error-summary a').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-weeklyFee');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('3450');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.panel');
    expect(await page.locator('h1').innerText()).toBe('Thank you: your answer has been sent');
    expect(await page.locator('.answers').innerText()).toContain('Weekly fee: £3,450, charged for 38 weeks a year.');
    await screenshot(page, 'reply-page/desktop-sent');
    expect(blocked).toEqual([]);

    // The answer is in the request's thread, said to have come from the reply page, with its exact figures
    // (delivered as soon as it was recorded, or at the latest by this settle).
    await d.settle();
    const posted = d.connector.sent;
    const threadCard = d.cardsIn(posted.filter((p) => p.conversationId.startsWith(`${TEAM.id};messageid=`))).find((c) => cardText(c).includes('Larkfield School'));
    expect(threadCard).toBeTruthy();
    const text = cardText(threadCard);
    expect(text).toContain('Offer of a place from Larkfield School');
    expect(text).toContain('Submitted by the provider on the reply page.');
    expect(text).toContain('£3,450');
    expect(text).toContain('Submitted on the reply page: weekly fee £3,450');
    const toCaseworker = posted.filter((p) => p.conversationId === d.personalConversation(d.people.caseworker));
    expect(d.textsIn(toCaseworker)).toContainEqual(expect.stringContaining('Larkfield School replied to request PR-2026-0001: an offer of a place'));
  });

  it('works on a phone: the correction form fits the screen, with what was sent filled in', { timeout: 60_000 }, async () => {
    const link = replyPageLinkIn(mailTo(d, 'admissions@larkfield.example.org'));
    const page = await openPage(browser, VIEWPORTS.phone);
    await page.goto(link);
    expect(await page.getByLabel('Core weekly fee').inputValue()).toBe('3450');
    expect(await page.getByRole('button', { name: 'Send my correction' }).isVisible()).toBe(true);
    const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, screen: window.innerWidth }));
    expect(widths.content).toBeLessThanOrEqual(widths.screen);
    // Touch targets: radios and the button are at least 44 CSS pixels tall (WCAG 2.5.5 target size).
    const heights = await page.evaluate(() => [...document.querySelectorAll('.radio, .button, .input')].map((e) => e.getBoundingClientRect().height));
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);
    await screenshot(page, 'reply-page/phone-correction-top', { fullPage: false });
    await page.getByLabel('Core weekly fee').scrollIntoViewIfNeeded();
    await screenshot(page, 'reply-page/phone-correction-fee', { fullPage: false });
  });

  // Last: it moves the clock past the deadline.
  it('every page a provider can see passes axe (WCAG 2.2 AA): the form, its errors, the thanks, the correction, closed, a broken link', { timeout: 90_000 }, async () => {
    // Moorside has not answered yet, so its page starts empty.
    const link = replyPageLinkIn(mailTo(d, 'referrals@moorside.example.org'));
    const page = await openPage(browser, { ...VIEWPORTS.desktop, bypassCSP: true });
    const checked: string[] = [];
    const check = async (name: string) => {
      expect(await accessibilityProblems(page), name).toEqual([]);
      checked.push(name);
    };

    await page.goto(link);
    await check('empty form');
    await page.getByLabel('Yes, we can meet the needs').check();
    await page.getByLabel('Yes, we have a place').check();
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.waitForSelector('.error-summary');
    expect(await page.locator('.error-summary li').count()).toBe(4); // start date, fee, weeks, name
    await check('form with errors');
    await page.getByLabel('Earliest start date').fill('2027-09-07');
    await page.getByLabel('Core weekly fee').fill('3300');
    await page.getByLabel('52 weeks a year').check();
    await page.getByLabel('Your name').fill('Sam Moorside');
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.waitForSelector('.panel');
    await check('thanks');
    await page.getByRole('link', { name: 'change your answer' }).click();
    await page.waitForSelector('text=Send my correction');
    await check('correction form');
    clock.set('2026-12-11T09:00:00Z');
    expect((await page.goto(link))?.status()).toBe(410);
    await check('closed');
    expect((await page.goto(link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))))?.status()).toBe(404);
    await check('broken link');

    expect(checked).toEqual(['empty form', 'form with errors', 'thanks', 'correction form', 'closed', 'broken link']);
  });
});
