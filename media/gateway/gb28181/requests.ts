import { randomBytes } from "node:crypto";
import type { Peer } from "./registry.ts";
import { REASONS, type SipHeaders, type SipRequest, type SipResponse } from "./sip-message.ts";

export const token = (bytes = 8) => randomBytes(bytes).toString("hex");

/** Who the platform is on the wire. */
export interface Local {
  platformId: string;
  realm: string;
  host: string;
  port: number;
}

export interface RequestParts {
  /** user of the Request-URI: the device (MESSAGE) or the channel (INVITE, ACK, BYE) */
  target: string;
  toUser: string;
  callId: string;
  fromTag: string;
  /** the whole To of the dialog (with the device's tag), for ACK and BYE */
  to?: string;
  seq: number;
  headers?: SipHeaders;
  body?: Buffer;
}

/** A request from the platform to a device, addressed where the device registered from. */
export function buildRequest(method: string, peer: Peer, local: Local, o: RequestParts): SipRequest {
  return {
    kind: "request",
    method,
    uri: `sip:${o.target}@${peer.address}:${peer.port}`,
    headers: [
      ["Via", `SIP/2.0/${peer.transport.toUpperCase()} ${local.host}:${local.port};rport;branch=z9hG4bK${token(6)}`],
      ["From", `<sip:${local.platformId}@${local.realm}>;tag=${o.fromTag}`],
      ["To", o.to ?? `<sip:${o.toUser}@${local.realm}>`],
      ["Call-ID", o.callId],
      ["CSeq", `${o.seq} ${method}`],
      ["Max-Forwards", "70"],
      ["User-Agent", "mingchu-liangzao-gateway"],
      ...(o.headers ?? []),
    ],
    body: o.body ?? Buffer.alloc(0),
  };
}

/** A 400 built from whatever headers a broken request has, with the reason in a Warning. */
export function badRequest(req: SipRequest, why: string): SipResponse {
  const headers: SipHeaders = req.headers.filter(([n]) => ["Via", "From", "To", "Call-ID", "CSeq"].includes(n));
  headers.push(["Warning", `399 gateway "${why.replace(/"/g, "'").slice(0, 100)}"`]);
  return { kind: "response", status: 400, reason: REASONS[400], headers, body: Buffer.alloc(0) };
}
