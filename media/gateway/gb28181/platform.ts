import { EventEmitter } from "node:events";
import type { Logger } from "../log.ts";
import { errorText } from "../log.ts";
import { challenge, makeNonce, verifyDigest } from "./digest.ts";
import { type CatalogItem, catalogQuery, ManscdpError, MANSCDP_TYPE, parseManscdp } from "./manscdp.ts";
import { DeviceRegistry, type Peer } from "./registry.ts";
import { badRequest, buildRequest, type Local, token } from "./requests.ts";
import { GbSessions, type PlaySession } from "./sessions.ts";
import { header, headerParam, MissingHeaderError, parseSip, responseTo, serializeSip, type SipHeaders, type SipRequest, type SipResponse, uriUser } from "./sip-message.ts";
import { GbError, SipTransactions } from "./transactions.ts";
import { SipTransport } from "./transport.ts";
import type { GbPlatformEvents, GbPlatformOptions } from "./options.ts";

export { GbError, type GbPlatformEvents, type GbPlatformOptions, type PlaySession };

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
  private readonly transactions: SipTransactions;
  private readonly sessions: GbSessions;
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
    const send = (peer: Peer, data: Buffer) => this.transport.send(peer, data);
    this.transactions = new SipTransactions(send, o.transactionTimeoutMs ?? 8000);
    this.sessions = new GbSessions({
      local: () => this.local(),
      bindHost: o.bindHost,
      transactions: this.transactions,
      send,
      registered: (id) => this.isOnline(id),
      onInvite: (e) => this.emit("invite", e),
      log: o.log,
    });
  }

  private local(): Local {
    return { platformId: this.o.platformId, realm: this.o.realm, host: this.o.advertisedHost, port: this.sipPort };
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
    this.sessions.closeAll();
    this.transactions.rejectAll("gateway stopping");
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
        this.transport.send(peer, serializeSip(badRequest(err.partial, err.message)));
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
      case "BYE":
        // answered first: the device's dialog is over whatever we do with it
        return this.reply(peer, responseTo(req, this.sessions.byeFromDevice(header(req, "Call-ID")!) ? 200 : 481));
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
      return this.reply(peer, badRequest(req, err instanceof ManscdpError ? err.message : "bad MANSCDP body"));
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
    if (!this.transactions.response(res)) this.sessions.retransmitted200(res);
  }

  // ── outgoing ────────────────────────────────────────────────────────────────────────────────────────

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
    const req = buildRequest("MESSAGE", device.peer, this.local(), { target: deviceId, toUser: deviceId, callId: `${token()}@${this.o.advertisedHost}`, fromTag: token(4), seq: this.cseqCounter++, headers: [["Content-Type", MANSCDP_TYPE]], body: catalogQuery(deviceId, sn) });
    let res: SipResponse;
    try {
      res = await this.transactions.transact(device.peer, req);
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
   * Live video of one channel (§9.2.2, see sessions.ts). `onPayload` gets the PS byte stream in order;
   * `onEnd` is called once if the stream ends from the device's side (BYE, device offline), not after `close()`.
   */
  async play(deviceId: string, channelId: string, onPayload: (ps: Buffer) => void, onEnd: (reason: string) => void): Promise<PlaySession> {
    return this.sessions.play(deviceId, channelId, this.deviceOrThrow(deviceId).peer, onPayload, onEnd);
  }

  private sweep(): void {
    for (const off of this.registry.sweep(Date.now())) this.wentOffline(off.deviceId, off.reason);
  }

  private wentOffline(deviceId: string, reason: string): void {
    this.o.log.warn(`GB/T 28181: device ${deviceId} is offline: ${reason}`);
    this.offlineReasons.set(deviceId, reason);
    this.sessions.deviceOffline(deviceId, reason);
    this.emit("device", { deviceId, online: false, reason });
  }
}
