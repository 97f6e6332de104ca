/**
 * MANSCDP (GB/T 28181-2016 Annex A): the small XML bodies of MESSAGE requests, application/MANSCDP+xml.
 * Devices write them in GB2312 (declared or not) or UTF-8, flat, without namespaces or attributes we need
 * beyond `Num`, so a tag reader is enough; a full XML parser would bring nothing but a dependency (pure).
 */

export const MANSCDP_TYPE = "Application/MANSCDP+xml";

/**
 * Body bytes → text. Devices declare GB2312 and send UTF-8, or declare nothing and send GBK, so the
 * declaration is not trusted: bytes that are valid UTF-8 are UTF-8 (Chinese in GBK almost never is), the
 * rest is GB18030 (a superset of GB2312 and GBK, for channel names such as 后厨一号).
 */
export function decodeBody(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

const unescape = (s: string) =>
  s
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&");
const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The text of the first `<tag>` in `xml` (trimmed, unescaped), or undefined. */
export function tagText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}\\s*>`, "i").exec(xml);
  return m ? unescape(m[1]).trim() : undefined;
}

/** The root element's name (`Notify`, `Query`, `Response`, `Control`). */
export function rootName(xml: string): string | undefined {
  return /<([A-Za-z][\w.-]*)(?:\s[^>]*)?>/.exec(xml.replace(/<\?[\s\S]*?\?>/g, "").replace(/<!--[\s\S]*?-->/g, ""))?.[1];
}

export type Manscdp =
  | { type: "keepalive"; deviceId: string; sn: number; status: string }
  | { type: "catalog"; deviceId: string; sn: number; sumNum: number; items: CatalogItem[] }
  | { type: "other"; root: string; cmdType: string; deviceId: string; sn: number };

export interface CatalogItem {
  /** the channel's 20-digit id */
  deviceId: string;
  name: string;
  /** ON / OFF as the device reports the channel */
  status: string;
  manufacturer?: string;
  model?: string;
  parentId?: string;
}

export class ManscdpError extends Error {}

/** One MESSAGE body → what it says. Throws ManscdpError on a body that is not MANSCDP. */
export function parseManscdp(bytes: Uint8Array): Manscdp {
  const xml = decodeBody(bytes);
  const root = rootName(xml);
  if (!root) throw new ManscdpError("not XML");
  const cmdType = tagText(xml, "CmdType");
  const deviceId = tagText(xml, "DeviceID");
  const snText = tagText(xml, "SN");
  if (!cmdType || !deviceId) throw new ManscdpError(`${root} without CmdType or DeviceID`);
  const sn = snText && /^\d{1,10}$/.test(snText) ? Number(snText) : 0;
  if (root === "Notify" && cmdType === "Keepalive") return { type: "keepalive", deviceId, sn, status: tagText(xml, "Status") ?? "OK" };
  if (root === "Response" && cmdType === "Catalog") {
    const sumNum = Number(tagText(xml, "SumNum") ?? "0");
    const items: CatalogItem[] = [];
    const list = /<DeviceList(?:\s[^>]*)?>([\s\S]*?)<\/DeviceList\s*>/i.exec(xml)?.[1] ?? "";
    for (const m of list.matchAll(/<Item(?:\s[^>]*)?>([\s\S]*?)<\/Item\s*>/gi)) {
      const id = tagText(m[1], "DeviceID");
      if (!id) continue;
      items.push({
        deviceId: id,
        name: tagText(m[1], "Name") || id,
        status: (tagText(m[1], "Status") ?? "ON").toUpperCase(),
        manufacturer: tagText(m[1], "Manufacturer"),
        model: tagText(m[1], "Model"),
        parentId: tagText(m[1], "ParentID"),
      });
    }
    return { type: "catalog", deviceId, sn, sumNum: Number.isFinite(sumNum) ? sumNum : items.length, items };
  }
  return { type: "other", root, cmdType, deviceId, sn };
}

/** The platform's catalog query (§A.2.4.3). */
export function catalogQuery(deviceId: string, sn: number): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="GB2312"?>\r\n<Query>\r\n<CmdType>Catalog</CmdType>\r\n<SN>${sn}</SN>\r\n<DeviceID>${escape(deviceId)}</DeviceID>\r\n</Query>\r\n`, "latin1");
}

/**
 * Whether a catalog item is a video channel. GB/T 28181 20-digit ids carry a type code in digits 11–13
 * (131 camera, 132 IP camera; 111/118 are DVR/NVR themselves, 2xx platforms and groups).
 */
export function isVideoChannel(id: string): boolean {
  return /^\d{20}$/.test(id) ? ["131", "132"].includes(id.slice(10, 13)) : true;
}
