import { t } from "../../i18n/index.ts";
import type { OrderItem } from "../../types.ts";

/** An article cited by an order, as the page, the print view and the issue form write it: 《law》article（title）. */
export const legalBasisText = (b: Pick<OrderItem["legalBasis"], "law" | "article" | "title">) => t("order.basisText", { law: b.law, article: b.article, title: b.title });
