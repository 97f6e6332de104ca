/** The short-lived actor cache of authenticated requests (issue 11 item 17): how long an actor is kept, and when not. */
import { afterEach, describe, expect, it } from "vitest";
import { ACTOR_CACHE_MS, actorGeneration, cachedActor, forgetActors, rememberActor } from "../../server/auth/actor-cache.ts";
import type { Actor } from "../../server/scope/actor.ts";

const T0 = 1_800_000_000_000;
const actor = (): Actor => ({
  userId: "usr_1",
  username: "ezhou.admin",
  displayName: "管理员",
  sessionId: "ses_1",
  memberships: [{ id: "mb_1", orgId: "org_1", orgName: "市监局", orgKind: "regulator", regionCode: "420700", regionName: "鄂州市", regionLevel: "city", role: "regulator_admin" }],
});

afterEach(forgetActors);

describe("actor cache", () => {
  it("keeps an actor for less than ACTOR_CACHE_MS, then reads afresh", () => {
    rememberActor("h1", actor(), T0 + 3_600_000, T0, actorGeneration());
    expect(cachedActor("h1", T0)?.userId).toBe("usr_1");
    expect(cachedActor("h1", T0 + ACTOR_CACHE_MS - 1)?.userId).toBe("usr_1");
    expect(cachedActor("h1", T0 + ACTOR_CACHE_MS)).toBeNull();
    expect(cachedActor("h2", T0)).toBeNull();
  });

  it("never past the session's own expiry, nor when the clock went back", () => {
    rememberActor("h1", actor(), T0 + 500, T0, actorGeneration());
    expect(cachedActor("h1", T0 + 499)).not.toBeNull();
    expect(cachedActor("h1", T0 + 500)).toBeNull();
    rememberActor("h2", actor(), T0 + 3_600_000, T0, actorGeneration());
    expect(cachedActor("h2", T0 - 1)).toBeNull();
  });

  it("forgetActors empties it, and an actor read before that is not put back", () => {
    rememberActor("h1", actor(), T0 + 3_600_000, T0, actorGeneration());
    const readAt = actorGeneration(); // a request starts reading the actor of h2 …
    forgetActors(); // … a sign-out commits meanwhile …
    rememberActor("h2", actor(), T0 + 3_600_000, T0, readAt); // … and its read arrives late
    expect(cachedActor("h1", T0)).toBeNull();
    expect(cachedActor("h2", T0)).toBeNull();
  });

  it("hands out a frozen actor: one request cannot change another's", () => {
    const kept = rememberActor("h1", actor(), T0 + 3_600_000, T0, actorGeneration());
    expect(() => (kept.memberships as unknown[]).push({})).toThrow(TypeError);
    expect(() => Object.assign(kept.memberships[0]!, { role: "parent_rep" })).toThrow(TypeError);
    expect(cachedActor("h1", T0)?.memberships[0]?.role).toBe("regulator_admin");
  });
});
