/**
 * The school's home is its to-do list (issue 13, item 5): what waits for the school today, each with its
 * deadline and a link, soonest first.
 *
 *   GET /api/v1/todo  [todo.read] → Todo
 *
 * A dispatch notice (issue 16, item 8) waits until the school signs for it: its `due` is when it was sent, its
 * `canteenName` the sending regulator, and an urgent one counts as `overdue` so it comes first.
 */
import { z } from "zod";
import { Id, IsoTime } from "../contracts/common.ts";
import { ALERT_TYPES } from "../contracts/enums.ts";

export const TodoKind = z.enum(["order", "alert", "complaint", "viewing", "evaluation", "self_check", "leader_patrol", "trace_warning", "supplier_licence", "notice"]);
export const TodoItem = z.object({
  kind: TodoKind,
  id: Id,
  /** what it is, e.g. the order's number or the complaint's code */
  title: z.string(),
  canteenName: z.string(),
  /** an alert's type (its title is the camera's name) */
  alertType: z.enum(ALERT_TYPES).nullable(),
  /** the deadline (or, for an upcoming viewing session, its start) */
  due: IsoTime,
  overdue: z.boolean(),
  /** the client page that handles it */
  href: z.string(),
});
export const Todo = z.object({
  items: z.array(TodoItem),
  counts: z.object({ order: z.number().int(), alert: z.number().int(), complaint: z.number().int(), viewing: z.number().int(), evaluation: z.number().int(), self_check: z.number().int(), leader_patrol: z.number().int(), trace_warning: z.number().int(), supplier_licence: z.number().int(), notice: z.number().int() }),
});
export type Todo = z.infer<typeof Todo>;
