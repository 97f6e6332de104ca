import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonOk } from "../http/route.ts";
import { Todo } from "./contracts.ts";
import { todo } from "./service.ts";

const get = apiRoute("todo.read", {
  method: "get",
  path: "/api/v1/todo",
  tags: ["todo"],
  summary: "The school's to-do: open orders, undisposed alerts, unanswered complaints, upcoming viewing sessions and unanswered evaluation problems",
  responses: { 200: jsonOk(Todo) },
});

export function todoRoutes(app: App) {
  app.openapi(get, async (c) => c.json(await todo(callerOf(c)), 200));
}
