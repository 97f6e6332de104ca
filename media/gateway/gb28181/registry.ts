/**
 * Which devices are registered and alive (pure: every method takes `now`). A device is online from a good
 * REGISTER until its registration expires, it unregisters (Expires: 0), or it misses `missed` keep-alives
 * in a row (GB/T 28181-2016 §9.6: heartbeat every 60 s by default, offline after 3 missed).
 */

export type Peer = { transport: "udp"; address: string; port: number } | { transport: "tcp"; address: string; port: number; connection: number };

export interface DeviceState {
  deviceId: string;
  peer: Peer;
  registeredAt: number;
  expiresAt: number;
  lastSeenAt: number;
}

export interface Offline {
  deviceId: string;
  reason: string;
}

export class DeviceRegistry {
  private devices = new Map<string, DeviceState>();

  constructor(
    /** the keep-alive interval the devices are configured with */
    private readonly keepaliveMs: number,
    private readonly missed = 3,
  ) {}

  get(deviceId: string): DeviceState | undefined {
    return this.devices.get(deviceId);
  }

  ids(): string[] {
    return [...this.devices.keys()];
  }

  /** A good REGISTER: true when the device was not online before. */
  register(deviceId: string, peer: Peer, expiresS: number, now: number): boolean {
    const fresh = !this.devices.has(deviceId);
    this.devices.set(deviceId, { deviceId, peer, registeredAt: this.devices.get(deviceId)?.registeredAt ?? now, expiresAt: now + expiresS * 1000, lastSeenAt: now });
    return fresh;
  }

  /** A keep-alive (or any request) from a registered device; false when it is not registered. */
  seen(deviceId: string, peer: Peer, now: number): boolean {
    const d = this.devices.get(deviceId);
    if (!d) return false;
    d.lastSeenAt = now;
    // a device behind NAT may come back from another port: answer and send where it is now
    d.peer = peer;
    return true;
  }

  remove(deviceId: string): boolean {
    return this.devices.delete(deviceId);
  }

  /** Devices whose registration lapsed or whose keep-alives stopped: removed and returned with the reason. */
  sweep(now: number): Offline[] {
    const out: Offline[] = [];
    const silentLimit = this.keepaliveMs * this.missed;
    for (const d of this.devices.values()) {
      let reason: string | null = null;
      if (now >= d.expiresAt) reason = "registration expired";
      else if (now - d.lastSeenAt >= silentLimit) reason = `${this.missed} keep-alives missed (interval ${Math.round(this.keepaliveMs / 1000)} s)`;
      if (!reason) continue;
      this.devices.delete(d.deviceId);
      out.push({ deviceId: d.deviceId, reason });
    }
    return out;
  }

  /** A TCP connection closed: its devices are gone (they will register again on a new one). */
  connectionClosed(connection: number): Offline[] {
    const out: Offline[] = [];
    for (const d of this.devices.values()) {
      if (d.peer.transport !== "tcp" || d.peer.connection !== connection) continue;
      this.devices.delete(d.deviceId);
      out.push({ deviceId: d.deviceId, reason: "TCP connection closed" });
    }
    return out;
  }
}
