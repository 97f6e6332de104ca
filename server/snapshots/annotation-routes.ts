import { IdParam } from "../contracts/common.ts";
import { AnnotationCommitted, AnnotationState, AnnotationUndone, CommitAnnotation } from "./annotation-contracts.ts";
import * as service from "./annotation-service.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";

const state = apiRoute("snapshots.annotate", {
  method: "get",
  path: "/api/v1/snapshots/{id}/annotations",
  tags: ["snapshots"],
  summary: "The snapshot's current annotations and version (late joiners and reconnects load this)",
  request: { params: IdParam },
  responses: { 200: jsonOk(AnnotationState) },
});
const commit = apiRoute("snapshots.annotate", {
  method: "post",
  path: "/api/v1/snapshots/{id}/annotations",
  tags: ["snapshots"],
  summary: "Commit a finished shape: validated, persisted, then broadcast on the reliable `annot` topic with the new version",
  request: { params: IdParam, body: jsonBody(CommitAnnotation) },
  responses: { 201: jsonOk(AnnotationCommitted, "committed") },
});
const undo = apiRoute("snapshots.annotate", {
  method: "delete",
  path: "/api/v1/annotations/{id}",
  tags: ["snapshots"],
  summary: "Undo one's own shape (another participant's answers 403)",
  request: { params: IdParam },
  responses: { 200: jsonOk(AnnotationUndone) },
});

export function annotationRoutes(app: App) {
  app.openapi(state, async (c) => c.json(await service.state(callerOf(c), { param: c.req.valid("param") }), 200));

  app.openapi(commit, async (c) => c.json(await service.commit(callerOf(c), { param: c.req.valid("param"), json: c.req.valid("json") }), 201));

  app.openapi(undo, async (c) => c.json(await service.undo(callerOf(c), { param: c.req.valid("param") }), 200));
}
