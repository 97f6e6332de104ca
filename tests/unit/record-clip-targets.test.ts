/**
 * What a clip can be attached to and how an attachment reads (issue 19): the problems of an order offered with it, a
 * problem's words cut to a phone's line without splitting a character, zh-CN and English labels; the server side's
 * labelling of attachments to an order's problem.
 */
import { afterEach, describe, expect, it } from "vitest";
import { setLang } from "../../client/i18n/index.ts";
import { attachmentLabel, attachTargetsOf, notYetAttached, PROBLEM_CHARS, problemsOf, shortNumber, trimWords } from "../../client/pages/record/clipTargets.ts";
import { withProblems } from "../../server/record/clip-rules.ts";

afterEach(() => setLang("zh-CN"));

const order = { id: "ord_1", number: "鄂州市鄂城区市监整〔2026〕0007号", items: [{ id: "oit_1", seq: 1, problem: "操作人员未戴口罩，且案板生熟未分开，已当场指出" }, { id: "oit_2", seq: 2, problem: "垃圾桶未加盖" }] };

describe("clip targets", () => {
  it("trims a problem's words to a line, by characters, with … only when cut", () => {
    expect(trimWords("垃圾桶未加盖")).toBe("垃圾桶未加盖");
    const cut = trimWords(order.items[0]!.problem);
    expect(Array.from(cut)).toHaveLength(PROBLEM_CHARS);
    expect(cut.endsWith("…")).toBe(true);
    expect(trimWords("😀".repeat(20), 5)).toBe("😀😀😀😀…");
    expect(trimWords("  两个\n  空格  ")).toBe("两个 空格");
  });

  it("offers the inspection, then each order and each of its problems, grouped under the order", () => {
    setLang("zh-CN");
    const targets = attachTargetsOf("ins_1", [order, { id: "ord_2", number: "X〔2026〕0008号", items: null }]);
    expect(targets.map((x) => [x.targetType, x.targetId])).toEqual([["inspection", "ins_1"], ["order", "ord_1"], ["order_item", "oit_1"], ["order_item", "oit_2"], ["order", "ord_2"]]);
    expect(targets[2]).toMatchObject({ label: "第1项 操作人员未戴口罩，且案板生… · 0007号", group: "整改通知 鄂州市鄂城区市监整〔2026〕0007号" });
    expect(targets[1]!.label).toBe("整份整改通知 0007号");
    expect(attachTargetsOf(null, [])).toEqual([]);
    setLang("en");
    expect(attachTargetsOf(null, [order])[1]!.label).toBe("item 1: 操作人员未戴口罩，且案板生… · 0007号");
    expect(shortNumber("no bracket")).toBe("no bracket");
  });

  it("reads an attachment to a problem by its number and words, and offers only targets not attached yet", () => {
    const a = { targetType: "order_item" as const, targetId: "oit_2", problem: { orderId: "ord_1", seq: 2, text: "垃圾桶未加盖" } };
    setLang("zh-CN");
    expect(attachmentLabel(a)).toBe("整改第2项 垃圾桶未加盖");
    expect(attachmentLabel({ targetType: "order_item", targetId: "oit_2" })).toBe("整改问题");
    expect(attachmentLabel({ targetType: "order", targetId: "ord_1" })).toBe("整改通知");
    setLang("en");
    expect(attachmentLabel(a)).toBe("order item 2: 垃圾桶未加盖");
    const targets = attachTargetsOf("ins_1", [order]);
    expect(notYetAttached(targets, [a, { targetType: "inspection", targetId: "ins_1" }]).map((x) => x.targetId)).toEqual(["ord_1", "oit_1"]);
    expect(problemsOf([a, { targetType: "order", targetId: "ord_1" }], new Set(["oit_1", "oit_2"]))).toEqual(["oit_2"]);
    expect(problemsOf([a], new Set(["oit_1"]))).toEqual([]);
  });

  it("labels the server's attachments to problems the caller may read, and leaves the rest as they are", () => {
    const problems = new Map([["oit_1", { orderId: "ord_1", seq: 1, text: "未戴口罩" }]]);
    const list = [{ targetType: "order_item", targetId: "oit_1" }, { targetType: "order_item", targetId: "oit_9" }, { targetType: "order", targetId: "oit_1" }];
    expect(withProblems(list, problems)).toEqual([{ targetType: "order_item", targetId: "oit_1", problem: { orderId: "ord_1", seq: 1, text: "未戴口罩" } }, { targetType: "order_item", targetId: "oit_9" }, { targetType: "order", targetId: "oit_1" }]);
  });
});
