/** An Adaptive Card as JSON. Services carry cards built by the Teams layer without depending on it. */
export type AdaptiveCardJson = Record<string, unknown>;
