/** The e-mails the product sends, and what a failure of each is called in the audit log and in Teams. */
export const EMAIL_TEMPLATES = ['referral', 'reminder', 'award', 'not_selected', 'provider_answer'] as const;
export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number];

export const EMAIL_TEMPLATE_LABELS: Record<EmailTemplate, string> = {
  referral: 'referral',
  reminder: 'reminder',
  award: 'award letter',
  not_selected: '"not selected" letter',
  provider_answer: 'answer to the provider',
};

export const EMAIL_TEMPLATE_FAILURES: Record<EmailTemplate, string> = {
  referral: 'referral.failed',
  reminder: 'reminder.failed',
  award: 'award_letter.failed',
  not_selected: 'not_selected_letter.failed',
  provider_answer: 'provider_answer.failed',
};
