import { IdParam, Ok } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { AddCommitteeMember, Committee, CommitteeMember, CommitteeQuery } from "./contracts.ts";
import { addMember, endMember, getCommittee } from "./service.ts";

const get = apiRoute("committee.read", {
  method: "get",
  path: "/api/v1/committee",
  tags: ["committee"],
  summary: "A school's parent committee (膳食委员会): current members, grade and term, the count against the rule of ≥ 7",
  request: { query: CommitteeQuery },
  responses: { 200: jsonOk(Committee) },
});
const add = apiRoute("committee.manage", {
  method: "post",
  path: "/api/v1/committee",
  tags: ["committee"],
  summary: "Seat one of the school's parent representatives on the committee (409 not_a_parent | already_member)",
  request: { body: jsonBody(AddCommitteeMember) },
  responses: { 201: jsonOk(CommitteeMember, "seated") },
});
const end = apiRoute("committee.manage", {
  method: "delete",
  path: "/api/v1/committee/{id}",
  tags: ["committee"],
  summary: "End a member's seat (the record stays)",
  request: { params: IdParam },
  responses: { 200: jsonOk(Ok) },
});

export function committeeRoutes(app: App) {
  app.openapi(get, async (c) => c.json(await getCommittee(callerOf(c), c.req.valid("query").orgId), 200));
  app.openapi(add, async (c) => c.json(await addMember(callerOf(c), c.req.valid("json")), 201));
  app.openapi(end, async (c) => c.json(await endMember(callerOf(c), c.req.valid("param").id), 200));
}
