/** How the overview shows its shares: a percentage with one decimal (the server's rounding), "—" when there is nothing to count. */
export const pct = (rate: number | null | undefined) => (rate === null || rate === undefined ? "—" : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`);
/** the tone of a share against a target of 100 % */
export const tone = (rate: number | null | undefined) => (rate === null || rate === undefined ? "none" : rate >= 0.98 ? "good" : rate >= 0.9 ? "fair" : "poor");
export const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
export const monthStart = (day: string) => `${day.slice(0, 8)}01`;
