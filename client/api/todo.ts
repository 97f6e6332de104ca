/** The school's to-do home (server/todo). Convention: see contract.ts. */
import { api } from "../api.ts";
import type { Todo } from "../../server/todo/contracts.ts";
import type { Answer } from "./contract.ts";

export type TodoView = Answer<typeof Todo>;
export const getTodo = () => api.get<TodoView>("/todo");
