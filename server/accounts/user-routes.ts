import * as service from "./user-service.ts";
import { IdParam, Ok } from "../contracts/common.ts";
import { CreateMembership, CreateUser, UpdateUser, User, UserPage, UsersQuery } from "./user-contracts.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";


const listUsers = apiRoute("users.manage", {
  method: "get",
  path: "/api/v1/users",
  tags: ["users"],
  summary: "Accounts with a membership in the caller's jurisdiction",
  request: { query: UsersQuery },
  responses: { 200: jsonOk(UserPage) },
});
const getUser = apiRoute("users.manage", {
  method: "get",
  path: "/api/v1/users/{id}",
  tags: ["users"],
  request: { params: IdParam },
  responses: { 200: jsonOk(User) },
});
const createUser = apiRoute("users.manage", {
  method: "post",
  path: "/api/v1/users",
  tags: ["users"],
  summary: "Create an account with one membership (principals: parent representatives of their school only)",
  request: { body: jsonBody(CreateUser) },
  responses: { 201: jsonOk(User, "created") },
});
const updateUser = apiRoute("users.manage", {
  method: "patch",
  path: "/api/v1/users/{id}",
  tags: ["users"],
  summary: "Rename, disable/enable or reset the password of an account; disabling ends its sessions",
  request: { params: IdParam, body: jsonBody(UpdateUser) },
  responses: { 200: jsonOk(User) },
});
const addMembership = apiRoute("users.manage", {
  method: "post",
  path: "/api/v1/memberships",
  tags: ["users"],
  request: { body: jsonBody(CreateMembership) },
  responses: { 201: jsonOk(User, "created") },
});
const removeMembership = apiRoute("users.manage", {
  method: "delete",
  path: "/api/v1/memberships/{id}",
  tags: ["users"],
  request: { params: IdParam },
  responses: { 200: jsonOk(Ok) },
});

export function userRoutes(app: App) {
  app.openapi(listUsers, async (c) => c.json(await service.listUsers(callerOf(c), { query: c.req.valid("query") }), 200));

  app.openapi(getUser, async (c) => c.json(await service.getUser(callerOf(c), { param: c.req.valid("param") }), 200));

  app.openapi(createUser, async (c) => c.json(await service.createUser(callerOf(c), { json: c.req.valid("json") }), 201));

  app.openapi(updateUser, async (c) => c.json(await service.updateUser(callerOf(c), { param: c.req.valid("param"), json: c.req.valid("json") }), 200));

  app.openapi(addMembership, async (c) => c.json(await service.addMembership(callerOf(c), { json: c.req.valid("json") }), 201));

  app.openapi(removeMembership, async (c) => c.json(await service.removeMembership(callerOf(c), { param: c.req.valid("param") }), 200));
}

