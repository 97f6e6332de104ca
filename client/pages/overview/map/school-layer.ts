import L from "leaflet";
import type { MapSchool } from "../../../../server/overview/map-codec.ts";
import { STATE_COLOURS } from "../../../../server/overview/map-state.ts";
import { clusterRadius, type Drawn, drawnIn, type Index, SCHOOL_RADIUS } from "./clusters.ts";

/**
 * The schools on the food-safety map (issue 16 item 7) as one Leaflet layer: a canvas a quarter of the view larger
 * than the map on each side, redrawn after each move or zoom from supercluster's answer for those bounds, so 20,000
 * schools cost what is on screen. While panning the canvas rides along with the map pane (no redraw, no stutter);
 * while zooming it is scaled by the same CSS transform as Leaflet's own layers. Over the canvas, one transparent
 * button per drawn cluster or school carries the clicks and the keyboard focus and names it for screen readers.
 */

const PAD = 0.25;

export interface SchoolLayerHandlers {
  schools: MapSchool[];
  index: Index;
  label: (d: Drawn) => string;
  onSchool: (i: number) => void;
  /** after each redraw: how long it took and what is on screen */
  onRendered?: (ms: number, drawn: Drawn[]) => void;
}

export class SchoolLayer extends L.Layer {
  private box!: HTMLDivElement;
  private canvas!: HTMLCanvasElement;
  private hits!: HTMLDivElement;
  private topLeft = L.latLng(0, 0);
  private drawn: Drawn[] = [];

  constructor(private readonly h: SchoolLayerHandlers) {
    super({ pane: "schools" } as L.LayerOptions);
  }

  override onAdd(map: L.Map) {
    this.box = L.DomUtil.create("div", "map-schools leaflet-zoom-animated", map.getPane("schools"));
    this.canvas = L.DomUtil.create("canvas", "map-schools-canvas", this.box);
    this.hits = L.DomUtil.create("div", "map-schools-hits", this.box);
    this.hits.dataset.testid = "map-hits";
    L.DomEvent.on(this.hits, "click", this.onClick, this);
    map.on("moveend resize", this.redraw, this);
    map.on("zoomanim", this.animateZoom, this);
    this.redraw();
    return this;
  }

  override onRemove(map: L.Map) {
    map.off("moveend resize", this.redraw, this);
    map.off("zoomanim", this.animateZoom, this);
    L.DomEvent.off(this.hits, "click", this.onClick, this);
    this.box.remove();
    return this;
  }

  /** during a zoom animation: scale the last drawing with the map (Leaflet's own overlays do the same) */
  private animateZoom(e: L.ZoomAnimEvent) {
    const map = this._map as L.Map & { _latLngToNewLayerPoint(ll: L.LatLng, zoom: number, center: L.LatLng): L.Point };
    L.DomUtil.setTransform(this.box, map._latLngToNewLayerPoint(this.topLeft, e.zoom, e.center), map.getZoomScale(e.zoom));
  }

  redraw() {
    const map = this._map;
    if (!map) return;
    const t0 = performance.now();
    const size = map.getSize();
    const pad = size.multiplyBy(PAD).round();
    const origin = pad.multiplyBy(-1);
    const width = size.x + 2 * pad.x, height = size.y + 2 * pad.y;
    L.DomUtil.setPosition(this.box, map.containerPointToLayerPoint(origin));
    this.topLeft = map.containerPointToLatLng(origin);
    const bottomRight = map.containerPointToLatLng(origin.add([width, height]));
    const bounds: [number, number, number, number] = [
      Math.max(-180, this.topLeft.lng), Math.max(-90, bottomRight.lat), Math.min(180, bottomRight.lng), Math.min(90, this.topLeft.lat),
    ];
    this.drawn = bounds[0] < bounds[2] && bounds[1] < bounds[3] ? drawnIn(this.h.index, bounds, map.getZoom()) : [];

    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const ctx = this.canvas.getContext("2d")!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.font = "600 12px system-ui, sans-serif";
    const frag = document.createDocumentFragment();
    for (const [k, d] of this.drawn.entries()) {
      const p = map.latLngToContainerPoint([d.lat, d.lng]).subtract(origin);
      const r = d.kind === "cluster" ? clusterRadius(d.count) : SCHOOL_RADIUS;
      ctx.beginPath();
      ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
      ctx.fillStyle = STATE_COLOURS[d.state];
      ctx.globalAlpha = d.kind === "cluster" ? 0.85 : 1;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.lineWidth = 2;
      ctx.strokeStyle = "#fff";
      ctx.stroke();
      if (d.kind === "cluster") {
        ctx.fillStyle = "#fff";
        ctx.fillText(d.count > 9999 ? `${Math.round(d.count / 1000)}k` : String(d.count), p.x, p.y);
      }
      const b = document.createElement("button");
      b.type = "button";
      b.className = "map-hit";
      b.style.cssText = `left:${p.x - r}px;top:${p.y - r}px;width:${2 * r}px;height:${2 * r}px`;
      b.dataset.k = String(k);
      b.dataset.testid = d.kind === "cluster" ? "map-cluster" : "map-school";
      b.dataset.state = d.state;
      if (d.kind === "cluster") b.dataset.count = String(d.count);
      else b.dataset.id = this.h.schools[d.i]!.id;
      b.setAttribute("aria-label", this.h.label(d));
      b.title = this.h.label(d);
      frag.append(b);
    }
    this.hits.replaceChildren(frag);
    this.h.onRendered?.(performance.now() - t0, this.drawn);
  }

  /** a cluster zooms in to where it falls apart; a school opens its popup. A drag that ended on a button is no click. */
  private onClick(e: Event) {
    const map = this._map;
    const k = (e.target as HTMLElement).dataset?.k;
    L.DomEvent.stopPropagation(e);
    if (!map || k === undefined || (map.dragging as (L.Handler & { moved(): boolean }) | undefined)?.moved()) return;
    const d = this.drawn[Number(k)];
    if (!d) return;
    if (d.kind === "cluster") map.setView([d.lat, d.lng], Math.min(this.h.index.getClusterExpansionZoom(d.id), map.getMaxZoom()));
    else this.h.onSchool(d.i);
  }
}
