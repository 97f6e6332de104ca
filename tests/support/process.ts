import { type ChildProcess, spawn } from "node:child_process";

/** A port the OS says is free right now (the one helper, shared with the dev LiveKit). */
export { freePort } from "../../media/livekit/dev-server.ts";

/** Starts a process and resolves once its output matches `ready` (rejects if it exits or times out first). */
export function startProcess(cmd: string, args: string[], opts: { env?: Record<string, string | undefined>; ready: RegExp; timeoutMs?: number; cwd?: string }) {
  const child = spawn(cmd, args, { env: { ...process.env, ...opts.env }, cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const ready = new Promise<ChildProcess>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} not ready after ${opts.timeoutMs ?? 60_000} ms:\n${output}`)), opts.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (opts.ready.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited with ${code} before it was ready:\n${output}`));
    });
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { child, ready, stop, output: () => output };
}
