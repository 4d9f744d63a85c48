import type { FeeBenchmark } from '../../domain/fee-benchmark.js';
import { text, type CardElement } from './card.js';

/** The regional fee benchmark beside an offer's figures; nothing when the request has no lot or need yet. */
export function feeBenchmarkBlock(benchmark: FeeBenchmark | null | undefined, note?: string): CardElement[] {
  if (!benchmark) return [];
  return [
    {
      type: 'Container',
      style: benchmark.status === 'ok' ? 'emphasis' : 'default',
      spacing: 'Small',
      items: [text(`Regional fee benchmark: ${benchmark.text}`, { size: 'Small' }), ...(note ? [text(note, { size: 'Small', isSubtle: true, spacing: 'None' })] : [])],
    },
  ];
}
