import { createClient } from "@libsql/client";
const c = createClient({ url: `file:${process.argv[2]}` });
const s = process.argv[3];
console.log((await c.execute("explain query plan " + s)).rows.map((r) => r[3]).join(" | "));
const t0 = performance.now(); for (let i = 0; i < 10; i++) await c.execute(s); console.log(((performance.now() - t0) / 10).toFixed(2), "ms");
