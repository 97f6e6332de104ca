import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import type { Logger } from "../log.ts";
import { errorText } from "../log.ts";
import { challenge, makeNonce, verifyDigest } from "./digest.ts";
import { type CatalogItem, catalogQuery, ManscdpError, MANSCDP_TYPE, parseManscdp } from "./manscdp.ts";
import { DeviceRegistry, type Peer } from "./registry.ts";
import { RtpReceiver } from "./rtp-receiver.ts";
import { answerProblem, buildPlayOffer, liveSsrc, parsePlayAnswer, SdpError } from "./sdp.ts";
import {
  cseq,
  header,
  headerParam,
  MissingHeaderError,
  parseSip,
  REASONS,
  responseTo,
  serializeSip,
  type SipHeaders,
  type SipRequest,
  type SipResponse,
  uriUser,
} from "./sip-message.ts";
import { SipTransport } from "./transport.ts";

export interface GbPlatformOptions {
  /** the platform's 20-digit SIP id (devices are configured with it as their "SIP server id") */
  platformId: string;
  /** the SIP domain / digest realm (devices' "SIP domain"; by convention the id's first 10 digits) */
  realm: string;
  /** the address devices reach this gateway at: Via, Contact and the SDP's c= line */
  advertisedHost: string;
  /** where to listen (SIP and RTP) */
  bindHost: string;
  /** SIP port, UDP and TCP (0: any free port, for tests) */
  sipPort: number;
  /** the keep-alive interval the devices are configured with; offline after `missedKeepalives` of them */
  keepaliveMs: number;
  missedKeepalives?: number;
  /** a request to a device unanswered for this long fails */
  transactionTimeoutMs?: number;
  /** a catalog not complete after this long is taken as it is */
  catalogTimeoutMs?: number;
  log: Logger;
}

export type GbPlatformEvents = {
  device: [{ deviceId: string; online: boolean; reason?: string }];
  catalog: [{ deviceId: string; channels: CatalogItem[] }];
  /** a REGISTER refused: unknown device or wrong password */
  rejected: [{ deviceId: string | null; reason: string }];
  /** an INVITE is on its way (measurements: INVITE → first frame) */
  invite: [{ deviceId: string; channelId: string; rtpPort: number }];
};

export class GbError extends Error {}

/** A live stream being received: `close` sends BYE and frees the port. */
export interface PlaySession {
  deviceId: string;
  channelId: string;
  rtpPort: number;
  close(): void;
}

interface Pending {
  resolve: (r: SipResponse) => void;
  reject: (e: Error) => void;
  retransmit: NodeJS.Timeout | null;
  timeout: NodeJS.Timeout;
}

interface Session extends PlaySession {
  callId: string;
  peer: Peer;
  fromTag: string;
  toHeader: string;
  cseq: number;
  receiver: RtpReceiver;
  onEnd: (reason: string) => void;
}

const token = (bytes = 8) => randomBytes(bytes).toString("hex");
const DEFAULT_EXPIRES_S = 3600;
const NONCE_MAX_AGE_MS = 5 * 60_000;

/**
 * The platform side (SIP server) of GB/T 28181-2016 for the school's cameras and NVRs: registration with
 * digest authentication, keep-alives, the catalog of channels, live video by INVITE (PS over RTP/UDP), BYE.
 * Devices and passwords come from the API (`setDevices`); a device not listed is refused. Nothing a device
 * sends can throw out of here: malformed messages are answered 400 (or dropped when unanswerable).
 */
export class GbPlatform extends EventEmitter<GbPlatformEvents> {
  private readonly transport: SipTransport;
  private readonly registry: DeviceRegistry;
  private passwords = new Map<string, string>();
  private pending = new Map<string, Pending>();
  private sessions = new Map<string, Session>();
  private catalogs = new Map<string, { items: Map<string, CatalogItem>; sumNum: number; done: () => void }>();
  private channels = new Map<string, CatalogItem[]>();
  /** why each device last went offline (the camera's offline reason while it stays away) */
  private offlineReasons = new Map<string, string>();
  private readonly secret = token(16);
  private sn = 1;
  private cseqCounter = 1;
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: GbPlatformOptions) {
    super();
    this.registry = new DeviceRegistry(o.keepaliveMs, o.missedKeepalives ?? 3);
    this.transport = new SipTransport({
      host: o.bindHost,
      port: o.sipPort,
      log: o.log,
      onMessage: (data, peer) => this.receive(data, peer),
      onConnectionClosed: (connection) => {
        for (const off of this.registry.connectionClosed(connection)) this.wentOffline(off.deviceId, off.reason);
      },
    });
  }

  get sipPort(): number {
    return this.transport.port;
  }

  async start(): Promise<void> {
    await this.transport.start();
    // often enough to notice 3 missed keep-alives within a quarter interval
    this.sweepTimer = setInterval(() => this.sweep(), Math.max(100, Math.min(1000, this.o.keepaliveMs / 4)));
    this.o.log.info(`GB/T 28181 platform ${this.o.platformId}@${this.o.realm} listening on ${this.o.bindHost}:${this.sipPort} (UDP and TCP), devices reach it at ${this.o.advertisedHost}`);
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const s of [...this.sessions.values()]) this.endSession(s, "gateway stopping", true);
    for (const p of this.pending.values()) {
      clearTimeout(p.timeout);
      if (p.retransmit) clearTimeout(p.retransmit);
      p.reject(new GbError("gateway stopping"));
    }
    this.pending.clear();
    await this.transport.stop();
  }

  /** The devices the school added (from the API): id → password. A device removed is dropped at once. */
  setDevices(devices: readonly { deviceId: string; password: string }[]): void {
    this.passwords = new Map(devices.map((d) => [d.deviceId, d.password]));
    for (const id of this.registry.ids()) {
      if (this.passwords.has(id)) continue;
      this.registry.remove(id);
      this.wentOffline(id, "device removed from the configuration");
    }
  }

  isOnline(deviceId: string): boolean {
    return this.registry.get(deviceId) !== undefined;
  }

  /** The channels of the last catalog a device answered. */
  channelsOf(deviceId: string): CatalogItem[] | undefined {
    return this.channels.get(deviceId);
  }

  // ── incoming ────────────────────────────────────────────────────────────────────────────────────────

  private receive(data: Buffer, peer: Peer): void {
    // RFC 5626 keep-alive (CRLF) over UDP: nothing to do
    if (data.length <= 4 && data.toString("latin1").trim() === "") return;
    let msg;
    try {
      msg = parseSip(data);
    } catch (err) {
      const from = `${peer.address}:${peer.port}`;
      if (err instanceof MissingHeaderError && err.partial.kind === "request" && header(err.partial, "Via")) {
        this.o.log.warn(`GB/T 28181: malformed SIP from ${from} (${err.message}): answered 400`);
        this.transport.send(peer, serializeSip(this.badRequest(err.partial, err.message)));
      } else this.o.log.warn(`GB/T 28181: unparseable SIP from ${from} dropped: ${errorText(err)}`);
      return;
    }
    try {
      if (msg.kind === "response") this.onResponse(msg);
      else this.onRequest(msg, peer);
    } catch (err) {
      this.o.log.error(`GB/T 28181: handling ${msg.kind === "request" ? msg.method : msg.status} from ${peer.address}:${peer.port} failed: ${errorText(err)}`);
      if (msg.kind === "request" && msg.method !== "ACK") this.reply(peer, responseTo(msg, 500));
    }
  }

  /** A 400 built from whatever headers the broken request has. */
  private badRequest(req: SipRequest, why: string): SipResponse {
    const headers: SipHeaders = req.headers.filter(([n]) => ["Via", "From", "To", "Call-ID", "CSeq"].includes(n));
    headers.push(["Warning", `399 gateway "${why.replace(/"/g, "'").slice(0, 100)}"`]);
    return { kind: "response", status: 400, reason: REASONS[400], headers, body: Buffer.alloc(0) };
  }

  private reply(peer: Peer, res: SipResponse): void {
    this.transport.send(peer, serializeSip(res));
  }

  private onRequest(req: SipRequest, peer: Peer): void {
    switch (req.method) {
      case "ACK":
        return;
      case "REGISTER":
        return this.onRegister(req, peer);
      case "MESSAGE":
        return this.onMessage(req, peer);
      case "BYE": {
        const s = this.sessions.get(header(req, "Call-ID")!);
        this.reply(peer, responseTo(req, s ? 200 : 481));
        if (s) this.endSession(s, "the device ended the stream (BYE)", false);
        return;
      }
      case "OPTIONS":
        return this.reply(peer, responseTo(req, 200, [["Allow", "REGISTER, MESSAGE, INVITE, ACK, BYE, OPTIONS"]]));
      default:
        return this.reply(peer, responseTo(req, 405, [["Allow", "REGISTER, MESSAGE, INVITE, ACK, BYE, OPTIONS"]]));
    }
  }

  private onRegister(req: SipRequest, peer: Peer): void {
    const deviceId = uriUser(header(req, "From")!) ?? uriUser(header(req, "To")!);
    const password = deviceId ? this.passwords.get(deviceId) : undefined;
    if (!deviceId || password === undefined) {
      const reason = deviceId ? `unknown device ${deviceId} (not added to this canteen)` : "REGISTER without a device id";
      this.o.log.warn(`GB/T 28181: REGISTER from ${peer.address}:${peer.port} refused: ${reason}`);
      this.emit("rejected", { deviceId, reason });
      return this.reply(peer, responseTo(req, 403, [], Buffer.alloc(0), token(4)));
    }
    const now = Date.now();
    const verdict = verifyDigest(header(req, "Authorization"), { method: "REGISTER", username: deviceId, realm: this.o.realm, password, secret: this.secret, now, nonceMaxAgeMs: NONCE_MAX_AGE_MS });
    if (!verdict.ok) {
      // the first REGISTER has no credentials: that is the normal challenge, not worth a warning
      if (verdict.reason !== "no credentials") {
        this.o.log.warn(`GB/T 28181: REGISTER of ${deviceId} from ${peer.address}:${peer.port} refused: ${verdict.reason}`);
        if (!verdict.stale) this.emit("rejected", { deviceId, reason: verdict.reason });
      }
      return this.reply(peer, responseTo(req, 401, [["WWW-Authenticate", challenge(this.o.realm, makeNonce(this.secret, now), verdict.stale)]], Buffer.alloc(0), token(4)));
    }
    const expiresText = header(req, "Expires") ?? headerParam(header(req, "Contact") ?? "", "expires");
    const expires = expiresText && /^\d{1,9}$/.test(expiresText) ? Number(expiresText) : DEFAULT_EXPIRES_S;
    // GB/T 28181 §9.10: the device sets its clock from the Date of the 200 (local time, ms precision)
    const date = new Date(now + 8 * 3600_000).toISOString().slice(0, 23);
    this.reply(peer, responseTo(req, 200, [["Date", date], ["Expires", String(expires)], ...(header(req, "Contact") ? ([["Contact", header(req, "Contact")!]] as SipHeaders) : [])], Buffer.alloc(0), token(4)));
    if (expires === 0) {
      if (this.registry.remove(deviceId)) this.wentOffline(deviceId, "the device unregistered");
      return;
    }
    if (this.registry.register(deviceId, peer, expires, now)) {
      this.offlineReasons.delete(deviceId);
      this.o.log.info(`GB/T 28181: device ${deviceId} registered over ${peer.transport.toUpperCase()} from ${peer.address}:${peer.port}`);
      this.emit("device", { deviceId, online: true });
      // ask what it has: an NVR's channels become cameras the school can add
      this.catalog(deviceId).catch((err) => this.o.log.warn(`GB/T 28181: catalog of ${deviceId}: ${errorText(err)}`));
    }
  }

  private onMessage(req: SipRequest, peer: Peer): void {
    const deviceId = uriUser(header(req, "From")!);
    let body;
    try {
      body = parseManscdp(req.body);
    } catch (err) {
      this.o.log.warn(`GB/T 28181: MESSAGE from ${deviceId ?? "?"} with a bad body: ${errorText(err)}`);
      return this.reply(peer, this.badRequest(req, err instanceof ManscdpError ? err.message : "bad MANSCDP body"));
    }
    // an unregistered device must register first (it re-registers on a 403, §9.6)
    if (!deviceId || !this.registry.seen(deviceId, peer, Date.now())) return this.reply(peer, responseTo(req, 403));
    this.reply(peer, responseTo(req, 200));
    if (body.type === "catalog") {
      const pending = this.catalogs.get(`${deviceId}|${body.sn}`);
      if (!pending) return;
      for (const item of body.items) pending.items.set(item.deviceId, item);
      pending.sumNum = Number.isNaN(pending.sumNum) ? body.sumNum : Math.max(pending.sumNum, body.sumNum);
      if (pending.items.size >= pending.sumNum) pending.done();
    }
  }

  private onResponse(res: SipResponse): void {
    const { seq, method } = cseq(res);
    const callId = header(res, "Call-ID")!;
    const p = this.pending.get(`${callId}|${seq}|${method}`);
    if (!p) {
      // a retransmitted 200 to an INVITE whose ACK was lost: ACK again
      const s = this.sessions.get(callId);
      if (s && method === "INVITE" && res.status === 200) this.sendAck(s, seq);
      return;
    }
    if (res.status < 200) {
      // provisional: the device is working on it; stop retransmitting, keep waiting
      if (p.retransmit) clearTimeout(p.retransmit);
      p.retransmit = null;
      return;
    }
    this.pending.delete(`${callId}|${seq}|${method}`);
    clearTimeout(p.timeout);
    if (p.retransmit) clearTimeout(p.retransmit);
    p.resolve(res);
  }

  // ── outgoing ────────────────────────────────────────────────────────────────────────────────────────

  private newRequest(method: string, peer: Peer, o: { target: string; toUser: string; callId: string; fromTag: string; toTag?: string; seq: number; headers?: SipHeaders; body?: Buffer }): SipRequest {
    return {
      kind: "request",
      method,
      uri: `sip:${o.target}@${peer.address}:${peer.port}`,
      headers: [
        ["Via", `SIP/2.0/${peer.transport.toUpperCase()} ${this.o.advertisedHost}:${this.sipPort};rport;branch=z9hG4bK${token(6)}`],
        ["From", `<sip:${this.o.platformId}@${this.o.realm}>;tag=${o.fromTag}`],
        ["To", o.toTag ? `<sip:${o.toUser}@${this.o.realm}>;tag=${o.toTag}` : `<sip:${o.toUser}@${this.o.realm}>`],
        ["Call-ID", o.callId],
        ["CSeq", `${o.seq} ${method}`],
        ["Max-Forwards", "70"],
        ["User-Agent", "mingchu-liangzao-gateway"],
        ...(o.headers ?? []),
      ],
      body: o.body ?? Buffer.alloc(0),
    };
  }

  /** A client transaction: retransmitted over UDP (RFC 3261 timer A/E, from 500 ms doubling), failed after the timeout. */
  private transact(peer: Peer, req: SipRequest): Promise<SipResponse> {
    const data = serializeSip(req);
    const { seq, method } = cseq(req);
    const key = `${header(req, "Call-ID")}|${seq}|${method}`;
    return new Promise<SipResponse>((resolve, reject) => {
      const timeoutMs = this.o.transactionTimeoutMs ?? 8000;
      const p: Pending = {
        resolve,
        reject,
        retransmit: null,
        timeout: setTimeout(() => {
          if (p.retransmit) clearTimeout(p.retransmit);
          this.pending.delete(key);
          reject(new GbError(`${method} to ${uriUser(req.uri)} unanswered after ${timeoutMs / 1000} s`));
        }, timeoutMs),
      };
      this.pending.set(key, p);
      if (!this.transport.send(peer, data)) {
        clearTimeout(p.timeout);
        this.pending.delete(key);
        return reject(new GbError(`the device's TCP connection is gone`));
      }
      if (peer.transport === "udp") {
        let interval = 500;
        const again = () => {
          this.transport.send(peer, data);
          interval = Math.min(interval * 2, 4000);
          p.retransmit = setTimeout(again, interval);
        };
        p.retransmit = setTimeout(again, interval);
      }
    });
  }

  private deviceOrThrow(deviceId: string) {
    const d = this.registry.get(deviceId);
    if (!d) {
      if (!this.passwords.has(deviceId)) throw new GbError(`GB/T 28181 device ${deviceId} is not configured on this gateway`);
      throw new GbError(`GB/T 28181 device ${deviceId} offline: ${this.offlineReasons.get(deviceId) ?? "not registered yet"}`);
    }
    return d;
  }

  /** Asks a device for its catalog (all pages, §A.2.4.3); resolves with its channels. */
  async catalog(deviceId: string): Promise<CatalogItem[]> {
    const device = this.deviceOrThrow(deviceId);
    const sn = this.sn++;
    const key = `${deviceId}|${sn}`;
    const complete = new Promise<CatalogItem[]>((resolve) => {
      // sumNum is unknown (NaN) until the first page says it
      const entry = { items: new Map<string, CatalogItem>(), sumNum: Number.NaN, done: () => {} };
      const timer = setTimeout(() => entry.done(), this.o.catalogTimeoutMs ?? 10_000);
      entry.done = () => {
        clearTimeout(timer);
        this.catalogs.delete(key);
        resolve([...entry.items.values()]);
      };
      this.catalogs.set(key, entry);
    });
    const req = this.newRequest("MESSAGE", device.peer, { target: deviceId, toUser: deviceId, callId: `${token()}@${this.o.advertisedHost}`, fromTag: token(4), seq: this.cseqCounter++, headers: [["Content-Type", MANSCDP_TYPE]], body: catalogQuery(deviceId, sn) });
    let res: SipResponse;
    try {
      res = await this.transact(device.peer, req);
    } catch (err) {
      this.catalogs.get(key)?.done();
      throw err;
    }
    if (res.status !== 200) {
      this.catalogs.get(key)?.done();
      throw new GbError(`the device answered the catalog query with ${res.status} ${res.reason}`);
    }
    const channels = await complete;
    this.channels.set(deviceId, channels);
    this.o.log.info(`GB/T 28181: device ${deviceId} has ${channels.length} channel(s)`);
    this.emit("catalog", { deviceId, channels });
    return channels;
  }

  /**
   * Live video of one channel (§9.2.2): an RTP port opened, INVITE with the SDP offer, ACK after the 200.
   * `onPayload` gets the PS byte stream in order; `onEnd` is called once if the stream ends from the
   * device's side (BYE, device offline), not after `close()`.
   */
  async play(deviceId: string, channelId: string, onPayload: (ps: Buffer) => void, onEnd: (reason: string) => void): Promise<PlaySession> {
    const device = this.deviceOrThrow(deviceId);
    const receiver = new RtpReceiver(onPayload);
    const rtpPort = await receiver.start(this.o.bindHost, 0);
    const seq = this.cseqCounter++;
    const ssrc = liveSsrc(this.o.realm, seq);
    const callId = `${token()}@${this.o.advertisedHost}`;
    const fromTag = token(4);
    const req = this.newRequest("INVITE", device.peer, {
      target: channelId,
      toUser: channelId,
      callId,
      fromTag,
      seq,
      headers: [
        ["Contact", `<sip:${this.o.platformId}@${this.o.advertisedHost}:${this.sipPort}>`],
        ["Subject", `${channelId}:${ssrc},${this.o.platformId}:0`],
        ["Content-Type", "APPLICATION/SDP"],
      ],
      body: buildPlayOffer({ channelId, ip: this.o.advertisedHost, port: rtpPort, ssrc }),
    });
    this.emit("invite", { deviceId, channelId, rtpPort });
    let res: SipResponse;
    try {
      res = await this.transact(device.peer, req);
    } catch (err) {
      receiver.stop();
      throw err;
    }
    if (res.status !== 200) {
      receiver.stop();
      throw new GbError(`device ${deviceId} refused to play channel ${channelId}: ${res.status} ${res.reason}`);
    }
    const session: Session = { deviceId, channelId, rtpPort, callId, peer: device.peer, fromTag, toHeader: header(res, "To")!, cseq: seq, receiver, onEnd, close: () => this.endSession(session, "closed", true) };
    this.sessions.set(callId, session);
    this.sendAck(session, seq);
    let problem: string | null;
    try {
      problem = answerProblem(parsePlayAnswer(res.body.toString("utf8")));
    } catch (err) {
      problem = err instanceof SdpError ? err.message : errorText(err);
    }
    if (problem) {
      this.endSession(session, problem, true);
      throw new GbError(`device ${deviceId} channel ${channelId}: ${problem}`);
    }
    this.o.log.info(`GB/T 28181: playing ${deviceId}/${channelId} on RTP port ${rtpPort}`);
    return session;
  }

  private sendAck(s: Session, seq: number): void {
    const ack = this.newRequest("ACK", s.peer, { target: s.channelId, toUser: s.channelId, callId: s.callId, fromTag: s.fromTag, seq, headers: [["Contact", `<sip:${this.o.platformId}@${this.o.advertisedHost}:${this.sipPort}>`]] });
    ack.headers = ack.headers.map(([n, v]) => (n === "To" ? [n, s.toHeader] : [n, v]));
    this.transport.send(s.peer, serializeSip(ack));
  }

  /** Ends a session: BYE to the device (ours), the port freed, the owner told when it was not ours. */
  private endSession(s: Session, reason: string, sendBye: boolean): void {
    if (!this.sessions.delete(s.callId)) return;
    s.receiver.stop();
    if (sendBye && this.registry.get(s.deviceId)) {
      const bye = this.newRequest("BYE", s.peer, { target: s.channelId, toUser: s.channelId, callId: s.callId, fromTag: s.fromTag, seq: ++s.cseq });
      bye.headers = bye.headers.map(([n, v]) => (n === "To" ? [n, s.toHeader] : [n, v]));
      this.transact(s.peer, bye).catch((err) => this.o.log.warn(`GB/T 28181: BYE to ${s.deviceId}/${s.channelId}: ${errorText(err)}`));
    }
    if (!sendBye) s.onEnd(reason);
  }

  private sweep(): void {
    for (const off of this.registry.sweep(Date.now())) this.wentOffline(off.deviceId, off.reason);
  }

  private wentOffline(deviceId: string, reason: string): void {
    this.o.log.warn(`GB/T 28181: device ${deviceId} is offline: ${reason}`);
    this.offlineReasons.set(deviceId, reason);
    for (const s of [...this.sessions.values()]) if (s.deviceId === deviceId) this.endSession(s, `GB/T 28181 device ${deviceId} offline: ${reason}`, false);
    this.emit("device", { deviceId, online: false, reason });
  }
}
