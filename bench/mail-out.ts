import type { Comparison, ComparisonBenchmark } from './harness.js';

export const mailOut: ComparisonBenchmark = {
  title: 'Mail out: the outbox vs a nodemailer pool',
  usesDatabase: true,
  run(): Promise<Comparison[]> {
    return Promise.resolve([]);
  },
};
