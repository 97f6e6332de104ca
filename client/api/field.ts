/** 靶向飞行 field tasks (server/field). Convention: see contract.ts. */
import { api, apiUrl, upload } from "../api.ts";
import type { CancelFieldTask, CompleteFieldTask, CreateFieldTask, EligibleInspectors, FieldNote, FieldTask, FieldTaskPage, FieldTasksQuery, InspectorsQuery } from "../../server/field/contracts.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

export type FieldTaskView = Answer<typeof FieldTask>;
export type FieldTaskSummaryView = Answer<typeof FieldTaskPage>["items"][number];
type TaskAnswer = Promise<FieldTaskView>;

export const listFieldTasks = (query: QueryOf<typeof FieldTasksQuery>) => api.get<Answer<typeof FieldTaskPage>>("/field-tasks", query);
export const getFieldTask = (id: string): TaskAnswer => api.get(`/field-tasks/${seg(id)}`);
export const fieldInspectors = (query: QueryOf<typeof InspectorsQuery>) => api.get<Answer<typeof EligibleInspectors>>("/field-inspectors", query);
export const createFieldTask = (body: Body<typeof CreateFieldTask>): TaskAnswer => api.post("/field-tasks", body);
export const startFieldTask = (id: string, body: Body<typeof FieldNote> = {}): TaskAnswer => api.post(`/field-tasks/${seg(id)}/start`, body);
export const completeFieldTask = (id: string, body: Body<typeof CompleteFieldTask>): TaskAnswer => api.post(`/field-tasks/${seg(id)}/complete`, body);
export const cancelFieldTask = (id: string, body: Body<typeof CancelFieldTask>): TaskAnswer => api.post(`/field-tasks/${seg(id)}/cancel`, body);

/** A photo taken on site: when (the file's time, else now) and, where the browser allowed it, where. */
export function addFieldPhoto(id: string, photo: File, meta: { capturedAt: string; latitude?: number; longitude?: number; accuracy?: number }): TaskAnswer {
  const form = new FormData();
  form.set("photo", photo, photo.name);
  form.set("capturedAt", meta.capturedAt);
  if (meta.latitude !== undefined && meta.longitude !== undefined) {
    form.set("latitude", String(meta.latitude));
    form.set("longitude", String(meta.longitude));
    if (meta.accuracy !== undefined) form.set("accuracy", String(meta.accuracy));
  }
  return upload(`/field-tasks/${seg(id)}/photos`, form);
}
export const fieldPhotoUrl = (id: string) => apiUrl(`/field-photos/${seg(id)}/image`);
