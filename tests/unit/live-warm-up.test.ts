import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/**
 * warmWebRtc (client/pages/live/preload.ts) starts the browser's WebRTC engine, its audio and video codec factories
 * and its first ICE gathering before the click on 实时查看 (issue 11, item 18: a first open in a fresh context).
 * A stand-in peer connection records what it was asked to do; nothing of a real network is involved.
 */
class FakePeerConnection extends EventTarget {
  static made: FakePeerConnection[] = [];
  config: unknown;
  transceivers: Array<{ kind: string; direction?: string }> = [];
  channels: string[] = [];
  local: unknown = null;
  closed = false;
  iceGatheringState = "new";
  constructor(config?: unknown) {
    super();
    this.config = config;
    FakePeerConnection.made.push(this);
  }
  addTransceiver(kind: string, init?: { direction?: string }) {
    this.transceivers.push({ kind, direction: init?.direction });
  }
  createDataChannel(label: string) {
    this.channels.push(label);
  }
  async createOffer() {
    return { type: "offer", sdp: "v=0" };
  }
  async setLocalDescription(d: unknown) {
    this.local = d;
    this.iceGatheringState = "gathering";
  }
  finishGathering() {
    this.iceGatheringState = "complete";
    this.dispatchEvent(new Event("icegatheringstatechange"));
  }
  close() {
    this.closed = true;
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("warming WebRTC up before the click", () => {
  beforeEach(() => {
    vi.resetModules();
    FakePeerConnection.made = [];
    vi.stubGlobal("RTCPeerConnection", FakePeerConnection);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("offers to receive audio and video, sets the offer locally (ICE gathering starts) and uses no ICE server", async () => {
    const { warmWebRtc } = await import("../../client/pages/live/preload.ts");
    warmWebRtc();
    await flush();
    const [pc] = FakePeerConnection.made;
    expect(pc).toBeDefined();
    expect(pc!.transceivers).toEqual([
      { kind: "audio", direction: "recvonly" },
      { kind: "video", direction: "recvonly" },
    ]);
    expect(pc!.local).toEqual({ type: "offer", sdp: "v=0" });
    expect(pc!.config).toBeUndefined();
    expect(pc!.closed).toBe(false);
    pc!.finishGathering();
    expect(pc!.closed).toBe(true);
  });

  it("warms once per page", async () => {
    const { warmWebRtc } = await import("../../client/pages/live/preload.ts");
    warmWebRtc();
    warmWebRtc();
    expect(FakePeerConnection.made).toHaveLength(1);
  });

  it("closes the connection after 2 s when gathering never completes", async () => {
    vi.useFakeTimers();
    const { warmWebRtc } = await import("../../client/pages/live/preload.ts");
    warmWebRtc();
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakePeerConnection.made[0]!.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakePeerConnection.made[0]!.closed).toBe(true);
  });

  it("does nothing in a browser without WebRTC", async () => {
    vi.stubGlobal("RTCPeerConnection", undefined);
    const { warmWebRtc } = await import("../../client/pages/live/preload.ts");
    expect(() => warmWebRtc()).not.toThrow();
  });
});
