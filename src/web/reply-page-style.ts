/**
 * The reply page's only stylesheet, served from the page's own origin (the Content-Security-Policy allows
 * no inline style and no other origin). Mobile first; colours meet WCAG 2.2 AA contrast on white (text
 * #0b0c0c 19.8:1, hints #484949 9.2:1, links #1d4f91 8.6:1, errors #b3261e 6.5:1, white on the button's
 * #00703c 6.1:1) and every focusable thing gets a visible yellow-and-black focus style.
 */
export const REPLY_PAGE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: Arial, Helvetica, sans-serif; font-size: 1rem; line-height: 1.5; color: #0b0c0c; background: #ffffff; }
.width { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
.skip-link { position: absolute; left: -9999px; top: 0; padding: 0.5rem 1rem; background: #ffdd00; color: #0b0c0c; }
.skip-link:focus { left: 0; }
.masthead { background: #0b0c0c; color: #ffffff; padding: 0.75rem 0; border-bottom: 0.5rem solid #1d4f91; }
.masthead .product { font-weight: bold; font-size: 1.125rem; }
main { display: block; padding: 1.5rem 1rem 2rem; }
main:focus { outline: none; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 1rem; }
h2 { font-size: 1.375rem; line-height: 1.25; margin: 2rem 0 0.75rem; }
p { margin: 0 0 1rem; }
.lead { font-size: 1.125rem; }
a { color: #1d4f91; text-decoration: underline; text-underline-offset: 0.15em; }
a:hover { color: #0b0c0c; }
a:focus { outline: 3px solid transparent; background: #ffdd00; color: #0b0c0c; box-shadow: 0 -2px #ffdd00, 0 4px #0b0c0c; text-decoration: none; }
.summary { margin: 0 0 1.5rem; border-top: 1px solid #b1b4b6; }
.summary div { padding: 0.5rem 0; border-bottom: 1px solid #b1b4b6; }
.summary dt { font-weight: bold; }
.summary dd { margin: 0; overflow-wrap: anywhere; }
.notice { border-left: 0.375rem solid #1d4f91; background: #eef3f9; padding: 0.75rem 1rem; margin: 0 0 1.5rem; }
.panel { background: #00703c; color: #ffffff; padding: 1.25rem; margin: 0 0 1.5rem; }
.panel h1 { margin: 0; }
.error-summary { border: 0.3rem solid #b3261e; padding: 1rem; margin: 0 0 1.5rem; }
.error-summary:focus { outline: 3px solid #ffdd00; outline-offset: 0; }
.error-summary h2 { margin-top: 0; }
.error-summary ul { margin: 0; padding-left: 1.25rem; }
.error-summary a { color: #b3261e; font-weight: bold; }
.field { margin: 0 0 1.5rem; padding: 0; border: 0; min-width: 0; }
.field--error { border-left: 0.3rem solid #b3261e; padding-left: 0.9rem; }
legend, .label { display: block; font-weight: bold; font-size: 1.125rem; margin: 0 0 0.25rem; padding: 0; }
.hint { color: #484949; margin: 0 0 0.5rem; }
.error-message { color: #b3261e; font-weight: bold; margin: 0 0 0.5rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: 0; padding: 0; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
.input, .textarea { display: block; width: 100%; font: inherit; font-size: 1.1875rem; padding: 0.35rem 0.5rem; border: 2px solid #0b0c0c; border-radius: 0; background: #ffffff; color: #0b0c0c; min-height: 2.75rem; }
.input--short { max-width: 12rem; }
.field--error .input, .field--error .textarea { border-color: #b3261e; }
.input:focus, .textarea:focus { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: inset 0 0 0 2px #0b0c0c; }
.textarea { min-height: 6rem; resize: vertical; }
.money { display: flex; align-items: stretch; max-width: 14rem; }
.money span { display: flex; align-items: center; padding: 0 0.6rem; border: 2px solid #0b0c0c; border-right: 0; background: #f3f2f1; font-size: 1.1875rem; }
.radios { display: flex; flex-direction: column; gap: 0.5rem; }
.radio { display: flex; align-items: center; gap: 0.6rem; min-height: 2.75rem; }
.radio input { width: 1.75rem; height: 1.75rem; margin: 0; accent-color: #0b0c0c; flex: none; }
.radio input:focus { outline: 3px solid #ffdd00; outline-offset: 2px; }
.radio label { font-size: 1.125rem; cursor: pointer; }
.addon { display: grid; grid-template-columns: 1fr; gap: 0.25rem; margin: 0 0 1rem; }
.section { border-top: 2px solid #0b0c0c; padding-top: 0.25rem; }
.button { display: inline-block; font: inherit; font-size: 1.1875rem; font-weight: bold; color: #ffffff; background: #00703c; border: 2px solid transparent; border-radius: 0; box-shadow: 0 2px 0 #002d18; padding: 0.6rem 1.2rem; cursor: pointer; min-height: 2.75rem; margin: 0.5rem 0 1.5rem; }
.button:hover { background: #005a30; }
.button:focus { outline: 3px solid transparent; color: #0b0c0c; background: #ffdd00; box-shadow: 0 2px 0 #0b0c0c; }
.answers { white-space: pre-wrap; overflow-wrap: anywhere; background: #f3f2f1; padding: 1rem; font: inherit; margin: 0 0 1.5rem; }
.footer { color: #484949; font-size: 0.875rem; padding-bottom: 2rem; }
@media (min-width: 40rem) {
  body { font-size: 1.1875rem; }
  h1 { font-size: 2.25rem; }
  .summary div { display: grid; grid-template-columns: 14rem 1fr; gap: 1rem; }
  .addon { grid-template-columns: 1fr 12rem; align-items: end; }
}
@media (forced-colors: active) { .button, .panel { border: 2px solid CanvasText; } }
`.trim();
