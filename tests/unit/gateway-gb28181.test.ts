/** GB/T 28181 pure parts (issue 17): SIP messages, digest, MANSCDP, SDP, RTP, the registry and the source form. */
import { describe, expect, it } from "vitest";
import { challenge, checkNonce, digestResponse, makeNonce, parseDigest, verifyDigest } from "../../media/gateway/gb28181/digest.ts";
import { catalogQuery, decodeBody, isVideoChannel, ManscdpError, parseManscdp } from "../../media/gateway/gb28181/manscdp.ts";
import { DeviceRegistry } from "../../media/gateway/gb28181/registry.ts";
import { toChannels } from "../../media/gateway/gb28181/reporter.ts";
import { buildRtp, parseRtp, RtpReorder } from "../../media/gateway/gb28181/rtp.ts";
import { answerProblem, buildPlayOffer, liveSsrc, parsePlayAnswer, SdpError } from "../../media/gateway/gb28181/sdp.ts";
import { cutStream, header, headerAll, MissingHeaderError, parseSip, responseTo, SipParseError, serializeSip, uriUser } from "../../media/gateway/gb28181/sip-message.ts";
import { parseSource } from "../../media/gateway/source.ts";

const DEV = "34020000001320000001";
const CH = "34020000001310000001";
const REGISTER = [
  `REGISTER sip:34020000002000000001@3402000000 SIP/2.0`,
  `Via: SIP/2.0/UDP 192.168.1.64:5060;rport;branch=z9hG4bK1`,
  `f: <sip:${DEV}@3402000000>;tag=abc`,
  `t: <sip:${DEV}@3402000000>`,
  `i: 1@192.168.1.64`,
  `CSeq: 1 REGISTER`,
  `Contact: <sip:${DEV}@192.168.1.64:5060>`,
  `Expires: 3600`,
  `l: 0`,
  ``,
  ``,
].join("\r\n");

describe("SIP messages", () => {
  it("parses a request with compact headers and answers it with the dialog headers copied", () => {
    const msg = parseSip(Buffer.from(REGISTER));
    expect(msg.kind).toBe("request");
    if (msg.kind !== "request") return;
    expect(msg.method).toBe("REGISTER");
    expect(header(msg, "from")).toContain(DEV);
    expect(uriUser(header(msg, "From")!)).toBe(DEV);
    const res = responseTo(msg, 401, [["WWW-Authenticate", challenge("3402000000", "n")]], Buffer.alloc(0), "t1");
    const back = parseSip(serializeSip(res));
    expect(back.kind === "response" && back.status).toBe(401);
    expect(header(back, "To")).toBe(`<sip:${DEV}@3402000000>;tag=t1`);
    expect(header(back, "Call-ID")).toBe("1@192.168.1.64");
    expect(header(back, "Content-Length")).toBe("0");
  });

  it("cuts the body to Content-Length, keeps GBK bytes, splits Via lists and folded lines", () => {
    const body = Buffer.from([0xba, 0xf3, 0xb3, 0xf8]); // 后厨 in GBK
    const head = `MESSAGE sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP a:1;branch=z9hG4bK1, SIP/2.0/UDP b:2;branch=z9hG4bK2\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\n  ;x=1\r\nCall-ID: 2\r\nCSeq: 2 MESSAGE\r\nContent-Length: 4\r\n\r\n`;
    const msg = parseSip(Buffer.concat([Buffer.from(head), body, Buffer.from("trailing")]));
    expect(msg.body.equals(body)).toBe(true);
    expect(headerAll(msg, "Via")).toHaveLength(2);
    expect(header(msg, "To")).toBe("<sip:c@d> ;x=1");
  });

  it("refuses malformed messages with a SipParseError (400 possible when the request line and Via are there)", () => {
    expect(() => parseSip(Buffer.from("garbage\r\n\r\n"))).toThrow(SipParseError);
    expect(() => parseSip(Buffer.from("INVITE sip:a@b SIP/2.0\r\nVia: x\r\n"))).toThrow(/blank line/);
    expect(() => parseSip(Buffer.from(REGISTER.replace("l: 0", "l: 99")))).toThrow(/Content-Length 99/);
    expect(() => parseSip(Buffer.from(REGISTER.replace("l: 0", "l: -1")))).toThrow(/Content-Length/);
    expect(() => parseSip(Buffer.from(REGISTER.replace("CSeq: 1 REGISTER", "CSeq: one")))).toThrow(MissingHeaderError);
    let partial: unknown;
    try {
      parseSip(Buffer.from(REGISTER.replace("i: 1@192.168.1.64\r\n", "")));
    } catch (err) {
      partial = err instanceof MissingHeaderError ? err.partial : null;
    }
    expect(partial).toMatchObject({ kind: "request", method: "REGISTER" });
    expect(() => parseSip(Buffer.alloc(70_000, 65))).toThrow(/larger/);
  });

  it("frames a TCP stream by Content-Length, across chunks, and refuses one without it", () => {
    const one = Buffer.from(REGISTER);
    const two = serializeSip({ kind: "request", method: "MESSAGE", uri: "sip:a@b", headers: [["Via", "v"], ["From", "f"], ["To", "t"], ["Call-ID", "c"], ["CSeq", "1 MESSAGE"]], body: Buffer.from("<x/>") });
    const stream = Buffer.concat([Buffer.from("\r\n\r\n"), one, two]);
    const first = cutStream(stream.subarray(0, stream.length - 3));
    expect(first.messages).toHaveLength(1);
    const second = cutStream(Buffer.concat([first.rest, stream.subarray(stream.length - 3)]));
    expect(second.messages.map((m) => parseSip(m).kind)).toEqual(["request"]);
    expect(second.rest.length).toBe(0);
    expect(() => cutStream(Buffer.from("MESSAGE sip:a@b SIP/2.0\r\nVia: v\r\n\r\nbody"))).toThrow(/Content-Length/);
  });
});

describe("digest (RFC 2617 MD5)", () => {
  const secret = "s3cret";
  const now = 1_800_000_000_000;
  it("matches RFC 2617's worked example", () => {
    // RFC 2617 §3.5
    expect(
      digestResponse({ username: "Mufasa", realm: "testrealm@host.com", password: "Circle Of Life", method: "GET", uri: "/dir/index.html", nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093", qop: "auth", nc: "00000001", cnonce: "0a4f113b" }),
    ).toBe("6629fae49393a05397450978507c4ef1");
  });

  it("accepts the right password, refuses a wrong one, a forged nonce and an expired one (stale)", () => {
    const nonce = makeNonce(secret, now);
    const auth = (password: string, n = nonce) =>
      `Digest username="${DEV}", realm="3402000000", nonce="${n}", uri="sip:34020000002000000001@3402000000", response="${digestResponse({ username: DEV, realm: "3402000000", password, method: "REGISTER", uri: "sip:34020000002000000001@3402000000", nonce: n })}", algorithm=MD5`;
    const o = { method: "REGISTER", username: DEV, realm: "3402000000", password: "12345678", secret, now, nonceMaxAgeMs: 60_000 };
    expect(parseDigest(auth("x"))).toMatchObject({ username: DEV, algorithm: "MD5" });
    expect(verifyDigest(auth("12345678"), o)).toEqual({ ok: true });
    expect(verifyDigest(auth("wrong"), o)).toMatchObject({ ok: false, stale: false, reason: /wrong digest/ });
    expect(verifyDigest(undefined, o)).toMatchObject({ ok: false, reason: "no credentials" });
    expect(verifyDigest("Basic abc", o)).toMatchObject({ ok: false });
    expect(verifyDigest(auth("12345678", "00.0000000000000000.0000000000000000"), o)).toMatchObject({ ok: false, reason: /did not issue/ });
    expect(verifyDigest(auth("12345678"), { ...o, now: now + 120_000 })).toMatchObject({ ok: false, stale: true });
    expect(checkNonce(nonce, "other", now, 60_000)).toBe("forged");
  });
});

describe("MANSCDP", () => {
  it("reads a keep-alive and a GB2312 catalog with Chinese channel names", () => {
    expect(parseManscdp(Buffer.from(`<?xml version="1.0"?>\r\n<Notify><CmdType>Keepalive</CmdType><SN>7</SN><DeviceID>${DEV}</DeviceID><Status>OK</Status></Notify>`))).toEqual({ type: "keepalive", deviceId: DEV, sn: 7, status: "OK" });
    const xml = `<?xml version="1.0" encoding="GB2312"?><Response><CmdType>Catalog</CmdType><SN>3</SN><DeviceID>${DEV}</DeviceID><SumNum>2</SumNum><DeviceList Num="2"><Item><DeviceID>${CH}</DeviceID><Name>后厨一号</Name><Status>ON</Status></Item><Item><DeviceID>34020000001320000002</DeviceID><Name>A&amp;B</Name><Status>OFF</Status></Item></DeviceList></Response>`;
    const gbk = Buffer.from(new TextEncoder().encode(xml)); // declared GB2312, sent as UTF-8 (devices do)
    const utf8 = parseManscdp(gbk);
    expect(utf8).toMatchObject({ type: "catalog", sumNum: 2, items: [{ deviceId: CH, name: "后厨一号", status: "ON" }, { name: "A&B", status: "OFF" }] });
    // the same in GB2312 bytes: 后厨一号 = ba f3 b3 f8 d2 bb ba c5
    const bytes = Buffer.concat([Buffer.from(xml.split("后厨一号")[0]), Buffer.from([0xba, 0xf3, 0xb3, 0xf8, 0xd2, 0xbb, 0xba, 0xc5]), Buffer.from(xml.split("后厨一号")[1])]);
    expect(decodeBody(bytes)).toContain("后厨一号");
    expect(parseManscdp(bytes)).toMatchObject({ items: [{ name: "后厨一号" }, {}] });
  });

  it("refuses what is not MANSCDP and builds the catalog query", () => {
    expect(() => parseManscdp(Buffer.from("hello"))).toThrow(ManscdpError);
    expect(() => parseManscdp(Buffer.from("<Notify><SN>1</SN></Notify>"))).toThrow(/CmdType/);
    expect(parseManscdp(catalogQuery(DEV, 9))).toEqual({ type: "other", root: "Query", cmdType: "Catalog", deviceId: DEV, sn: 9 });
    expect(isVideoChannel(CH)).toBe(true);
    expect(isVideoChannel("34020000001180000001")).toBe(false); // the NVR itself
  });

  it("keeps only video channels with names cleaned for the API", () => {
    expect(toChannels([{ deviceId: CH, name: "a\u0007b", status: "ON" }, { deviceId: "34020000002160000001", name: "group", status: "ON" }, { deviceId: "x", name: "bad", status: "ON" }])).toEqual([{ channelId: CH, name: "ab", status: "ON" }]);
  });
});

describe("SDP", () => {
  it("offers PS over RTP on the receive port with the live SSRC, and reads the device's answer", () => {
    const ssrc = liveSsrc("3402000000", 12);
    expect(ssrc).toBe("0200000012");
    const offer = buildPlayOffer({ channelId: CH, ip: "10.0.0.2", port: 30000, ssrc }).toString();
    expect(offer).toContain("m=video 30000 RTP/AVP 96\r\n");
    expect(offer).toContain("a=rtpmap:96 PS/90000\r\n");
    expect(offer).toContain("y=0200000012");
    const answer = parsePlayAnswer("v=0\r\no=x 0 0 IN IP4 10.0.0.9\r\ns=Play\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\nm=video 15060 RTP/AVP 96\r\na=sendonly\r\na=rtpmap:96 PS/90000\r\ny=0200000012\r\n");
    expect(answer).toEqual({ ip: "10.0.0.9", port: 15060, rtpmap: { 96: "PS" }, ssrc: "0200000012", transport: "RTP/AVP" });
    expect(answerProblem(answer)).toBeNull();
    expect(answerProblem({ ...answer, rtpmap: { 98: "H264" } })).toMatch(/not PS/);
    expect(answerProblem({ ...answer, transport: "TCP/RTP/AVP" })).toMatch(/not supported/);
    expect(() => parsePlayAnswer("v=0\r\nm=video 1 RTP/AVP 96")).toThrow(SdpError);
  });
});

describe("RTP", () => {
  it("strips the header (CSRC, extension, padding) and reorders within the window", () => {
    const pkt = buildRtp({ payloadType: 96, sequence: 65535, timestamp: 90000, ssrc: 7, payload: Buffer.from("abc"), marker: true });
    expect(parseRtp(pkt)).toMatchObject({ payloadType: 96, marker: true, sequence: 65535, timestamp: 90000, ssrc: 7 });
    const fancy = Buffer.concat([Buffer.from([0xb1, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]), Buffer.alloc(4), Buffer.from([0xbe, 0xde, 0, 1]), Buffer.alloc(4), Buffer.from("xy"), Buffer.from([0, 2])]);
    expect(parseRtp(fancy)?.payload.toString()).toBe("xy");
    expect(parseRtp(Buffer.from([0x40, 1, 2]))).toBeNull();
    const out: string[] = [];
    const r = new RtpReorder((p) => out.push(p.toString()), 4);
    const push = (seq: number, s: string) => r.push(parseRtp(buildRtp({ payloadType: 96, sequence: seq, timestamp: 0, ssrc: 1, payload: Buffer.from(s) }))!);
    push(65534, "a");
    push(0, "c"); // wraps; 65535 missing
    push(65535, "b");
    push(65535, "b"); // duplicate
    push(65533, "z"); // late
    expect(out).toEqual(["a", "b", "c"]);
    push(3, "f");
    push(4, "g");
    push(5, "h");
    push(6, "i"); // window full: 1 and 2 given up
    expect(out).toEqual(["a", "b", "c", "f", "g", "h", "i"]);
    expect(r.lost).toBe(2);
  });
});

describe("device registry", () => {
  const peer = { transport: "udp" as const, address: "10.0.0.9", port: 5060 };
  it("is online until three keep-alives are missed, or the registration expires", () => {
    const reg = new DeviceRegistry(1000, 3);
    expect(reg.register(DEV, peer, 3600, 0)).toBe(true);
    expect(reg.register(DEV, peer, 3600, 10)).toBe(false);
    expect(reg.seen(DEV, peer, 1000)).toBe(true);
    expect(reg.sweep(3999)).toEqual([]);
    expect(reg.sweep(4000)).toEqual([{ deviceId: DEV, reason: "3 keep-alives missed (interval 1 s)" }]);
    expect(reg.seen(DEV, peer, 4001)).toBe(false);
    reg.register(DEV, peer, 2, 0);
    expect(reg.sweep(2000)).toEqual([{ deviceId: DEV, reason: "registration expired" }]);
    reg.register(DEV, { transport: "tcp", address: "a", port: 1, connection: 5 }, 60, 0);
    expect(reg.connectionClosed(4)).toEqual([]);
    expect(reg.connectionClosed(5)).toHaveLength(1);
  });
});

describe("gb28181: camera sources", () => {
  it("accepts two 20-digit ids and nothing else", () => {
    expect(parseSource(`gb28181:${DEV}/${CH}`)).toEqual({ kind: "gb28181", deviceId: DEV, channelId: CH });
    expect(parseSource(`gb28181:${DEV}`)).toMatchObject({ kind: "invalid", reason: /20-digit/ });
    expect(parseSource(`gb28181:1234/${CH}`)).toMatchObject({ kind: "invalid" });
  });
});
