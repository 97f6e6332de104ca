/**
 * The state of a school on the food-safety map (食安地图, issue 16 item 7), one rule for the server's tests and the
 * client's colours: the most pressing of open alerts, a high risk grade, cameras offline, a medium risk grade.
 * Pure, no I/O; the client imports it.
 */

/** most pressing first: a cluster takes the colour of its most pressing school */
export const MAP_STATES = ["alert", "high_risk", "offline", "medium_risk", "normal"] as const;
export type MapState = (typeof MAP_STATES)[number];

/** the risk grades of server/patrol as small integers on the wire (-1: no canteen, so no grade) */
export const RISK_CODES = { low: 0, medium: 1, high: 2 } as const;
export type RiskCode = -1 | 0 | 1 | 2;

/** below this share of cameras online a school shows as offline (the risk rules' own threshold, patrol/rules.ts) */
export const ONLINE_SHARE_OK = 0.8;

export interface SchoolFacts {
  cameras: number;
  online: number;
  alerts: number;
  risk: RiskCode;
}

/** the share of cameras online, null when the school has none */
export const onlineShare = (f: Pick<SchoolFacts, "cameras" | "online">): number | null => (f.cameras > 0 ? f.online / f.cameras : null);

export function mapStateOf(f: SchoolFacts): MapState {
  if (f.alerts > 0) return "alert";
  if (f.risk === RISK_CODES.high) return "high_risk";
  const share = onlineShare(f);
  if (share === null || share < ONLINE_SHARE_OK) return "offline";
  if (f.risk === RISK_CODES.medium) return "medium_risk";
  return "normal";
}

/** colours with a legend: red, orange, grey, amber, green (each readable against the map's pale background) */
export const STATE_COLOURS: Record<MapState, string> = {
  alert: "#d32f2f",
  high_risk: "#ef6c00",
  offline: "#757575",
  medium_risk: "#f9a825",
  normal: "#2e7d32",
};

const RANK = new Map<MapState, number>(MAP_STATES.map((s, i) => [s, i]));
/** the more pressing of two states */
export const worseOf = (a: MapState, b: MapState): MapState => (RANK.get(a)! <= RANK.get(b)! ? a : b);
/** a state's index in MAP_STATES (a cluster's properties carry it as a number) */
export const stateIndex = (s: MapState) => RANK.get(s)!;
