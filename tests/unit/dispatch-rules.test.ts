/** The pure rules of 调度通知 (issue 16, item 8): who a notice addresses, how receipts count and sort, and its bus message. */
import { describe, expect, it } from "vitest";
import { addressedSchools, isAddressed, readCounts, receiptOrder } from "../../server/dispatch/rules.ts";
import { encodeMessage, parseMessage } from "../../server/bus/parse.ts";
import { SendNotice } from "../../server/dispatch/contracts.ts";

const school = (id: string, regionCode: string, status = "active") => ({ id, kind: "school", regionCode, status });

describe("who a notice addresses", () => {
  const orgs = [school("a", "420704"), school("b", "420704"), school("c", "420703"), school("d", "420202"), { id: "r", kind: "regulator", regionCode: "420704", status: "active" }, { id: "s", kind: "supplier", regionCode: "420704", status: "active" }, school("x", "420704", "disabled")];

  it("a district: its active schools, not its regulators, suppliers or disabled schools, not a neighbour's", () => {
    expect(addressedSchools(orgs, { code: "420704", level: "district" }).map((o) => o.id)).toEqual(["a", "b"]);
  });

  it("a city: the schools of every district below it, not another city's", () => {
    expect(addressedSchools(orgs, { code: "420700", level: "city" }).map((o) => o.id)).toEqual(["a", "b", "c"]);
  });

  it("a province: every school in it", () => {
    expect(addressedSchools(orgs, { code: "420000", level: "province" }).map((o) => o.id)).toEqual(["a", "b", "c", "d"]);
    expect(isAddressed(school("e", "430102"), { code: "420000", level: "province" })).toBe(false);
  });
});

describe("read receipts", () => {
  it("count each school once, read when signed", () => {
    expect(readCounts([])).toEqual({ schools: 0, read: 0 });
    expect(readCounts([{ readAt: null }, { readAt: 5 }, { readAt: null }])).toEqual({ schools: 3, read: 1 });
  });

  it("list who still has to act first, then by name", () => {
    const sorted = receiptOrder([
      { orgName: "鄂城区第一中学", readAt: "2026-12-05T10:00:00.000+08:00" },
      { orgName: "鄂城区第二中学", readAt: null },
      { orgName: "鄂城区实验中学", readAt: null },
    ]);
    expect(sorted.map((r) => r.readAt === null)).toEqual([true, true, false]);
    expect(sorted.at(-1)!.orgName).toBe("鄂城区第一中学");
  });
});

describe("the notice's contract", () => {
  it("keeps the shared text rules: title one line of at most 60 characters, body at most 2000", () => {
    expect(SendNotice.safeParse({ regionCode: "420704", title: "标".repeat(60), body: "文".repeat(2000) }).success).toBe(true);
    expect(SendNotice.safeParse({ regionCode: "420704", title: "标".repeat(61), body: "文" }).success).toBe(false);
    expect(SendNotice.safeParse({ regionCode: "420704", title: "标题", body: "文".repeat(2001) }).success).toBe(false);
    expect(SendNotice.safeParse({ regionCode: "420704", title: "a\u202eb", body: "文" }).success).toBe(false);
    expect(SendNotice.parse({ regionCode: "420704", title: "标题", body: "文" }).urgency).toBe("normal");
  });

  it("travels on the bus topic `notice` from the server only, validated on receipt", () => {
    const sent = { type: "notice.sent", notice: { id: "dsp_abcdef12", title: "停用某批次", body: "正文".repeat(1000), urgency: "urgent", sentAt: "2026-12-05T10:00:00.000+08:00", senderOrgName: "鄂州市市场监督管理局", regionName: "鄂城区" } };
    expect(parseMessage("notice", encodeMessage(sent), "server")).toMatchObject({ ok: true });
    // a participant cannot forge a notice, nor may a malformed one pass
    expect(parseMessage("notice", encodeMessage(sent), "browser")).toMatchObject({ ok: false });
    expect(parseMessage("notice", encodeMessage({ ...sent, notice: { ...sent.notice, urgency: "panic" } }), "server")).toMatchObject({ ok: false });
    expect(parseMessage("notice", encodeMessage({ type: "notice.read", noticeId: "dsp_abcdef12", orgId: "org_abcdef12", readAt: "2026-12-05T10:00:00.000+08:00" }), "server")).toMatchObject({ ok: true });
  });
});
