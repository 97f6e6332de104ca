/** Timings and counters of one room connection, read by the end-to-end tests and benchmarks (testHook.ts). */
export interface LiveMetrics {
  createdAt: number;
  tokenAt: number;
  connectedAt: number;
  /** camera id (track name) → when its track was first subscribed */
  subscribedAt: Record<string, number>;
  /** camera id → when its first frame was shown */
  firstFrameAt: Record<string, number>;
  subscriptions: number;
  reconnects: number;
  permissionRetries: number;
}

export const newMetrics = (): LiveMetrics => ({ createdAt: performance.now(), tokenAt: 0, connectedAt: 0, subscribedAt: {}, firstFrameAt: {}, subscriptions: 0, reconnects: 0, permissionRetries: 0 });
