import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { apiError, mockApi, ok } from "./support/api.ts";
import { inspector } from "./support/fixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

/** The verify page of an evidence clip (issue 19 item 5): what the server recomputed, said plainly, every hash shown. */
const HASH = "a".repeat(64);
const clip = (status = "ready") => ({
  id: "clp_component001",
  canteenId: "cnt_demo00000001",
  cameraId: "cam_demo00000001",
  cameraName: "烹饪区-1",
  origin: "manual",
  requestedBy: "张敏",
  requestedAt: "2026-12-04T10:00:00.000+08:00",
  start: "2026-12-04T09:59:30.000+08:00",
  end: "2026-12-04T09:59:50.000+08:00",
  status,
  failure: null,
  clipStart: "2026-12-04T09:59:29.000+08:00",
  clipEnd: "2026-12-04T09:59:50.000+08:00",
  sha256: HASH,
  bytes: 1_200_000,
  attachments: [],
  videoUrl: "/api/v1/clips/clp_component001/video",
  manifestUrl: "/api/v1/clips/clp_component001/manifest",
  verifyUrl: "/api/v1/clips/clp_component001/verify",
});
const verification = (verdict: "unchanged" | "changed") => ({
  clipId: "clp_component001",
  verdict,
  sha256: { recorded: HASH, computed: verdict === "unchanged" ? HASH : "b".repeat(64), matches: verdict === "unchanged" },
  chain: { fromSeq: 3, toSeq: 4, matches: true, detail: null },
  sources: [
    { seq: 120, start: "2026-12-04T09:59:20.000+08:00", end: "2026-12-04T09:59:30.000+08:00", sha256: "c".repeat(64), hash: "d".repeat(64) },
    { seq: 121, start: "2026-12-04T09:59:30.000+08:00", end: "2026-12-04T09:59:40.000+08:00", sha256: "e".repeat(64), hash: "f".repeat(64) },
  ],
  checkedAt: "2026-12-04T10:05:00.000+08:00",
});

describe("the clip's verify page", () => {
  useCleanSlate();

  it("verifies on opening and says the clip is unchanged, with both hashes and its source segments", async () => {
    const api = mockApi({ "GET /clips/:id": () => ok(clip()), "GET /clips/:id/verify": () => ok(verification("unchanged")) });
    renderApp("/clips/clp_component001", inspector());
    const verdict = await screen.findByTestId("clip-verify-verdict");
    expect(verdict.dataset.verdict).toBe("unchanged");
    expect(verdict).toHaveTextContent("未被篡改");
    expect(screen.getByTestId("clip-hash-recorded")).toHaveTextContent(HASH);
    expect(screen.getByTestId("clip-hash-computed")).toHaveTextContent(HASH);
    expect(screen.getByTestId("clip-sources").querySelectorAll("li")).toHaveLength(2);
    fireEvent.click(screen.getByTestId("clip-verify-again"));
    await waitFor(() => expect(api.calls("GET", "/clips/clp_component001/verify")).toHaveLength(2));
  });

  it("says plainly when the file was changed, showing the hash computed now", async () => {
    mockApi({ "GET /clips/:id": () => ok(clip()), "GET /clips/:id/verify": () => ok(verification("changed")) });
    renderApp("/clips/clp_component001", inspector());
    const verdict = await screen.findByTestId("clip-verify-verdict");
    expect(verdict.dataset.verdict).toBe("changed");
    expect(verdict).toHaveTextContent("已被改动");
    expect(screen.getByTestId("clip-hash-computed")).toHaveTextContent("b".repeat(64));
  });

  it("does not verify a clip still being cut, and says why", async () => {
    const api = mockApi({ "GET /clips/:id": () => ok(clip("pending")) });
    renderApp("/clips/clp_component001", inspector());
    expect(await screen.findByTestId("clip-verify-not-ready")).toHaveTextContent("尚未上传完成");
    expect(api.calls("GET", "/clips/clp_component001/verify")).toHaveLength(0);
  });

  it("an unknown or foreign clip is a not-found page", async () => {
    mockApi({ "GET /clips/:id": () => apiError(404, "not_found", "未找到") });
    renderApp("/clips/clp_unknown000001", inspector());
    const page = await screen.findByTestId("dead-end");
    expect(page.dataset.kind).toBe("not-found");
    expect(page).toHaveTextContent("未找到该视频片段");
  });
});
