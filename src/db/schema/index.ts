export * from './councils.js';
export * from './providers.js';
export * from './conversations.js';
export * from './audit.js';
export * from './placement-requests.js';
export * from './outbox.js';
export * from './appraisals.js';
