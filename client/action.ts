import { createSignal } from "solid-js";

/**
 * One form's submit: busy while the call runs, and the error to show — the form's own check (see
 * validate.ts) or the server's answer. run() resolves to whether the call went through.
 */
export function createAction() {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();

  async function run(call: () => Promise<void>, invalid?: unknown): Promise<boolean> {
    setError(undefined);
    if (invalid) {
      setError(invalid);
      return false;
    }
    setBusy(true);
    try {
      await call();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, setError, run };
}
