import { createHash } from "node:crypto";

/**
 * The little of SOAP and WS-Discovery that ONVIF needs, as pure string functions shared by the gateway's
 * discovery and the camera simulator (media/onvif-sim). Not a general XML parser: elements are found by their
 * local name whatever their namespace prefix, which is how ONVIF devices from different makers differ.
 */

export const NS = {
  soap: "http://www.w3.org/2003/05/soap-envelope",
  wsa: "http://schemas.xmlsoap.org/ws/2004/08/addressing",
  wsd: "http://schemas.xmlsoap.org/ws/2005/04/discovery",
  dn: "http://www.onvif.org/ver10/network/wsdl",
  tds: "http://www.onvif.org/ver10/device/wsdl",
  trt: "http://www.onvif.org/ver10/media/wsdl",
  tptz: "http://www.onvif.org/ver20/ptz/wsdl",
  tt: "http://www.onvif.org/ver10/schema",
  wsse: "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
  wsu: "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
} as const;

const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&apos;": "'" };
export const xmlEscape = (s: string) => s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
export const xmlUnescape = (s: string) => s.replace(/&(lt|gt|amp|quot|apos);/g, (e) => ENTITIES[e]!);

const open = (name: string) => `<(?:[\\w.-]+:)?${name}(?=[\\s/>])`;

/** The text inside the first element named `name` (any prefix), unescaped and trimmed; null when absent. */
export function textOf(xml: string, name: string): string | null {
  const m = new RegExp(`${open(name)}[^>]*>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}\\s*>`).exec(xml);
  return m ? xmlUnescape(m[1]!.trim()) : null;
}

/** Every element named `name` (any prefix) as its raw inner text, in order. */
export function allOf(xml: string, name: string): string[] {
  const re = new RegExp(`${open(name)}[^>]*>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}\\s*>`, "g");
  return [...xml.matchAll(re)].map((m) => m[1]!);
}

/** An attribute of the first element named `name`; null when either is absent. */
export function attrOf(xml: string, name: string, attr: string): string | null {
  const el = new RegExp(`${open(name)}([^>]*)>`).exec(xml);
  if (!el) return null;
  const a = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${attr}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(el[1]!);
  return a ? xmlUnescape(a[1] ?? a[2]!) : null;
}

/** The local name of the request in a SOAP envelope's Body; null when it is not a SOAP envelope with one. */
export function bodyAction(xml: string): string | null {
  if (!new RegExp(open("Envelope")).test(xml)) return null;
  const m = new RegExp(`${open("Body")}[^>]*>\\s*<(?:[\\w.-]+:)?([\\w.-]+)`).exec(xml);
  return m ? m[1]! : null;
}

export function envelope(body: string, header = ""): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<s:Envelope xmlns:s="${NS.soap}" xmlns:a="${NS.wsa}" xmlns:d="${NS.wsd}" xmlns:dn="${NS.dn}" xmlns:tds="${NS.tds}" ` +
    `xmlns:trt="${NS.trt}" xmlns:tptz="${NS.tptz}" xmlns:tt="${NS.tt}">` +
    (header ? `<s:Header>${header}</s:Header>` : "") +
    `<s:Body>${body}</s:Body></s:Envelope>`
  );
}

/** A SOAP 1.2 fault: `Sender` for the caller's mistakes (bad credentials, malformed request), `Receiver` for the device's. */
export function fault(code: "Sender" | "Receiver", subcode: string, reason: string): string {
  return envelope(
    `<s:Fault><s:Code><s:Value>s:${code}</s:Value><s:Subcode><s:Value>${xmlEscape(subcode)}</s:Value></s:Subcode></s:Code>` +
      `<s:Reason><s:Text xml:lang="en">${xmlEscape(reason)}</s:Text></s:Reason></s:Fault>`,
  );
}

/** The reason of a SOAP fault, or null when the message is not one. */
export function faultReason(xml: string): string | null {
  if (!new RegExp(open("Fault")).test(xml)) return null;
  return textOf(xml, "Text") ?? textOf(xml, "Value") ?? "SOAP fault";
}

// ---- WS-Security UsernameToken (ONVIF Core §5.12) ----

export interface UsernameToken {
  username: string;
  password: string;
  digest: boolean;
  nonce: string | null;
  created: string | null;
}

export function usernameToken(xml: string): UsernameToken | null {
  const token = allOf(xml, "UsernameToken")[0];
  if (token === undefined) return null;
  const username = textOf(token, "Username");
  const password = textOf(token, "Password");
  if (username === null || password === null) return null;
  const type = attrOf(token, "Password", "Type") ?? "";
  return { username, password, digest: type.endsWith("#PasswordDigest"), nonce: textOf(token, "Nonce"), created: textOf(token, "Created") };
}

/** PasswordDigest = Base64(SHA-1(nonce bytes + created + password)). */
export function passwordDigest(nonceBase64: string, created: string, password: string): string {
  return createHash("sha1")
    .update(Buffer.concat([Buffer.from(nonceBase64, "base64"), Buffer.from(created, "utf8"), Buffer.from(password, "utf8")]))
    .digest("base64");
}

/** Whether a request's token proves this username and password (digest, or plain text as some clients send). */
export function tokenMatches(t: UsernameToken | null, username: string, password: string): boolean {
  if (!t || t.username !== username) return false;
  if (!t.digest) return t.password === password;
  if (t.nonce === null || t.created === null) return false;
  return t.password === passwordDigest(t.nonce, t.created, password);
}

// ---- WS-Discovery (ONVIF Core §7.3) ----

export const DISCOVERY_MULTICAST = { address: "239.255.255.250", port: 3702 } as const;

export function probe(messageId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<s:Envelope xmlns:s="${NS.soap}" xmlns:a="${NS.wsa}" xmlns:d="${NS.wsd}" xmlns:dn="${NS.dn}"><s:Header>` +
    `<a:Action s:mustUnderstand="1">${NS.wsd}/Probe</a:Action><a:MessageID>${xmlEscape(messageId)}</a:MessageID>` +
    `<a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>` +
    `<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>`
  );
}

/** The MessageID of a Probe (to answer it), or null when the datagram is not a probe. */
export function probeId(xml: string): string | null {
  return bodyAction(xml) === "Probe" ? textOf(xml, "MessageID") : null;
}

export interface ProbeMatch {
  endpoint: string;
  xaddrs: string[];
  scopes: string[];
  /** from the onvif://www.onvif.org/name/… and /hardware/… scopes */
  name: string | null;
  hardware: string | null;
}

export function probeMatches(relatesTo: string, messageId: string, m: Omit<ProbeMatch, "name" | "hardware">): string {
  const header = `<a:Action>${NS.wsd}/ProbeMatches</a:Action><a:MessageID>${xmlEscape(messageId)}</a:MessageID><a:RelatesTo>${xmlEscape(relatesTo)}</a:RelatesTo>`;
  return envelope(
    `<d:ProbeMatches><d:ProbeMatch><a:EndpointReference><a:Address>${xmlEscape(m.endpoint)}</a:Address></a:EndpointReference>` +
      `<d:Types>dn:NetworkVideoTransmitter</d:Types><d:Scopes>${m.scopes.map(xmlEscape).join(" ")}</d:Scopes>` +
      `<d:XAddrs>${m.xaddrs.map(xmlEscape).join(" ")}</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches>`,
    header,
  );
}

const scopeValue = (scopes: string[], kind: string) => {
  const s = scopes.find((x) => x.startsWith(`onvif://www.onvif.org/${kind}/`));
  if (!s) return null;
  try {
    return decodeURIComponent(s.slice(`onvif://www.onvif.org/${kind}/`.length));
  } catch {
    return s.slice(`onvif://www.onvif.org/${kind}/`.length);
  }
};

/** The devices in a ProbeMatches answer to our probe (`relatesTo`); [] for anything else. Only http(s) XAddrs are kept. */
export function parseProbeMatches(xml: string, relatesTo?: string): ProbeMatch[] {
  if (bodyAction(xml) !== "ProbeMatches") return [];
  if (relatesTo !== undefined && textOf(xml, "RelatesTo") !== relatesTo) return [];
  return allOf(xml, "ProbeMatch").flatMap((m) => {
    const endpoint = textOf(m, "Address");
    const xaddrs = (textOf(m, "XAddrs") ?? "").split(/\s+/).filter((x) => /^https?:\/\/[^\s]+$/i.test(x));
    if (!endpoint || xaddrs.length === 0) return [];
    const scopes = (textOf(m, "Scopes") ?? "").split(/\s+/).filter(Boolean);
    return [{ endpoint, xaddrs, scopes, name: scopeValue(scopes, "name"), hardware: scopeValue(scopes, "hardware") }];
  });
}
