import { afterAll, beforeAll } from "vitest";

/**
 * Runs a file's expensive setup once. Vitest reports the tests of a file whose beforeAll threw as skipped;
 * an end-to-end test must fail instead, so the setup's error is rethrown by every test that asks for it.
 */
export function setupOnce<T>(setup: () => Promise<T>, teardown: (value: T) => Promise<void>): () => T {
  let value: T | undefined;
  let error: unknown;
  beforeAll(async () => {
    try {
      value = await setup();
    } catch (e) {
      error = e;
    }
  });
  afterAll(async () => {
    if (value !== undefined) await teardown(value);
  });
  return () => {
    if (error) throw error;
    return value as T;
  };
}
