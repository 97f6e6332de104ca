import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { setupOnce } from "./support/setup.ts";
import { startLiveStack, waitForMovingTiles } from "./support/live.ts";

/**
 * A supervised viewing session's window closing by time (issue 13), in Chromium with the real API, LiveKit and
 * gateway: no one presses "end". A parent joined inside a short real window (~90 s) watches 备餐间 (not public)
 * and a public camera, hears the host (Chromium's fake microphone playing a 440 Hz tone that ffmpeg wrote),
 * speaks when the host opens their microphone and is cut off when the host closes it; when the window closes the
 * page says so and the gateway withdraws 备餐间 from the still-connected parent, while the public camera plays on.
 */
const WINDOW_MS = 90_000;
/** energy (Σ level² · s, WebRTC's inbound-rtp totalAudioEnergy) that silence never reaches: DTX silence adds ~0 */
const HEARD_ENERGY = 0.003;
/** how late after the window's end the withdrawal may reach the parent ("at once": the gateway's timer + signalling) */
const WITHDRAW_WITHIN_MS = 5_000;

/** The audio one page receives from one participant: inbound-rtp bytes and energy (WebRTC's own level meter). */
const audioFrom = (page: Page, identity: string) =>
  page.evaluate(async (who) => {
    const room = (window as unknown as { __live: { room: any } }).__live.room;
    let bytes = 0;
    let energy = 0;
    let level = 0;
    for (const pub of room.remoteParticipants.get(who)?.audioTrackPublications.values() ?? []) {
      const report: RTCStatsReport | undefined = await pub.track?.getRTCStatsReport();
      report?.forEach((s: { type: string; bytesReceived?: number; totalAudioEnergy?: number; audioLevel?: number }) => {
        if (s.type !== "inbound-rtp") return;
        bytes += s.bytesReceived ?? 0;
        energy += s.totalAudioEnergy ?? 0;
        level = Math.max(level, s.audioLevel ?? 0);
      });
    }
    return { bytes, energy, level };
  }, identity);

const identityOf = (page: Page) => page.evaluate(() => (window as unknown as { __live: { room: any } }).__live.room.localParticipant.identity as string);

/** The parent's view of one camera's publication (what LiveKit told the SDK, not what the page chose). */
const publicationOf = (page: Page, cameraId: string) =>
  page.evaluate((id) => {
    const room = (window as unknown as { __live: { room: any } }).__live.room;
    for (const p of room.remoteParticipants.values()) {
      for (const pub of p.videoTrackPublications.values()) if (pub.trackName === id) return { subscribed: pub.isSubscribed as boolean, permission: pub.permissionStatus as string | undefined };
    }
    return null;
  }, cameraId);

describe("a viewing session's window closing by time, in Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "viewing-window-"));
  const wav = join(dir, "host-voice.wav");
  // a 440 Hz tone swelling 3 times a second, like syllables: WebRTC's noise suppression flattens a steady tone to a
  // whisper (measured: energy 0.0075 in 20 s); Chromium loops the file as its fake microphone
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "aevalsrc=0.8*sin(2*PI*440*t)*(0.5+0.5*sin(2*PI*3*t)):s=48000:d=5", "-ac", "1", wav]);
  const cams = { prep: "", open: "" };
  let parentId = "";
  const env = setupOnce(
    () =>
      startLiveStack({
        gateway: true,
        chromiumArgs: [`--use-file-for-fake-audio-capture=${wav}`, "--autoplay-policy=no-user-gesture-required"],
        beforeGateway: async (server) => {
          const principal = await server.login("school.principal");
          const canteen = (await server.call("GET", `/api/v1/canteens/${server.demo.canteenId}`, { token: principal })).json;
          const area = canteen.areas.find((a: { kind: string }) => a.kind === "prep_room");
          cams.prep = canteen.cameras.find((c: { areaId: string }) => c.areaId === area.id).id;
          cams.open = canteen.cameras.find((c: { id: string; publicVisible: boolean }) => c.publicVisible && c.id !== cams.prep).id;
          expect((await server.call("PATCH", `/api/v1/cameras/${cams.prep}`, { token: principal, body: { publicVisible: false } })).status).toBe(200);
          parentId = (await server.call("GET", "/api/v1/auth/me", { token: await server.login("school.parent") })).json.id;
          const seated = await server.call("POST", "/api/v1/committee", { token: principal, body: { orgId: canteen.orgId, userId: parentId, grade: "七年级", term: "2026—2027学年" } });
          expect(seated.status, seated.text).toBe(201);
        },
      }),
    async (stack) => {
      await stack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  );

  it("the parent hears the host, speaks when let, and loses 备餐间 (not the public camera) when the window closes", async () => {
    const stack = env();
    const url = stack.server.url;
    const principal = await stack.server.login("school.principal");
    const hostId = (await stack.server.call("GET", "/api/v1/auth/me", { token: principal })).json.id as string;
    const endsAt = Date.now() + WINDOW_MS;
    const made = await stack.server.call("POST", "/api/v1/viewing-sessions", {
      token: principal,
      body: { canteenId: stack.canteenId, title: "短时段监督", startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(endsAt).toISOString(), cameraIds: [cams.prep, cams.open], inviteeIds: [parentId], hostId },
    });
    expect(made.status, made.text).toBe(201);
    const sessionId = made.json.id as string;

    // the parent joins inside the window: both cameras move
    const parent = await stack.signIn("school.parent", { permissions: ["microphone"] });
    await parent.page.goto(`${url}/viewing/${sessionId}`);
    await parent.page.waitForSelector('[data-testid="connection-state"][data-state="connected"]', { timeout: 30_000 });
    await waitForMovingTiles(parent.page, 2, 5, '[data-testid="camera-tile"]');

    // the host speaks from the canteen's live room; the parent's page receives it, and it is not silence
    const host = await stack.signIn("school.principal", { permissions: ["microphone"] });
    await host.page.goto(`${url}/live/${stack.canteenId}`);
    await host.page.waitForSelector('[data-testid="connection-state"][data-state="connected"]', { timeout: 30_000 });
    await host.page.click('[data-testid="mic-toggle"]');
    await host.page.waitForSelector('[data-testid="mic-toggle"][aria-pressed="true"]');
    expect(await identityOf(host.page)).toBe(hostId);
    const heard = await audioFrom(parent.page, hostId);
    await expect.poll(async () => (await audioFrom(parent.page, hostId)).energy - heard.energy, { timeout: 20_000, interval: 250 }).toBeGreaterThan(HEARD_ENERGY);
    console.log(`[viewing window] the parent hears the host: ${JSON.stringify(await audioFrom(parent.page, hostId))}`);
    await host.page.click('[data-testid="mic-toggle"]');
    await host.page.waitForSelector('[data-testid="mic-toggle"][aria-pressed="false"]');

    // the host opens the parent's microphone (a participant-permission update on LiveKit), hears them, closes it
    const mic = (open: boolean) => host.context.request.post(`${url}/api/v1/viewing-sessions/${sessionId}/microphone`, { data: { userId: parentId, open } });
    expect((await mic(true)).status()).toBe(200);
    await parent.page.click('[data-testid="viewing-speak"]', { timeout: 10_000 });
    await parent.page.waitForSelector('[data-testid="viewing-speak"][aria-pressed="true"]');
    const asked = await audioFrom(host.page, parentId);
    await expect.poll(async () => (await audioFrom(host.page, parentId)).energy - asked.energy, { timeout: 20_000, interval: 250 }).toBeGreaterThan(HEARD_ENERGY);
    console.log(`[viewing window] the host hears the parent: ${JSON.stringify(await audioFrom(host.page, parentId))}`);
    expect((await mic(false)).status()).toBe(200);
    // closed: the parent's page stops publishing, and the host's page no longer has the parent's voice
    await parent.page.waitForSelector('[data-testid="viewing-speak"]', { state: "detached", timeout: 10_000 });
    await host.page.waitForFunction((who) => ![...((window as any).__live.room.remoteParticipants.get(who)?.audioTrackPublications.values() ?? [])].some((p: any) => p.track), parentId, { timeout: 10_000 });
    const closedAt = (await audioFrom(host.page, parentId)).bytes;
    expect(closedAt).toBe(0);
    // and publishing again is refused by the server (the permission is gone, not just the button)
    expect(await parent.page.evaluate(async () => {
      try {
        await (window as any).__live.room.localParticipant.setMicrophoneEnabled(true);
        return (window as any).__live.room.localParticipant.isMicrophoneEnabled as boolean;
      } catch {
        return false;
      }
    })).toBe(false);

    // the window closes by time, nobody pressing anything: the page says so, still connected
    await parent.page.waitForSelector('[data-testid="viewing-state"][data-state="over"]', { timeout: endsAt - Date.now() + 15_000 });
    await parent.page.waitForSelector('[data-testid="viewing-over"]');
    expect(await parent.page.getAttribute('[data-testid="connection-state"]', "data-state")).toBe("connected");
    // the gateway withdrew 备餐间 from this parent at once: LiveKit says not allowed, the track is unsubscribed
    await expect.poll(() => publicationOf(parent.page, cams.prep), { timeout: endsAt - Date.now() + WITHDRAW_WITHIN_MS, interval: 100 }).toEqual({ subscribed: false, permission: "not_allowed" });
    const withdrawnAfter = Date.now() - endsAt;
    console.log(`[viewing window] 备餐间 withdrawn ${withdrawnAfter} ms after the window's end`);
    expect(withdrawnAfter).toBeLessThan(WITHDRAW_WITHIN_MS);
    await parent.page.waitForSelector(`[data-testid="camera-tile"][data-camera-id="${cams.prep}"][data-state="restricted"]`);
    // the public camera plays on
    expect(await publicationOf(parent.page, cams.open)).toMatchObject({ subscribed: true });
    await waitForMovingTiles(parent.page, 1, 5, `[data-testid="camera-tile"][data-camera-id="${cams.open}"]`);

    for (const u of [host, parent]) expect(u.problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
    await Promise.all([host, parent].map((u) => u.context.close()));
  }, 240_000);
});
