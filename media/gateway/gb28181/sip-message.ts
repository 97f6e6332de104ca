/**
 * SIP messages (RFC 3261) as GB/T 28181 devices send them: parsing and serializing, no I/O (pure).
 * Only what the platform side needs: a start line, headers in order (repeatable, compact names expanded),
 * a body of Content-Length bytes. Anything else is a SipParseError, never a crash.
 */

export type SipHeaders = [name: string, value: string][];
export interface SipRequest {
  kind: "request";
  method: string;
  uri: string;
  headers: SipHeaders;
  body: Buffer;
}
export interface SipResponse {
  kind: "response";
  status: number;
  reason: string;
  headers: SipHeaders;
  body: Buffer;
}
export type SipMessage = SipRequest | SipResponse;

export class SipParseError extends Error {}

/** RFC 3261 §7.3.3 compact forms. */
const COMPACT: Record<string, string> = { v: "Via", f: "From", t: "To", i: "Call-ID", m: "Contact", l: "Content-Length", c: "Content-Type", k: "Supported", e: "Content-Encoding", s: "Subject" };
/** Every request must carry these (§8.1.1); a response too, except Max-Forwards. */
const REQUIRED = ["Via", "From", "To", "Call-ID", "CSeq"];
/** a UDP datagram or a TCP message larger than this is refused (GB/T 28181 catalog pages are a few kB) */
export const MAX_MESSAGE_BYTES = 64 * 1024;

const CANONICAL: Record<string, string> = Object.fromEntries(
  ["Via", "From", "To", "Call-ID", "CSeq", "Contact", "Content-Length", "Content-Type", "Max-Forwards", "Expires", "WWW-Authenticate", "Authorization", "User-Agent", "Subject", "Date"].map((h) => [h.toLowerCase(), h]),
);
const canonicalName = (raw: string) => {
  const lower = raw.toLowerCase();
  return COMPACT[lower] ?? CANONICAL[lower] ?? raw;
};

/** The first value of a header (case-insensitive), or undefined. */
export function header(msg: { headers: SipHeaders }, name: string): string | undefined {
  const want = name.toLowerCase();
  return msg.headers.find(([n]) => n.toLowerCase() === want)?.[1];
}

/** Every value of a header, comma-separated lists split (Via may come as several headers or one list). */
export function headerAll(msg: { headers: SipHeaders }, name: string): string[] {
  const want = name.toLowerCase();
  return msg.headers.filter(([n]) => n.toLowerCase() === want).flatMap(([, v]) => splitList(v));
}

/** Splits a header list on commas outside quotes and angle brackets. */
function splitList(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '"' && value[i - 1] !== "\\") quoted = !quoted;
    else if (!quoted && ch === "<") depth++;
    else if (!quoted && ch === ">") depth--;
    else if (!quoted && depth === 0 && ch === ",") {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter(Boolean);
}

const HEADER_END = Buffer.from("\r\n\r\n");

/**
 * Parses one whole message. A message from a stream (TCP) must be cut first (`cutStream`); over UDP the
 * datagram is the message, and a body longer than Content-Length is cut to it (§18.3).
 */
export function parseSip(data: Buffer): SipMessage {
  if (data.length > MAX_MESSAGE_BYTES) throw new SipParseError(`message of ${data.length} bytes is larger than ${MAX_MESSAGE_BYTES}`);
  const end = data.indexOf(HEADER_END);
  if (end < 0) throw new SipParseError("no blank line after the headers");
  // RFC 3261 allows CRLF keep-alives and leading blank lines before a message
  const head = data.subarray(0, end).toString("utf8").replace(/^(\r\n)+/, "");
  const lines = head.split("\r\n");
  const start = lines.shift() ?? "";
  const headers: SipHeaders = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      // a folded continuation line belongs to the previous header
      if (!headers.length) throw new SipParseError("continuation line before any header");
      headers[headers.length - 1][1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) throw new SipParseError(`malformed header line: ${line.slice(0, 80)}`);
    const name = line.slice(0, colon).trim();
    if (!/^[A-Za-z0-9!%*_+`'~.-]+$/.test(name)) throw new SipParseError(`malformed header name: ${name.slice(0, 40)}`);
    headers.push([canonicalName(name), line.slice(colon + 1).trim()]);
  }
  let body = data.subarray(end + 4);
  const lengthText = header({ headers }, "Content-Length");
  if (lengthText !== undefined) {
    if (!/^\d{1,6}$/.test(lengthText)) throw new SipParseError(`malformed Content-Length: ${lengthText.slice(0, 20)}`);
    const length = Number(lengthText);
    if (length > body.length) throw new SipParseError(`Content-Length ${length} is more than the ${body.length} bytes received`);
    body = body.subarray(0, length);
  }
  const response = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(start);
  const request = /^([A-Z]+) (\S+) SIP\/2\.0$/.exec(start);
  let msg: SipMessage;
  if (response) msg = { kind: "response", status: Number(response[1]), reason: response[2], headers, body: Buffer.from(body) };
  else if (request) msg = { kind: "request", method: request[1], uri: request[2], headers, body: Buffer.from(body) };
  else throw new SipParseError(`malformed start line: ${start.slice(0, 80)}`);
  for (const name of REQUIRED) if (!header(msg, name)) throw new MissingHeaderError(`missing ${name} header`, msg);
  if (!/^\d{1,10} [A-Z]+$/.test(header(msg, "CSeq")!)) throw new MissingHeaderError(`malformed CSeq: ${header(msg, "CSeq")!.slice(0, 40)}`, msg);
  return msg;
}

/** The start line parsed but the message lacks what every SIP message needs: a request may still get a 400. */
export class MissingHeaderError extends SipParseError {
  constructor(
    message: string,
    readonly partial: SipMessage,
  ) {
    super(message);
  }
}

/**
 * Cuts complete messages off the front of a TCP stream buffer (§18.3: Content-Length is mandatory on
 * streams). Returns the messages (as raw bytes) and what remains; throws on a stream that cannot be framed.
 */
export function cutStream(buffer: Buffer): { messages: Buffer[]; rest: Buffer } {
  const messages: Buffer[] = [];
  let rest = buffer;
  for (;;) {
    // keep-alive CRLFs between messages (RFC 5626 §3.5.1)
    let skip = 0;
    while (rest.length >= skip + 2 && rest[skip] === 13 && rest[skip + 1] === 10) skip += 2;
    rest = rest.subarray(skip);
    const end = rest.indexOf(HEADER_END);
    if (end < 0) {
      if (rest.length > MAX_MESSAGE_BYTES) throw new SipParseError("no end of headers within the size limit");
      return { messages, rest };
    }
    const match = /\r\n(?:content-length|l)[ \t]*:[ \t]*(\d+)/i.exec(rest.subarray(0, end).toString("latin1"));
    if (!match) throw new SipParseError("a message on a stream transport has no Content-Length");
    const total = end + 4 + Number(match[1]);
    if (total > MAX_MESSAGE_BYTES) throw new SipParseError(`message of ${total} bytes is larger than ${MAX_MESSAGE_BYTES}`);
    if (rest.length < total) return { messages, rest };
    messages.push(Buffer.from(rest.subarray(0, total)));
    rest = rest.subarray(total);
  }
}

/** Serializes a message; Content-Length is always (re)computed from the body. */
export function serializeSip(msg: SipMessage): Buffer {
  const start = msg.kind === "request" ? `${msg.method} ${msg.uri} SIP/2.0` : `SIP/2.0 ${msg.status} ${msg.reason}`;
  const lines = [start, ...msg.headers.filter(([n]) => n.toLowerCase() !== "content-length").map(([n, v]) => `${n}: ${v}`), `Content-Length: ${msg.body.length}`];
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "utf8"), msg.body]);
}

export const REASONS: Record<number, string> = {
  100: "Trying",
  200: "OK",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  481: "Call/Transaction Does Not Exist",
  488: "Not Acceptable Here",
  500: "Server Internal Error",
  501: "Not Implemented",
};

/**
 * A response to a request (§8.2.6): Via, From, Call-ID and CSeq copied, To copied with a tag added when it
 * has none (only for final responses that create or answer a dialog).
 */
export function responseTo(req: SipRequest, status: number, extra: SipHeaders = [], body: Buffer = Buffer.alloc(0), toTag?: string): SipResponse {
  const headers: SipHeaders = [];
  for (const [n, v] of req.headers) if (n === "Via") headers.push([n, v]);
  const to = header(req, "To")!;
  headers.push(["From", header(req, "From")!]);
  headers.push(["To", toTag && !/;\s*tag=/i.test(to) ? `${to};tag=${toTag}` : to]);
  headers.push(["Call-ID", header(req, "Call-ID")!]);
  headers.push(["CSeq", header(req, "CSeq")!]);
  headers.push(...extra);
  return { kind: "response", status, reason: REASONS[status] ?? "Unknown", headers, body };
}

/** The user part of a SIP URI or name-addr (`"x" <sip:34020000001320000001@3402000000>;tag=1` → the id). */
export function uriUser(value: string): string | null {
  const m = /sips?:([^@;>\s]+)@/i.exec(value) ?? /sips?:([^@;>\s:]+)/i.exec(value);
  return m ? m[1] : null;
}

/** A `;name=value` parameter of a header value (`tag`, `branch`, `received`…). */
export function headerParam(value: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}=([^;,\\s>]+)`, "i").exec(value);
  return m?.[1];
}

/** The CSeq number and method. */
export function cseq(msg: SipMessage): { seq: number; method: string } {
  const [seq, method] = header(msg, "CSeq")!.split(/\s+/);
  return { seq: Number(seq), method };
}
