/**
 * npm run seed                                  demo data into DATABASE_URL (default ./data/mcll.db), if empty
 * npm run seed -- --scale province [--canteens N] [--db file:./data/province.db]
 *                                               the synthetic province dataset (≥ 20,000 canteens) for benchmarks
 */
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { migrateDatabase, openDatabase } from "../client.ts";
import { demoAiCameraPhoto, isEmpty, seedDemo } from "./demo.ts";
import { loadConfig } from "../../server/config.ts";
import { seedProvince } from "./province.ts";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "demo" },
    db: { type: "string" },
    canteens: { type: "string", default: "20000" },
    fresh: { type: "boolean", default: false },
  },
});

const province = values.scale === "province";
if (!province && values.scale !== "demo") throw new Error(`--scale must be demo or province, not ${values.scale}`);
const url = values.db ?? (province ? "file:./data/province.db" : (process.env.DATABASE_URL ?? "file:./data/mcll.db"));
if (values.fresh && url.startsWith("file:")) for (const ext of ["", "-wal", "-shm"]) rmSync(url.slice(5) + ext, { force: true });

const database = openDatabase({ url, authToken: process.env.DATABASE_AUTH_TOKEN });
await migrateDatabase(database);
if (!(await isEmpty(database.db))) {
  console.log(`${url} already holds data; nothing seeded (use --fresh to start over)`);
} else {
  const started = performance.now();
  const result = province ? await seedProvince(database.db, { canteens: Number(values.canteens), districtsPerCity: 10 }) : await seedDemo(database.db, undefined, { aiCameraPhoto: demoAiCameraPhoto(loadConfig(process.env)) });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`seeded ${values.scale} data into ${url} in ${seconds} s:`, JSON.stringify({ ...result, demoGateway: undefined }));
}
database.close();
