/**
 * The simulated camera's pan, tilt and zoom (pure). ONVIF's generic spaces: pan and tilt in [-1, 1], zoom in
 * [0, 1]; a continuous move's velocity in [-1, 1] per axis. The position is never stored while moving: it is
 * computed from where the move started and when, so GetStatus, the picture and the tests agree at any instant.
 */
export interface Vector {
  pan: number;
  tilt: number;
  zoom: number;
}
export interface Preset {
  token: string;
  name: string;
  position: Vector;
}
export interface PtzState {
  /** the position at `since` */
  origin: Vector;
  velocity: Vector;
  since: number;
  /** a continuous move's end (its Timeout), or null for until Stop */
  until: number | null;
  presets: Preset[];
}

/** Units per second at velocity 1: a full pan (-1 → 1) in 4 s, a full zoom in 2 s. */
export const SPEED = { pan: 0.5, tilt: 0.5, zoom: 0.5 } as const;
export const MAX_PRESETS = 32;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const clampVector = (v: Vector): Vector => ({ pan: clamp(v.pan, -1, 1), tilt: clamp(v.tilt, -1, 1), zoom: clamp(v.zoom, 0, 1) });
const ZERO: Vector = { pan: 0, tilt: 0, zoom: 0 };

export const initialState = (now: number): PtzState => ({ origin: { ...ZERO }, velocity: { ...ZERO }, since: now, until: null, presets: [] });

export function positionAt(s: PtzState, now: number): Vector {
  const t = Math.max(0, (s.until === null ? now : Math.min(now, s.until)) - s.since) / 1000;
  return clampVector({
    pan: s.origin.pan + s.velocity.pan * SPEED.pan * t,
    tilt: s.origin.tilt + s.velocity.tilt * SPEED.tilt * t,
    zoom: s.origin.zoom + s.velocity.zoom * SPEED.zoom * t,
  });
}

/** Whether the camera is still moving at `now` (a velocity, not yet at its end or its limit). */
export function moving(s: PtzState, now: number): { panTilt: boolean; zoom: boolean } {
  const active = s.until === null || now < s.until;
  const p = positionAt(s, now);
  const pt =
    active &&
    ((s.velocity.pan > 0 && p.pan < 1) || (s.velocity.pan < 0 && p.pan > -1) || (s.velocity.tilt > 0 && p.tilt < 1) || (s.velocity.tilt < 0 && p.tilt > -1));
  const z = active && ((s.velocity.zoom > 0 && p.zoom < 1) || (s.velocity.zoom < 0 && p.zoom > 0));
  return { panTilt: pt, zoom: z };
}

/** ContinuousMove: axes left out keep their current velocity (ONVIF: a missing PanTilt or Zoom is not changed). */
export function continuousMove(s: PtzState, v: Partial<Vector>, now: number, timeoutMs: number | null): PtzState {
  const here = positionAt(s, now);
  const cur = s.until !== null && now >= s.until ? ZERO : s.velocity;
  const velocity = {
    pan: clamp(v.pan ?? cur.pan, -1, 1),
    tilt: clamp(v.tilt ?? cur.tilt, -1, 1),
    zoom: clamp(v.zoom ?? cur.zoom, -1, 1),
  };
  return { ...s, origin: here, velocity, since: now, until: timeoutMs === null ? null : now + timeoutMs };
}

export function stop(s: PtzState, now: number, axes: { panTilt: boolean; zoom: boolean } = { panTilt: true, zoom: true }): PtzState {
  const here = positionAt(s, now);
  const v = s.until !== null && now >= s.until ? ZERO : s.velocity;
  return {
    ...s,
    origin: here,
    velocity: { pan: axes.panTilt ? 0 : v.pan, tilt: axes.panTilt ? 0 : v.tilt, zoom: axes.zoom ? 0 : v.zoom },
    since: now,
    until: s.until !== null && now < s.until ? s.until : null,
  };
}

/** GotoPreset: the simulated camera arrives at once (a real one takes its time: clients must not depend on either). */
export function gotoPreset(s: PtzState, token: string, now: number): PtzState | null {
  const p = s.presets.find((x) => x.token === token);
  if (!p) return null;
  return { ...s, origin: { ...p.position }, velocity: { ...ZERO }, since: now, until: null };
}

/** SetPreset: a new preset (token `preset-N`) or the given one overwritten with the current position; null when full or unknown. */
export function setPreset(s: PtzState, name: string, token: string | null, now: number): { state: PtzState; token: string } | null {
  const position = positionAt(s, now);
  if (token !== null) {
    if (!s.presets.some((p) => p.token === token)) return null;
    return { state: { ...s, presets: s.presets.map((p) => (p.token === token ? { token, name, position } : p)) }, token };
  }
  if (s.presets.length >= MAX_PRESETS) return null;
  const used = new Set(s.presets.map((p) => p.token));
  let n = 1;
  while (used.has(`preset-${n}`)) n++;
  const t = `preset-${n}`;
  return { state: { ...s, presets: [...s.presets, { token: t, name, position }] }, token: t };
}
