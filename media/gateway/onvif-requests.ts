import { parseMessage, senderOf } from "../../server/bus/parse.ts";
import { type FoundDevice, ONVIF_PROBE_WINDOW_MS, ONVIF_TOPIC, type OnvifMessage, type OnvifResult, Xaddr } from "../../server/onvif/contracts.ts";
import { postAsDevice } from "./device-post.ts";
import type { Gateway } from "./gateway.ts";
import { errorText, type Logger } from "./log.ts";
import { classify, OnvifCamera } from "./onvif/client.ts";
import { discover } from "./onvif/discovery.ts";
import { bodyAction, envelope, textOf } from "./onvif/soap.ts";

export interface OnvifRequestsOptions {
  log: Logger;
  report(r: OnvifResult): Promise<unknown>;
  /** where probes go (ONVIF_DISCOVERY); the multicast group when unset */
  target?: { address: string; port: number };
}

/**
 * The gateway's side of 发现摄像头 (issue 17): the API's requests on the `onvif` topic (checked on receipt by the shared
 * parser: only the server may send them), carried out one at a time, each answered to the API. A probe lists the
 * devices that answered with what their scopes say and, where a device tells it without credentials, its
 * GetDeviceInformation; a profiles request connects with the credentials it carries, which are used for it alone and
 * never logged.
 */
export class OnvifRequests {
  private queue: Promise<void> = Promise.resolve();
  constructor(private readonly o: OnvifRequestsOptions) {}

  receive(payload: Uint8Array, participant: { attributes?: Record<string, string> } | undefined | null, topic: string | undefined): boolean {
    if (topic !== ONVIF_TOPIC) return false;
    const parsed = parseMessage(ONVIF_TOPIC, payload, senderOf(participant));
    // the reason names paths and rules, never the values (a password stays out of the log)
    if (!parsed.ok) this.o.log.warn(`ignored an "${ONVIF_TOPIC}" message: ${parsed.reason}`);
    else {
      const m = parsed.message;
      this.queue = this.queue.then(() => this.answer(m));
    }
    return true;
  }

  /** Resolves once every request received so far is answered (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async answer(m: OnvifMessage): Promise<void> {
    const result = await this.carryOut(m);
    await this.o.report(result).catch((err: unknown) => this.o.log.warn(`could not answer ONVIF request ${m.id}: ${errorText(err)}`));
  }

  private async carryOut(m: OnvifMessage): Promise<OnvifResult> {
    if (m.type === "onvif.discover") {
      try {
        const matches = await discover({ target: this.o.target, timeoutMs: ONVIF_PROBE_WINDOW_MS });
        const devices = await Promise.all(matches.slice(0, 256).map(async (d) => found(d.endpoint, d.xaddrs, d.name, d.hardware)));
        this.o.log.info(`ONVIF discovery ${m.id}: ${devices.length} device(s)`);
        return { requestId: m.id, ok: true, devices: devices.filter((d): d is FoundDevice => d !== null) };
      } catch (err) {
        return { requestId: m.id, ok: false, failure: "probe_failed", error: `the probe could not be sent: ${errorText(err)}`.slice(0, 300) };
      }
    }
    try {
      const cam = await OnvifCamera.connect({ xaddr: m.xaddr, username: m.username, password: m.password });
      const device = await cam.device();
      return { requestId: m.id, ok: true, device: { manufacturer: cut(device.manufacturer), model: cut(device.model), profiles: device.profiles.slice(0, 32).map((p) => ({ ...p, name: p.name.slice(0, 200), encoding: cut(p.encoding), width: positive(p.width), height: positive(p.height), streamUri: p.streamUri.slice(0, 500) })) } };
    } catch (err) {
      const e = classify(err);
      this.o.log.warn(`ONVIF profiles of ${m.xaddr} (request ${m.id}): ${e.kind}: ${e.message}`);
      return { requestId: m.id, ok: false, failure: e.kind, error: e.message.slice(0, 300) };
    }
  }
}

const cut = (s: string | null) => (s === null ? null : s.slice(0, 200));
const positive = (n: number | null) => (n !== null && Number.isInteger(n) && n > 0 ? n : null);

/** A device that answered the probe, with its first usable device service and what it says of itself without credentials. */
async function found(endpoint: string, xaddrs: string[], name: string | null, hardware: string | null): Promise<FoundDevice | null> {
  const xaddr = xaddrs.find((x) => Xaddr.safeParse(x).success);
  if (!xaddr) return null;
  const info = await deviceInformation(xaddr);
  return { endpoint: endpoint.slice(0, 200), xaddr, name: cut(name), hardware: cut(hardware), manufacturer: info?.manufacturer ?? null, model: info?.model ?? null };
}

/** GetDeviceInformation without credentials: most cameras refuse it (null), some answer. */
async function deviceInformation(xaddr: string): Promise<{ manufacturer: string | null; model: string | null } | null> {
  try {
    const res = await fetch(xaddr, {
      method: "POST",
      headers: { "content-type": "application/soap+xml; charset=utf-8" },
      body: envelope("<tds:GetDeviceInformation/>"),
      signal: AbortSignal.timeout(2000),
    });
    const xml = await res.text();
    if (!res.ok || bodyAction(xml) !== "GetDeviceInformationResponse") return null;
    return { manufacturer: cut(textOf(xml, "Manufacturer")), model: cut(textOf(xml, "Model")) };
  } catch {
    return null;
  }
}

/** Wired to a gateway: follows its room, answers the API with its device token. */
export function startOnvifRequests(gateway: Gateway, apiUrl: string, deviceToken: () => string, log: Logger, target?: { address: string; port: number }): OnvifRequests {
  const base = apiUrl.replace(/\/+$/, "");
  const requests = new OnvifRequests({
    log,
    target,
    report: (r) => postAsDevice(`${base}/api/v1/gateway/onvif/results`, { token: deviceToken(), body: r, timeoutMs: 10_000 }),
  });
  gateway.on("data", (payload, participant, topic) => requests.receive(payload, participant, topic));
  return requests;
}
