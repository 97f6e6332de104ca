import { randomUUID } from "node:crypto";
import dgram from "node:dgram";
import { DISCOVERY_MULTICAST, parseProbeMatches, probe, type ProbeMatch } from "./soap.ts";

/**
 * WS-Discovery on the school's LAN: one Probe for NetworkVideoTransmitter to the multicast group (or, in tests and
 * where multicast is filtered, to a configured host:port), every ProbeMatch that answers it within the window,
 * one entry per device. Datagrams that are not answers to this probe are ignored.
 */
export interface DiscoveryOptions {
  target?: { address: string; port: number };
  timeoutMs?: number;
}

export function parseTarget(v: string | undefined): { address: string; port: number } | undefined {
  if (!v) return undefined;
  const m = /^([\w.-]+):(\d{1,5})$/.exec(v.trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new Error(`ONVIF_DISCOVERY must be host:port, got "${v}"`);
  return { address: m[1]!, port: Number(m[2]) };
}

export async function discover(o: DiscoveryOptions = {}): Promise<ProbeMatch[]> {
  const target = o.target ?? DISCOVERY_MULTICAST;
  const id = `urn:uuid:${randomUUID()}`;
  const found = new Map<string, ProbeMatch>();
  const socket = dgram.createSocket({ type: "udp4", reuseAddr: true });
  socket.on("message", (msg) => {
    for (const m of parseProbeMatches(msg.toString("utf8"), id)) if (!found.has(m.endpoint)) found.set(m.endpoint, m);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(0, () => resolve());
    });
    socket.on("error", () => {});
    const body = Buffer.from(probe(id));
    // UDP may drop a datagram: the probe goes twice, as WS-Discovery suggests
    await new Promise<void>((resolve, reject) => socket.send(body, target.port, target.address, (err) => (err ? reject(err) : resolve())));
    setTimeout(() => socket.send(body, target.port, target.address, () => {}), 200).unref();
    await new Promise((r) => setTimeout(r, o.timeoutMs ?? 2000));
  } finally {
    socket.close();
  }
  return [...found.values()];
}
