import { existsSync, readFileSync } from "node:fs";

/** Linux USER_HZ: the clock ticks of /proc/<pid>/stat per second. */
export const CLK_TCK = 100;

/** utime + stime of a process in clock ticks (0 once it is gone). */
export function cpuTicks(pid: number): number {
  const path = `/proc/${pid}/stat`;
  if (!existsSync(path)) return 0;
  const stat = readFileSync(path, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}
