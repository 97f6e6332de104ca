import { createSignal, on, onCleanup } from "solid-js";
import { listNotices, type NoticeSummaryView, readNotice } from "../../api/dispatch.ts";
import { parseData } from "../../live/parseData.ts";
import type { LiveController } from "../../live/types.ts";
import { onReconnected } from "../../live/reconnected.ts";

/** What the banner shows of a notice: from the list (GET) or from the server's push (`notice.sent`). */
export interface BannerNotice {
  id: string;
  title: string;
  body: string;
  urgency: "normal" | "urgent";
  sentAt: string;
  senderOrgName: string;
}

const fromSummary = (n: NoticeSummaryView): BannerNotice => ({ id: n.id, title: n.title, body: n.body, urgency: n.urgency, sentAt: n.sentAt, senderOrgName: n.sender.orgName });

/**
 * The school's unread dispatch notices in its live room: read from the API when the room opens and after each
 * reconnection (nothing pushed while away is missed), kept current by the server's `notice` messages — a new notice
 * appears at once, one signed by a colleague disappears. Dismissing hides a notice on this screen only; 已读 signs.
 */
export function createLiveNotices(live: Pick<LiveController, "state" | "onData">) {
  const [notices, setNotices] = createSignal<ReadonlyMap<string, BannerNotice>>(new Map());
  const [dismissed, setDismissed] = createSignal<ReadonlySet<string>>(new Set());
  const put = (n: BannerNotice) => setNotices((all) => new Map(all).set(n.id, n));
  const drop = (id: string) =>
    setNotices((all) => {
      const next = new Map(all);
      next.delete(id);
      return next;
    });

  async function refresh() {
    try {
      const page = await listNotices({ unread: "true", limit: 10 });
      setNotices(new Map(page.items.map((n) => [n.id, fromSummary(n)])));
    } catch (err) {
      // the banner is an extra: the to-do and the notices page show the same notices and their errors
      console.warn("[notices] could not load unread notices", err);
    }
  }

  onCleanup(
    live.onData("notice", (payload, from) => {
      const message = parseData("notice", payload, from, "[notices]");
      if (!message) return;
      if (message.type === "notice.sent") put({ ...message.notice });
      else drop(message.noticeId);
    }),
  );
  void refresh();
  onReconnected(live, () => void refresh());

  return {
    /** newest first, without those dismissed here */
    shown: () => [...notices().values()].filter((n) => !dismissed().has(n.id)).sort((a, b) => b.sentAt.localeCompare(a.sentAt)),
    dismiss: (id: string) => setDismissed((all) => new Set(all).add(id)),
    /** 已读: signs for the school; the notice leaves the banner */
    async read(id: string) {
      await readNotice(id);
      drop(id);
    },
  };
}
