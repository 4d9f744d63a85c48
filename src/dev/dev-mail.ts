/** The embedded dev mailbox's password when none is configured: dev mode and `dev-reply` agree on it. */
export const DEV_IMAP_PASSWORD = 'placement-desk-dev';
