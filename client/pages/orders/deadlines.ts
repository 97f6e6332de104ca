import { DEFAULT_DEADLINE_DAYS } from "../../../server/contracts/enums.ts";
import type { OrderSeverity } from "../../types.ts";

/** The days per severity are shared with the server (enums.ts); the dialog sends a deadline only when the inspector changed it. */
export { DEFAULT_DEADLINE_DAYS };

/** the deadline input shows and sends China time, whatever the browser's zone */
export { chinaInputToIso as localInputToIso, toChinaInput as toLocalInput } from "../../i18n/chinaTime.ts";

/** The default deadline of a severity counted from `from` (as the server counts it from the issue time). */
export const defaultDeadline = (severity: OrderSeverity, from: Date): Date => new Date(from.getTime() + DEFAULT_DEADLINE_DAYS[severity] * 86_400_000);
