/** Every gateway log line starts with `[gateway]` so it can be told apart in a shared journal. */
export type Logger = {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
};

const stamp = () => new Date().toISOString();

export const consoleLogger: Logger = {
  info: (m) => console.log(`[gateway] ${stamp()} ${m}`),
  warn: (m) => console.warn(`[gateway] ${stamp()} WARN ${m}`),
  error: (m) => console.error(`[gateway] ${stamp()} ERROR ${m}`),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** Shortens an error for a log line or a status reason. */
export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
