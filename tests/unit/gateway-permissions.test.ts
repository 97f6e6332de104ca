import { describe, expect, it } from "vitest";
import { computeTrackPermissions, nextSessionExpiry, publicOnly, samePermissions, participantsToGrant, sessionCameras } from "../../media/gateway/permissions.ts";

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

describe("viewers the API announced before they join", () => {
  const tracks = [
    { cameraId: "cam_a", trackSid: "TR_a", publicVisible: true },
    { cameraId: "cam_b", trackSid: "TR_b", publicVisible: false },
  ];
  const inspector = { identity: "usr_insp", attributes: { role: "inspector", displayName: "巡查员", orgName: "市监局" } };

  it("are granted like anyone in the room: everything, or the public cameras for a parent", () => {
    const expected = new Map([
      ["usr_parent", { role: "parent_rep", until: 2_000 }],
      ["usr_staff", { role: "canteen_staff", until: 2_000 }],
    ]);
    const perms = computeTrackPermissions(participantsToGrant([inspector], expected, 1_000), tracks);
    expect(perms.permissions).toEqual([
      { participantIdentity: "usr_insp", allowAll: true, allowedTrackSids: [] },
      { participantIdentity: "usr_parent", allowAll: false, allowedTrackSids: ["TR_a"] },
      { participantIdentity: "usr_staff", allowAll: true, allowedTrackSids: [] },
    ]);
  });

  it("once in the room they are judged by their own token, and an old hint expires", () => {
    // the hint says inspector, the token in the room says parent: the token wins
    const joined = { identity: "usr_x", attributes: { role: "parent_rep", displayName: "家长", orgName: "学校" } };
    const expected = new Map([
      ["usr_x", { role: "inspector", until: 2_000 }],
      ["usr_gone", { role: "inspector", until: 500 }],
    ]);
    const grant = participantsToGrant([joined], expected, 1_000);
    expect(grant).toEqual([joined]);
    expect(computeTrackPermissions(grant, tracks).permissions).toEqual([{ participantIdentity: "usr_x", allowAll: false, allowedTrackSids: ["TR_a"] }]);
  });
});

describe("a supervised viewing session's cameras (issue 13)", () => {
  const session = (until: number, cameras = "cam_store") => ({ ...attrs("parent_rep"), sessionCameras: cameras, sessionUntil: String(until) });
  const now = 1_000_000;

  it("adds the session's non-public cameras for the window only, and nothing else", () => {
    const during = computeTrackPermissions([{ identity: "u_parent", attributes: session(now + 60_000) }], tracks, now);
    expect(during.permissions[0]).toEqual({ participantIdentity: "u_parent", allowAll: false, allowedTrackSids: ["TR_cook", "TR_dining", "TR_store"] });
    const after = computeTrackPermissions([{ identity: "u_parent", attributes: session(now + 60_000) }], tracks, now + 60_000);
    expect(after.permissions[0]!.allowedTrackSids).toEqual(["TR_cook", "TR_dining"]);
  });

  it("ignores session attributes on anyone but a parent, and malformed windows", () => {
    expect(sessionCameras({ ...session(now + 1), role: "canteen_staff" }, now)).toBeNull();
    expect(sessionCameras({ ...attrs("parent_rep"), sessionCameras: "cam_store", sessionUntil: "soon" }, now)).toBeNull();
    expect(sessionCameras(attrs("parent_rep"), now)).toBeNull();
  });

  it("knows when the next window closes, so the gateway withdraws the grants then", () => {
    const people = [
      { identity: "a", attributes: session(now + 90_000) },
      { identity: "b", attributes: session(now + 30_000) },
      { identity: "c", attributes: session(now - 1) },
      { identity: "d", attributes: attrs("inspector") },
    ];
    expect(nextSessionExpiry(people, now)).toBe(now + 30_000);
    expect(nextSessionExpiry([people[3]!], now)).toBeNull();
  });
});
