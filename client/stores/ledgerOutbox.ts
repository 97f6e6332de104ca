import { createSignal } from "solid-js";
import { ApiError } from "../api.ts";
import { createLedgerEntry, type NewLedgerEntry } from "../api/ledgers.ts";

/**
 * The phone's outbox of ledger entries (issue 14, item 5): every entry is kept in IndexedDB, with its photos
 * (base64 in the body) and its idempotency key, before it is sent; it leaves the outbox once the server has
 * answered it (recorded, or refused with a 4xx the staff must see). With no network it waits, and goes out when
 * the browser is back online — exactly once, since the server answers a repeated key with the first entry.
 */
const DB_NAME = "mcll-ledgers";
const STORE = "outbox";

const [waiting, setWaiting] = createSignal(0);
const [rejected, setRejected] = createSignal<Array<{ key: string; error: ApiError }>>([]);
/** how many entries this page has sent: lists reload when it moves */
const [sent, setSent] = createSignal(0);
export { rejected, sent, waiting };

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: "idempotencyKey" });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  return new Promise<T>((resolve, reject) => {
    const r = run(db.transaction(STORE, mode).objectStore(STORE));
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  }).finally(() => db.close());
}

const all = () => tx<NewLedgerEntry[]>("readonly", (s) => s.getAll() as IDBRequest<NewLedgerEntry[]>);
const remove = (key: string) => tx("readwrite", (s) => s.delete(key));
async function recount() {
  setWaiting((await all()).length);
}

/** a fresh key for a new entry (kept with it until the server has it) */
export const newIdempotencyKey = () => `led-${crypto.randomUUID().replace(/-/g, "")}`;

let flushing: Promise<void> | null = null;
/** Sends what waits, oldest first; stops at the first network failure. */
export function flushOutbox(): Promise<void> {
  flushing ??= (async () => {
    try {
      for (const entry of await all()) {
        try {
          await createLedgerEntry(entry);
          await remove(entry.idempotencyKey);
          setSent((n) => n + 1);
        } catch (error) {
          const retry = !(error instanceof ApiError) || error.status === 0 || error.status === 401 || error.status === 429 || error.status >= 500;
          if (retry) break;
          await remove(entry.idempotencyKey);
          setRejected((r) => [...r, { key: entry.idempotencyKey, error }]);
        }
      }
    } finally {
      flushing = null;
      await recount();
    }
  })();
  return flushing;
}

/**
 * Keeps the entry, then tries to send everything that waits: "sent", or "waiting" (no network); a refusal of
 * this entry (4xx) is thrown with the server's message, and the entry is not kept.
 */
export async function submitLedgerEntry(entry: NewLedgerEntry): Promise<"sent" | "waiting"> {
  await tx("readwrite", (s) => s.put(entry));
  await recount();
  if (flushing) await flushing;
  await flushOutbox();
  const refusal = rejected().find((r) => r.key === entry.idempotencyKey);
  if (refusal) {
    dismissRejected(refusal.key);
    throw refusal.error;
  }
  return (await tx("readonly", (s) => s.count(entry.idempotencyKey))) > 0 ? "waiting" : "sent";
}

export const dismissRejected = (key: string) => setRejected((r) => r.filter((x) => x.key !== key));

let listening = false;
/** Starts watching the network (once): back online, the outbox is sent. */
export function watchOutbox() {
  if (!listening && typeof window !== "undefined") {
    listening = true;
    window.addEventListener("online", () => void flushOutbox());
  }
  void recount().then(() => flushOutbox());
}
