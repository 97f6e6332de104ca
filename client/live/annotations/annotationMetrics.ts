/** Milliseconds since the epoch with sub-millisecond resolution (both browsers of a benchmark share the clock). */
export const clock = () => performance.timeOrigin + performance.now();

/** Bench/e2e measurements, kept only when the page runs under the test flag (testHook.ts). */
export interface AnnotMetrics {
  /** receiver: for every stroke point drawn, its render time minus the time its batch left the sender */
  strokeLatencies: number[];
  /** sender: stroke points handed to LiveKit, and those it refused (not connected) */
  strokePointsSent: number;
  strokePointsUnsent: number;
  /** sender: stroke.progress packets dropped on purpose (`__MCLL_DROP_LOSSY__`, a share: the benchmark's lossy network) */
  strokePacketsDropped: number;
}

/** Under the test flag, the share of lossy stroke packets to drop as a lossy network would (0 otherwise). */
export function lossyDropRate(): number {
  const w = globalThis as { __MCLL_TEST__?: boolean; __MCLL_DROP_LOSSY__?: number };
  return w.__MCLL_TEST__ && typeof w.__MCLL_DROP_LOSSY__ === "number" ? w.__MCLL_DROP_LOSSY__ : 0;
}

export function testMetrics(): AnnotMetrics | null {
  const w = globalThis as { __MCLL_TEST__?: boolean; __annot?: AnnotMetrics };
  if (!w.__MCLL_TEST__) return null;
  return (w.__annot ??= { strokeLatencies: [], strokePointsSent: 0, strokePointsUnsent: 0, strokePacketsDropped: 0 });
}
