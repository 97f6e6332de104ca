/**
 * rtc-node logs through its own pino logger at debug level (JSON on stdout) unless NODE_ENV is
 * production. The gateway keeps only its warnings and errors and turns them into `[gateway]` lines:
 * the logger is rtc-node's internal dist/log.cjs (same module instance: the same file), its output stream
 * is swapped through pino's public `symbols.streamSym`. If those internals move, rtc-node logs as before.
 * GATEWAY_RTC_LOG_LEVEL (default warn) picks the level. Imported first by main.ts.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };

function formatLine(line: string): string {
  try {
    const entry = JSON.parse(line) as { level?: number; time?: number; msg?: string };
    const at = new Date(entry.time ?? Date.now()).toISOString();
    return `[gateway] ${at} ${LEVELS[entry.level ?? 30] ?? "INFO"} rtc-node: ${entry.msg ?? line.trim()}\n`;
  } catch {
    return `[gateway] rtc-node: ${line.trim()}\n`;
  }
}

try {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@livekit/rtc-node");
  const { log } = require(join(dirname(entry), "log.cjs")) as { log: { level: string } & Record<symbol, unknown> };
  const pino = createRequire(entry)("pino") as { symbols: { streamSym: symbol } };
  log.level = process.env.GATEWAY_RTC_LOG_LEVEL || "warn";
  log[pino.symbols.streamSym] = { write: (line: string) => process.stderr.write(formatLine(line)) };
} catch {
  process.env.NODE_ENV ??= "production";
}
