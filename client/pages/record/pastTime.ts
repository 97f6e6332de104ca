/**
 * A past time typed into a `datetime-local` field, read as China time (the recordings' clock, whatever the
 * browser's zone), and back: "2026-12-05T14:30" ⇄ epoch ms. NaN for an empty or malformed value.
 */
const CST_OFFSET_MS = 8 * 3_600_000;
export const chinaLocalToMs = (value: string) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value) ? Date.parse(`${value.length === 16 ? `${value}:00` : value}+08:00`) : Number.NaN);
export const msToChinaLocal = (ms: number) => new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 19);
