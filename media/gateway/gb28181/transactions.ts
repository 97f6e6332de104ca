import type { Peer } from "./registry.ts";
import { cseq, header, type SipRequest, type SipResponse, serializeSip, uriUser } from "./sip-message.ts";

export class GbError extends Error {}

interface Pending {
  resolve: (r: SipResponse) => void;
  reject: (e: Error) => void;
  retransmit: NodeJS.Timeout | null;
  timeout: NodeJS.Timeout;
}

/**
 * The platform's client transactions (RFC 3261 §17.1): a request is retransmitted over UDP (timer A/E, from
 * 500 ms doubling to 4 s) until a response comes, and fails after `timeoutMs`. A provisional response stops
 * the retransmissions; the final one settles the transaction. Matched by Call-ID, CSeq number and method.
 */
export class SipTransactions {
  private pending = new Map<string, Pending>();

  constructor(
    private readonly send: (peer: Peer, data: Buffer) => boolean,
    private readonly timeoutMs: number,
  ) {}

  transact(peer: Peer, req: SipRequest): Promise<SipResponse> {
    const data = serializeSip(req);
    const { seq, method } = cseq(req);
    const key = `${header(req, "Call-ID")}|${seq}|${method}`;
    return new Promise<SipResponse>((resolve, reject) => {
      const p: Pending = {
        resolve,
        reject,
        retransmit: null,
        timeout: setTimeout(() => {
          if (p.retransmit) clearTimeout(p.retransmit);
          this.pending.delete(key);
          reject(new GbError(`${method} to ${uriUser(req.uri)} unanswered after ${this.timeoutMs / 1000} s`));
        }, this.timeoutMs),
      };
      this.pending.set(key, p);
      if (!this.send(peer, data)) {
        clearTimeout(p.timeout);
        this.pending.delete(key);
        return reject(new GbError("the device's TCP connection is gone"));
      }
      if (peer.transport !== "udp") return;
      let interval = 500;
      const again = () => {
        this.send(peer, data);
        interval = Math.min(interval * 2, 4000);
        p.retransmit = setTimeout(again, interval);
      };
      p.retransmit = setTimeout(again, interval);
    });
  }

  /** A response: true when it belonged to a transaction of ours. */
  response(res: SipResponse): boolean {
    const { seq, method } = cseq(res);
    const key = `${header(res, "Call-ID")}|${seq}|${method}`;
    const p = this.pending.get(key);
    if (!p) return false;
    if (p.retransmit) clearTimeout(p.retransmit);
    p.retransmit = null;
    // provisional: the device is working on it; keep waiting for the final response
    if (res.status < 200) return true;
    this.pending.delete(key);
    clearTimeout(p.timeout);
    p.resolve(res);
    return true;
  }

  rejectAll(reason: string): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timeout);
      if (p.retransmit) clearTimeout(p.retransmit);
      p.reject(new GbError(reason));
    }
    this.pending.clear();
  }
}
