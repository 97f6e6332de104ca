/**
 * A parent's evaluation after a supervised viewing session (issue 13): the three scores, the problems seen and,
 * optionally, one of the frames they froze during the session — the form sends its id, or none.
 */
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import type { ViewingFrameView } from "../../client/api/viewing.ts";
import { EvaluationForm } from "../../client/pages/viewing/EvaluationForm.tsx";
import { mockApi, ok } from "./support/api.ts";
import { useCleanSlate } from "./support/render.tsx";

const SESSION = "vws_session0001";
const frame = (id: string, cameraName: string): ViewingFrameView => ({
  id,
  sessionId: SESSION,
  cameraId: "cam_prep0000001",
  cameraName,
  takenAt: "2026-11-02T11:05:00.000+08:00",
  sha256: "a".repeat(64),
  contentType: "image/jpeg",
  width: 64,
  height: 36,
  imageUrl: `/api/v1/viewing-frames/${id}/image`,
});

function score() {
  for (const aspect of ["hygiene", "operations", "food"]) fireEvent.click(screen.getByTestId(`eval-${aspect}-4`));
}

describe("the viewing evaluation form", () => {
  useCleanSlate();

  it("attaches the frame the parent picks", async () => {
    const api = mockApi({ "POST /viewing-sessions/:id/evaluation": () => ok({ id: SESSION }) });
    const onDone = vi.fn();
    render(() => <EvaluationForm sessionId={SESSION} frames={[frame("vfr_frame000001", "备餐间"), frame("vfr_frame000002", "烹饪区")]} onDone={onDone} />);
    score();
    expect(screen.getAllByTestId("eval-frame")).toHaveLength(2);
    expect(screen.getByAltText(/烹饪区/)).toHaveAttribute("src", "/api/v1/viewing-frames/vfr_frame000002/image");
    fireEvent.click(screen.getAllByTestId("eval-frame")[1]!);
    fireEvent.input(screen.getByTestId("eval-problems"), { target: { value: "有人未戴口罩" } });
    fireEvent.click(screen.getByTestId("eval-submit"));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(api.calls("POST", `/viewing-sessions/${SESSION}/evaluation`)[0]!.body).toEqual({ hygiene: 4, operations: 4, food: 4, problems: "有人未戴口罩", frameId: "vfr_frame000002" });
  });

  it("sends no frame when none is picked, and offers none when nothing was frozen", async () => {
    const api = mockApi({ "POST /viewing-sessions/:id/evaluation": () => ok({ id: SESSION }) });
    const onDone = vi.fn();
    const { unmount } = render(() => <EvaluationForm sessionId={SESSION} frames={[frame("vfr_frame000001", "备餐间")]} onDone={onDone} />);
    score();
    fireEvent.click(screen.getByTestId("eval-frame"));
    fireEvent.click(screen.getByTestId("eval-frame-none"));
    fireEvent.click(screen.getByTestId("eval-submit"));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(api.calls("POST", `/viewing-sessions/${SESSION}/evaluation`)[0]!.body).toEqual({ hygiene: 4, operations: 4, food: 4 });
    unmount();
    render(() => <EvaluationForm sessionId={SESSION} frames={[]} onDone={onDone} />);
    expect(screen.queryByTestId("eval-frames")).toBeNull();
  });
});
