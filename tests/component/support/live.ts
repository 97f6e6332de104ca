import { createSignal } from "solid-js";
import type { ControllerOptions } from "../../../client/live/controller.ts";
import type { CameraFeed, ConnectionStateName, LiveController, LiveGrants, ParticipantView, StopReason } from "../../../client/live/types.ts";

/** Grants as POST /live/token answers them (sources as the API spells them today: protobuf numbers). */
export const GRANTS = {
  inspector: { canSubscribe: true, canPublish: true, canPublishData: true, canPublishSources: ["2"] },
  principal: { canSubscribe: true, canPublish: true, canPublishData: true, canPublishSources: ["2", "1"] },
  parent: { canSubscribe: true, canPublish: false, canPublishData: false, canPublishSources: [] },
} satisfies Record<string, LiveGrants>;

export interface FakeLive extends LiveController {
  options: ControllerOptions;
  setState(state: ConnectionStateName): void;
  setGrants(grants: LiveGrants | null): void;
  setPublished(ids: string[]): void;
  setFeed(cameraId: string, feed: CameraFeed): void;
  setParticipants(people: ParticipantView[]): void;
  setStopReason(reason: StopReason | null): void;
  /** data arriving on a topic: a string or an object (sent as JSON); `from` a participant, or the server */
  emit(topic: string, payload: string | object, from?: string): void;
  /** camera id → how many times a <video> was registered for it, and the ones registered now */
  registrations: Map<string, number>;
  attached: Map<string, HTMLVideoElement>;
  micCalls: boolean[];
  connectCalls: number;
  /** parked now (the page was left; roomKeeper.ts keeps it) and how often it was resumed */
  parked: boolean;
  resumes: number;
  /** taken over by the page after the router entered it on the way (roomKeeper.ts) */
  adopted: number;
  /** what connect() got from fetchToken (or the error) */
  connectToken: unknown;
  closed: boolean;
  /** what the page sent with sendData, decoded as JSON */
  sent: Array<{ topic: string; message: unknown; reliable: boolean }>;
  setIdentity(identity: string | null): void;
}

/** A stand-in for the room controller (client/live/controller.ts): Solid signals the test sets by hand. */
export function createFakeLive(options: ControllerOptions): FakeLive {
  const [state, setState] = createSignal<ConnectionStateName>("connecting");
  const [grants, setGrants] = createSignal<LiveGrants | null>(null);
  const [published, setPublished] = createSignal<string[]>([]);
  const [feeds, setFeeds] = createSignal<Record<string, CameraFeed>>({});
  const [participants, setParticipants] = createSignal<ParticipantView[]>([]);
  const [stopReason, setStopReason] = createSignal<StopReason | null>(null);
  const [mic, setMic] = createSignal(false);
  const [identity, setIdentity] = createSignal<string | null>(null);
  const handlers = new Map<string, Set<(payload: Uint8Array, from: string | undefined) => void>>();
  const fake: FakeLive = {
    options,
    state,
    stopReason,
    error: () => undefined,
    nextRetryAt: () => null,
    quality: () => "excellent",
    grants,
    participants,
    publishedCameras: published,
    cameraFeed: (id) => feeds()[id] ?? (published().includes(id) ? "loading" : "absent"),
    attachCamera(id, element) {
      fake.registrations.set(id, (fake.registrations.get(id) ?? 0) + 1);
      fake.attached.set(id, element);
      return () => {
        if (fake.attached.get(id) === element) fake.attached.delete(id);
      };
    },
    micEnabled: mic,
    micBusy: () => false,
    micError: () => undefined,
    async setMicEnabled(on) {
      fake.micCalls.push(on);
      setMic(on);
    },
    audioBlocked: () => false,
    startAudio: async () => undefined,
    onData(topic, handler) {
      const set = handlers.get(topic) ?? new Set();
      set.add(handler);
      handlers.set(topic, set);
      return () => set.delete(handler);
    },
    sendData(topic, payload, opts) {
      if (state() !== "connected") return false;
      fake.sent.push({ topic, message: JSON.parse(new TextDecoder().decode(payload)), reliable: opts.reliable });
      return true;
    },
    identity,
    setIdentity,
    sent: [],
    async connect() {
      // like the real one: connecting takes a token
      fake.connectCalls++;
      fake.connectToken = await options.fetchToken().catch((error: unknown) => error);
    },
    reconnectNow: () => undefined,
    park() {
      fake.parked = true;
    },
    adopt(fetchToken) {
      fake.adopted++;
      fake.options = { ...fake.options, fetchToken };
    },
    resume(fetchToken) {
      fake.parked = false;
      fake.resumes++;
      fake.options = { ...fake.options, fetchToken };
    },
    async close() {
      fake.closed = true;
    },
    setState,
    setGrants,
    setPublished,
    setFeed: (id, feed) => setFeeds((all) => ({ ...all, [id]: feed })),
    setParticipants,
    setStopReason,
    emit(topic, payload, from) {
      const bytes = new TextEncoder().encode(typeof payload === "string" ? payload : JSON.stringify(payload));
      for (const handler of handlers.get(topic) ?? []) handler(bytes, from);
    },
    registrations: new Map(),
    attached: new Map(),
    micCalls: [],
    connectCalls: 0,
    parked: false,
    resumes: 0,
    adopted: 0,
    connectToken: undefined,
    closed: false,
  };
  return fake;
}

/** The controllers the page made, newest last (vi.mock of client/live/controller.ts hands out fakes). */
export const fakes: FakeLive[] = [];
export const lastFake = () => {
  const fake = fakes[fakes.length - 1];
  if (!fake) throw new Error("the live page made no room controller");
  return fake;
};

export const fakeControllerModule = {
  createLiveController(options: ControllerOptions) {
    const fake = createFakeLive(options);
    fakes.push(fake);
    return fake;
  },
};
