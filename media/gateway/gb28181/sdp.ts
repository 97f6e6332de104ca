/**
 * The SDP of a GB/T 28181 live-view INVITE (§C.2): the platform offers where it receives PS over RTP, the
 * device answers where it sends from; `y=` carries the SSRC both sides use (pure).
 */

export interface PlayOffer {
  /** the channel being played (o= user, as the standard's examples do) */
  channelId: string;
  /** the address the device must send RTP to */
  ip: string;
  port: number;
  /** 10 decimal digits: 0 (live) + 5 digits of the platform's domain + a 4-digit sequence */
  ssrc: string;
}

export function buildPlayOffer(o: PlayOffer): Buffer {
  return Buffer.from(
    [
      "v=0",
      `o=${o.channelId} 0 0 IN IP4 ${o.ip}`,
      "s=Play",
      `c=IN IP4 ${o.ip}`,
      "t=0 0",
      `m=video ${o.port} RTP/AVP 96`,
      "a=recvonly",
      "a=rtpmap:96 PS/90000",
      `y=${o.ssrc}`,
      "",
    ].join("\r\n"),
    "utf8",
  );
}

/** The live SSRC for a sequence number (§C.2.2: first digit 0 = real-time). */
export function liveSsrc(domain: string, sequence: number): string {
  return `0${domain.replace(/\D/g, "").padEnd(10, "0").slice(3, 8)}${String(sequence % 10_000).padStart(4, "0")}`;
}

export interface PlayAnswer {
  ip: string;
  port: number;
  /** payload type → encoding name */
  rtpmap: Record<number, string>;
  ssrc?: string;
  transport: string;
}

export class SdpError extends Error {}

/** The device's answer: where it sends from, which payload types, its SSRC. */
export function parsePlayAnswer(body: string): PlayAnswer {
  let ip: string | undefined;
  let port: number | undefined;
  let transport = "";
  const rtpmap: Record<number, string> = {};
  let ssrc: string | undefined;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^c=IN IP4 (\S+)/.exec(line))) ip = m[1];
    else if ((m = /^m=video (\d+) (\S+)/.exec(line))) {
      port = Number(m[1]);
      transport = m[2];
    } else if ((m = /^a=rtpmap:(\d+) ([^/\s]+)/.exec(line))) rtpmap[Number(m[1])] = m[2].toUpperCase();
    else if ((m = /^y=(\d{1,10})$/.exec(line))) ssrc = m[1];
  }
  if (!ip) throw new SdpError("answer without c=IN IP4");
  if (port === undefined || port > 65535) throw new SdpError("answer without m=video");
  return { ip, port, rtpmap, ssrc, transport };
}

/** Whether the answer sends what we can demux: MPEG-PS over RTP/UDP. */
export function answerProblem(a: PlayAnswer): string | null {
  if (a.transport !== "RTP/AVP") return `transport ${a.transport} is not supported (only RTP/AVP over UDP)`;
  if (!Object.values(a.rtpmap).some((name) => name === "PS" || name === "MP2P")) return `the device offers ${Object.values(a.rtpmap).join(", ") || "no rtpmap"}, not PS`;
  return null;
}
