import { describe, expect, it } from "vitest";
import { computeTrackPermissions, publicOnly, samePermissions } from "../../media/gateway/permissions.ts";

const attrs = (role: string) => ({ role, displayName: "张三", orgName: "鄂城区第一中学" });
const tracks = [
  { cameraId: "cam_dining", trackSid: "TR_dining", publicVisible: true },
  { cameraId: "cam_store", trackSid: "TR_store", publicVisible: false },
  { cameraId: "cam_cook", trackSid: "TR_cook", publicVisible: true },
];

describe("track subscription permissions", () => {
  it("gives parents only the public cameras and everyone else everything", () => {
    const perms = computeTrackPermissions(
      [
        { identity: "u_parent", attributes: attrs("parent_rep") },
        { identity: "u_inspector", attributes: attrs("inspector") },
        { identity: "u_principal", attributes: attrs("principal") },
      ],
      tracks,
    );
    expect(perms).toEqual({
      allParticipantsAllowed: false,
      permissions: [
        { participantIdentity: "u_inspector", allowAll: true, allowedTrackSids: [] },
        { participantIdentity: "u_parent", allowAll: false, allowedTrackSids: ["TR_cook", "TR_dining"] },
        { participantIdentity: "u_principal", allowAll: true, allowedTrackSids: [] },
      ],
    });
  });

  it("fails closed for participants without valid attributes", () => {
    expect(publicOnly({})).toBe(true);
    expect(publicOnly({ role: "superuser", displayName: "x", orgName: "y" })).toBe(true);
    expect(publicOnly(attrs("parent_rep"))).toBe(true);
    expect(publicOnly(attrs("education_officer"))).toBe(false);
    const perms = computeTrackPermissions([{ identity: "u_anon", attributes: {} }], tracks);
    expect(perms.permissions[0]).toEqual({ participantIdentity: "u_anon", allowAll: false, allowedTrackSids: ["TR_cook", "TR_dining"] });
  });

  it("denies everybody everything while nothing public is published", () => {
    expect(computeTrackPermissions([], tracks)).toEqual({ allParticipantsAllowed: false, permissions: [] });
    expect(computeTrackPermissions([{ identity: "u_parent", attributes: attrs("parent_rep") }], [tracks[1]]).permissions[0].allowedTrackSids).toEqual([]);
  });

  it("is stable, so unchanged permissions are not resent", () => {
    const a = computeTrackPermissions([{ identity: "b", attributes: attrs("parent_rep") }, { identity: "a", attributes: attrs("inspector") }], tracks);
    const b = computeTrackPermissions([{ identity: "a", attributes: attrs("inspector") }, { identity: "b", attributes: attrs("parent_rep") }], [...tracks].reverse());
    expect(samePermissions(a, b)).toBe(true);
    expect(samePermissions(null, b)).toBe(false);
    expect(samePermissions(a, computeTrackPermissions([], tracks))).toBe(false);
  });
});
