import { type Client, LibsqlError, type InStatement, type Transaction, type TransactionMode } from "@libsql/client";

/**
 * Writes on an embedded file take turns within one process.
 *
 * libSQL's embedded driver runs each statement synchronously on one of a small pool of connections. A write that
 * meets another connection's open write transaction busy-waits inside that synchronous call, on the event loop the
 * transaction needs in order to reach its COMMIT: the two deadlock until the busy timeout fails the write with
 * SQLITE_BUSY. Worse, the driver does not reset a statement that failed, so its connection keeps an old read
 * snapshot from then on: every later transaction on it fails at BEGIN with SQLITE_BUSY_SNAPSHOT and its reads are
 * stale (seen as a 500 on sign-in and on every gateway call of one cluster instance, for good).
 *
 * So every write — a bare statement that is not a read, a batch, a transaction from BEGIN to its end — waits for
 * this process's one write turn. Reads never wait (WAL readers do not block). Separate processes on the same file
 * still coordinate through SQLite's own locks; should one of them hold the lock past the busy timeout, the failed
 * write's connections are reopened so that no connection keeps the stale snapshot.
 */
export function takeWriteTurns(client: Client, opts: { waitMs: number }): Client {
  let tail: Promise<void> = Promise.resolve();

  /** Resolves with the function that ends this turn, once every earlier turn has ended. */
  const turn = (): Promise<() => void> => {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const previous = tail;
    tail = previous.then(() => ended);
    return new Promise((resolve, reject) => {
      // code inside a transaction that writes through the client instead of its `tx` would wait forever: fail it
      const timer = setTimeout(() => {
        reject(new LibsqlError(`SQLITE_BUSY: no write turn within ${opts.waitMs} ms in this process`, "SQLITE_BUSY"));
        // our place in the queue still has to pass when it comes
        void previous.then(end);
      }, opts.waitMs);
      void previous.then(() => {
        clearTimeout(timer);
        resolve(once(end));
      });
    });
  };

  /** Runs one write in a turn; a busy failure (another process held the lock too long) reopens the connections. */
  const write = async <T>(run: () => Promise<T>): Promise<T> => {
    const end = await turn();
    try {
      return await run();
    } catch (err) {
      if ((err as { code?: string }).code === "SQLITE_BUSY") await client.reconnect();
      throw err;
    } finally {
      end();
    }
  };

  return new Proxy(client, {
    get(target, prop, receiver) {
      switch (prop) {
        case "execute":
          return (stmt: InStatement, args?: unknown) =>
            isRead(stmt) ? target.execute(stmt as never, args as never) : write(() => target.execute(stmt as never, args as never));
        case "batch":
          return (stmts: InStatement[], mode?: TransactionMode) => write(() => target.batch(stmts, mode));
        case "migrate":
          return (stmts: InStatement[]) => write(() => target.migrate(stmts));
        case "executeMultiple":
          return (sql: string) => write(() => target.executeMultiple(sql));
        case "transaction":
          return async (mode?: TransactionMode) => {
            const end = await turn();
            try {
              return endingTurn(await target.transaction(mode), end);
            } catch (err) {
              end();
              throw err;
            }
          };
        default: {
          const value = Reflect.get(target, prop, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        }
      }
    },
  });
}

/** A transaction whose commit, rollback or close also ends the write turn it holds. */
function endingTurn(tx: Transaction, end: () => void): Transaction {
  const ending = (name: "commit" | "rollback") => async () => {
    try {
      await tx[name]();
    } finally {
      end();
    }
  };
  return new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop === "commit" || prop === "rollback") return ending(prop);
      if (prop === "close")
        return () => {
          target.close();
          end();
        };
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const READ = /^\s*(select|with)\b/i;
const WRITE_WORD = /\b(insert|update|delete|replace|create|drop|alter)\b/i;

/** A statement that only reads: a SELECT (or WITH … SELECT) naming no write. Anything unsure counts as a write. */
export function isRead(stmt: InStatement): boolean {
  const text = typeof stmt === "string" ? stmt : stmt.sql;
  return READ.test(text) && !WRITE_WORD.test(text);
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
