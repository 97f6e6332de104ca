import type { zhCNRecord } from "./zh-CN.record.ts";

/** English texts of recordings (issue 19). */
export const enRecord: Record<keyof typeof zhCNRecord, string> = {
  "record.title": "Recording timeline",
  "record.open": "Recordings",
  "record.pickDay": "Pick a day",
  "record.prevDay": "Day before",
  "record.nextDay": "Day after",
  "record.today": "Today {day}",
  "record.share": "Recorded {share}% of the day",
  "record.barLabel": "{share}% of the day recorded",
  "record.lastAnchor": "gateway last reported {time}",
  "record.noAnchor": "the gateway has not reported recordings yet",
  "record.gaps": "Gaps",
  "record.markers": "This day",
  "record.marker.alert": "AI alert",
  "record.marker.inspection": "Inspection",
  "record.marker.order": "Rectification order",
  "record.gapLength": "{length} missing",
  "record.seconds": "{n} s",
  "record.minutes": "{n} min",
  "record.hours": "{n} h",
  "record.noGaps": "No gap this day",
  "record.nothing": "Nothing recorded this day",
  "record.gap.gateway_killed": "Gateway stopped abruptly (the segment being written was lost)",
  "record.gap.gateway_stopped": "Gateway shut down",
  "record.gap.camera_stream_lost": "Camera stream lost",
};
