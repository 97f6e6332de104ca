import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { setupOnce } from "./support/setup.ts";
import { openLive, startLiveStack } from "./support/live.ts";

/** Bytes of audio the page has received from one participant so far (its RTP receiver's inbound-rtp stats). */
const audioBytesFrom = (page: Page, identity: string) =>
  page.evaluate(async (who) => {
    const room = (window as unknown as { __live: { room: any } }).__live.room;
    const participant = room.remoteParticipants.get(who);
    let bytes = 0;
    for (const pub of participant?.audioTrackPublications.values() ?? []) {
      const report: RTCStatsReport | undefined = await pub.track?.getRTCStatsReport();
      report?.forEach((s: { type: string; bytesReceived?: number }) => {
        if (s.type === "inbound-rtp") bytes += s.bytesReceived ?? 0;
      });
    }
    return bytes;
  }, identity);

/** Waits (polling the stats, no fixed sleeps) until at least `more` bytes beyond `from` have arrived. */
async function waitForBytes(page: Page, identity: string, from: number, more: number) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const now = await audioBytesFrom(page, identity);
    if (now >= from + more) return now;
    if (Date.now() > deadline) throw new Error(`audio from ${identity}: ${now - from} bytes in 20 s, wanted ${more}`);
    await page.waitForTimeout(200);
  }
}

/** Voice through a real LiveKit room: Chromium's fake microphone on one side, RTP stats on the other. */
describe("live voice in Chromium", () => {
  const liveStack = setupOnce(() => startLiveStack({ gateway: false }), (stack) => stack.close());

  it("the principal's microphone reaches the inspector; push-to-talk turns it on only while held", async () => {
    const stack = liveStack();
    const inspector = await stack.signIn("echeng.inspector");
    const principal = await stack.signIn("school.principal", { permissions: ["microphone"] });
    await openLive(inspector, stack.server.url, stack.canteenId);
    await openLive(principal, stack.server.url, stack.canteenId);
    const principalId = await principal.page.evaluate(() => (window as unknown as { __live: { room: any } }).__live.room.localParticipant.identity as string);
    const person = `[data-testid="participant"][data-identity="${principalId}"]`;

    // the inspector sees the principal in the room, labelled by role
    await inspector.page.waitForSelector(person);
    expect(await inspector.page.textContent(`${person} [data-testid="participant-role"]`)).toBe("校长");

    await principal.page.click('[data-testid="mic-toggle"]');
    await principal.page.waitForSelector('[data-testid="mic-toggle"][aria-pressed="true"]');
    await inspector.page.waitForSelector(`${person} [data-testid="participant-mic"][data-mic="on"]`);
    await inspector.page.waitForFunction(
      (who) => {
        const p = (window as unknown as { __live: { room: any } }).__live.room.remoteParticipants.get(who);
        return [...(p?.audioTrackPublications.values() ?? [])].some((pub: any) => pub.isSubscribed && pub.track);
      },
      principalId,
    );
    const first = await waitForBytes(inspector.page, principalId, 0, 1);
    const later = await waitForBytes(inspector.page, principalId, first, 2000);
    expect(later).toBeGreaterThan(first);

    // off again
    await principal.page.click('[data-testid="mic-toggle"]');
    await inspector.page.waitForSelector(`${person} [data-testid="participant-mic"][data-mic="off"]`);

    // hold the space bar to talk, release to stop
    await principal.page.locator("body").click({ position: { x: 5, y: 5 } });
    await principal.page.keyboard.down("Space");
    await principal.page.waitForSelector('[data-testid="ptt"][aria-pressed="true"]');
    await inspector.page.waitForSelector(`${person} [data-testid="participant-mic"][data-mic="on"]`);
    await principal.page.keyboard.up("Space");
    await principal.page.waitForSelector('[data-testid="ptt"][aria-pressed="false"]');
    await inspector.page.waitForSelector(`${person} [data-testid="participant-mic"][data-mic="off"]`);

    expect(inspector.problems).toEqual([]);
    expect(principal.problems).toEqual([]);
    await inspector.context.close();
    await principal.context.close();
  });
});
