import type { Logger } from "../log.ts";
import { errorText } from "../log.ts";
import type { Peer } from "./registry.ts";
import { buildRequest, type Local, token } from "./requests.ts";
import { RtpReceiver } from "./rtp-receiver.ts";
import { answerProblem, buildPlayOffer, liveSsrc, parsePlayAnswer, SdpError } from "./sdp.ts";
import { header, type SipResponse, serializeSip } from "./sip-message.ts";
import { GbError, type SipTransactions } from "./transactions.ts";

/** A live stream being received: `close` sends BYE and frees the port. */
export interface PlaySession {
  deviceId: string;
  channelId: string;
  rtpPort: number;
  close(): void;
}

interface Session extends PlaySession {
  callId: string;
  peer: Peer;
  fromTag: string;
  to: string;
  cseq: number;
  receiver: RtpReceiver;
  onEnd: (reason: string) => void;
}

/**
 * Live video dialogs (GB/T 28181-2016 §9.2.2): an RTP port opened, INVITE with the SDP offer (PS/90000 and
 * the live SSRC), ACK after the 200, BYE to end. One session per INVITE; ended by us (`close`), by the
 * device (BYE) or because the device went offline.
 */
export class GbSessions {
  private sessions = new Map<string, Session>();
  private seq = 1;

  constructor(
    private readonly o: {
      local: () => Local;
      bindHost: string;
      transactions: SipTransactions;
      send: (peer: Peer, data: Buffer) => boolean;
      registered: (deviceId: string) => boolean;
      onInvite: (e: { deviceId: string; channelId: string; rtpPort: number }) => void;
      log: Logger;
    },
  ) {}

  /** `onPayload` gets the PS byte stream in order; `onEnd` is called once if the device side ends it. */
  async play(deviceId: string, channelId: string, peer: Peer, onPayload: (ps: Buffer) => void, onEnd: (reason: string) => void): Promise<PlaySession> {
    const local = this.o.local();
    const receiver = new RtpReceiver(onPayload);
    const rtpPort = await receiver.start(this.o.bindHost, 0);
    const seq = this.seq++;
    const ssrc = liveSsrc(local.realm, seq);
    const callId = `${token()}@${local.host}`;
    const fromTag = token(4);
    const contact: [string, string] = ["Contact", `<sip:${local.platformId}@${local.host}:${local.port}>`];
    const req = buildRequest("INVITE", peer, local, {
      target: channelId,
      toUser: channelId,
      callId,
      fromTag,
      seq,
      headers: [contact, ["Subject", `${channelId}:${ssrc},${local.platformId}:0`], ["Content-Type", "APPLICATION/SDP"]],
      body: buildPlayOffer({ channelId, ip: local.host, port: rtpPort, ssrc }),
    });
    this.o.onInvite({ deviceId, channelId, rtpPort });
    let res: SipResponse;
    try {
      res = await this.o.transactions.transact(peer, req);
    } catch (err) {
      receiver.stop();
      throw err;
    }
    if (res.status !== 200) {
      receiver.stop();
      throw new GbError(`device ${deviceId} refused to play channel ${channelId}: ${res.status} ${res.reason}`);
    }
    const session: Session = { deviceId, channelId, rtpPort, callId, peer, fromTag, to: header(res, "To")!, cseq: seq, receiver, onEnd, close: () => this.end(session, "closed", true) };
    this.sessions.set(callId, session);
    this.ack(session, seq);
    let problem: string | null;
    try {
      problem = answerProblem(parsePlayAnswer(res.body.toString("utf8")));
    } catch (err) {
      problem = err instanceof SdpError ? err.message : errorText(err);
    }
    if (problem) {
      this.end(session, problem, true);
      throw new GbError(`device ${deviceId} channel ${channelId}: ${problem}`);
    }
    this.o.log.info(`GB/T 28181: playing ${deviceId}/${channelId} on RTP port ${rtpPort}`);
    return session;
  }

  has(callId: string): boolean {
    return this.sessions.has(callId);
  }

  /** A 200 to an INVITE that matched no transaction: a retransmission whose ACK was lost, ACKed again. */
  retransmitted200(res: SipResponse): void {
    const s = this.sessions.get(header(res, "Call-ID")!);
    if (s && res.status === 200 && header(res, "CSeq")!.endsWith("INVITE")) this.ack(s, Number(header(res, "CSeq")!.split(/\s+/)[0]));
  }

  /** The device's BYE: true when it ended one of ours. */
  byeFromDevice(callId: string): boolean {
    const s = this.sessions.get(callId);
    if (s) this.end(s, "the device ended the stream (BYE)", false);
    return s !== undefined;
  }

  deviceOffline(deviceId: string, reason: string): void {
    for (const s of [...this.sessions.values()]) if (s.deviceId === deviceId) this.end(s, `GB/T 28181 device ${deviceId} offline: ${reason}`, false);
  }

  closeAll(): void {
    for (const s of [...this.sessions.values()]) this.end(s, "gateway stopping", true);
  }

  private ack(s: Session, seq: number): void {
    const local = this.o.local();
    const ack = buildRequest("ACK", s.peer, local, { target: s.channelId, toUser: s.channelId, to: s.to, callId: s.callId, fromTag: s.fromTag, seq, headers: [["Contact", `<sip:${local.platformId}@${local.host}:${local.port}>`]] });
    this.o.send(s.peer, serializeSip(ack));
  }

  /** Ends a session: BYE to the device when ours, the port freed, the owner told when it was not ours. */
  private end(s: Session, reason: string, ours: boolean): void {
    if (!this.sessions.delete(s.callId)) return;
    s.receiver.stop();
    if (!ours) return s.onEnd(reason);
    if (!this.o.registered(s.deviceId)) return;
    const bye = buildRequest("BYE", s.peer, this.o.local(), { target: s.channelId, toUser: s.channelId, to: s.to, callId: s.callId, fromTag: s.fromTag, seq: ++s.cseq });
    this.o.transactions.transact(s.peer, bye).catch((err) => this.o.log.warn(`GB/T 28181: BYE to ${s.deviceId}/${s.channelId}: ${errorText(err)}`));
  }
}
