import { RegionPicker } from "../../components/RegionPicker.tsx";
import { t } from "../../i18n/index.ts";

/**
 * The region filter over the caller's jurisdiction: a city regulator picks a district, a province one a
 * city and then one of its districts; hidden for a district user. GET /schools matches the code exactly,
 * so a city picked without a district means that city's own level (labelled so).
 */
export function RegionFilter(props: { parent: string | undefined; value: string; onChange: (code: string) => void }) {
  return <RegionPicker root={props.parent} value={props.value} onChange={props.onChange} emptyValue="" emptyLabel={t("common.all")} testid="region-filter" inline hideWhenEmpty />;
}
