import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { onCleanup, onMount } from "solid-js";
import type { MapOutlinesView } from "../../../api/overview.ts";
import { type MessageKey, t } from "../../../i18n/index.ts";
import { can } from "../../../stores/session.ts";
import type { MapSchool } from "../../../../server/overview/map-codec.ts";
import { boundsOf, type Bounds, unionBounds } from "../../../../server/overview/geo.ts";
import { mapStateOf, onlineShare } from "../../../../server/overview/map-state.ts";
import { buildIndex, type Drawn } from "./clusters.ts";
import { SchoolLayer } from "./school-layer.ts";

/**
 * The map itself (issue 16 item 7): Leaflet with no tile server — a plain background, the region outlines, and the
 * schools' canvas layer — so it works offline and inside a private network. Imperative inside, a Solid component
 * outside; it is created once per answer (the page keys it), never patched.
 */

const outlineBounds = (o: MapOutlinesView["outlines"]): Bounds | null =>
  boundsOf(o.features.flatMap((f) => (f.geometry.type === "Polygon" ? f.geometry.coordinates : f.geometry.coordinates.flat())).flat() as Array<[number, number]>);

/** the popup of a school: built from text nodes (a school's name is data, never HTML) */
function popupOf(s: MapSchool, open: (href: string) => void): HTMLElement {
  const box = document.createElement("div");
  box.className = "map-popup";
  box.dataset.testid = "map-popup";
  const line = (text: string, cls?: string) => {
    const p = document.createElement("div");
    if (cls) p.className = cls;
    p.textContent = text;
    box.append(p);
    return p;
  };
  line(s.name, "map-popup-name");
  const state = mapStateOf(s);
  line(t(`map.state.${state}` as MessageKey), `map-popup-state state-${state}`).dataset.state = state;
  line(onlineShare(s) === null ? t("map.noCameras") : t("map.online", { online: s.online, cameras: s.cameras }), "small");
  if (s.alerts > 0) line(t("map.alerts", { n: s.alerts }), "small");
  line(t("map.risk", { grade: t(`map.risk.${s.risk}` as MessageKey) }), "small");
  const link = (href: string, text: string, testid: string) => {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    a.dataset.testid = testid;
    a.addEventListener("click", (e) => {
      if (e.metaKey || e.ctrlKey || e.shiftKey) return;
      e.preventDefault();
      open(href);
    });
    return a;
  };
  const links = document.createElement("div");
  links.className = "map-popup-links";
  links.append(link(`/overview/units/${encodeURIComponent(s.id)}`, t("map.file"), "map-popup-file"));
  // 应急指挥调度 (item 8): from the map straight into the school's live room, to see and talk to it at once
  if (can("live.join")) links.append(link(`/live/org/${encodeURIComponent(s.id)}`, t("live.open"), "map-popup-live"));
  box.append(links);
  return box;
}

export function MapView(props: {
  schools: MapSchool[];
  outlines: MapOutlinesView;
  /** opens a page of the app (the router's navigate) */
  open: (href: string) => void;
  onRendered?: (ms: number, drawn: Drawn[]) => void;
}) {
  let el!: HTMLDivElement;
  onMount(() => {
    const map = L.map(el, { preferCanvas: true, minZoom: 3, maxZoom: 18, zoomSnap: 0.5, attributionControl: true, worldCopyJump: false });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(props.outlines.illustrative ? t("map.illustrative") : props.outlines.approvalNo ? t("map.approval", { no: props.outlines.approvalNo }) : "");
    map.createPane("regionLabels").style.zIndex = "420";
    map.createPane("schools").style.zIndex = "450";
    L.geoJSON(props.outlines.outlines as GeoJSON.FeatureCollection, {
      interactive: false,
      style: { color: "#5b7896", weight: 1.5, fillColor: "#dce6ef", fillOpacity: 0.7 },
      onEachFeature: (f, layer) => {
        const center = (layer as L.Polygon).getBounds().getCenter();
        L.tooltip({ permanent: true, direction: "center", className: "map-region-label", pane: "regionLabels" }).setLatLng(center).setContent(String(f.properties?.name ?? "")).addTo(map);
      },
    }).addTo(map);
    const index = buildIndex(props.schools);
    const label = (d: Drawn) => (d.kind === "cluster" ? t("map.cluster", { n: d.count }) : `${props.schools[d.i]!.name} · ${t(`map.state.${d.state}` as MessageKey)}`);
    const popup = L.popup({ maxWidth: 260, autoPanPadding: [12, 12] });
    const layer = new SchoolLayer({
      schools: props.schools,
      index,
      label,
      onSchool: (i) => {
        const s = props.schools[i]!;
        popup.setLatLng([s.lat, s.lng]).setContent(popupOf(s, props.open)).openOn(map);
      },
      onRendered: props.onRendered,
    });
    const b = unionBounds(boundsOf(props.schools.map((s) => [s.lng, s.lat])), outlineBounds(props.outlines.outlines));
    if (b) map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [16, 16], animate: false });
    else map.setView([30.5, 114.3], 7);
    layer.addTo(map);
    onCleanup(() => map.remove());
  });
  return <div ref={el} class="map-view" data-testid="map-view" role="region" aria-label={t("map.title")} />;
}
