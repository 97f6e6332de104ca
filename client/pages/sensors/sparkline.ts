/** An SVG polyline's points for a series in a width × height box (pure); null when fewer than two values. */
export function sparklinePoints(values: ReadonlyArray<number | null>, width: number, height: number): string | null {
  const present = values.map((v, i) => [i, v] as const).filter((p): p is readonly [number, number] => p[1] !== null);
  if (present.length < 2) return null;
  const min = Math.min(...present.map((p) => p[1]));
  const max = Math.max(...present.map((p) => p[1]));
  const span = max - min || 1;
  const last = values.length - 1 || 1;
  return present.map(([i, v]) => `${((i / last) * width).toFixed(1)},${(height - 2 - ((v - min) / span) * (height - 4)).toFixed(1)}`).join(" ");
}
