/**
 * A score's trend as a small line (the overview's risk list): one point per day, gaps where no score was kept.
 * Hand-drawn SVG: thirty points need no charting library, and the line stays legible at phone width.
 */
export function Sparkline(props: { values: Array<number | null>; max: number; label: string }) {
  const W = 90;
  const H = 20;
  const points = () => {
    const n = props.values.length;
    const step = n > 1 ? W / (n - 1) : 0;
    const segments: string[][] = [[]];
    props.values.forEach((v, i) => {
      if (v === null) {
        if (segments.at(-1)!.length) segments.push([]);
        return;
      }
      const y = H - 1 - (Math.min(v, props.max) / props.max) * (H - 2);
      segments.at(-1)!.push(`${(i * step).toFixed(1)},${y.toFixed(1)}`);
    });
    return segments.filter((s) => s.length);
  };
  return (
    <svg class="sparkline" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={props.label} data-testid="sparkline">
      {points().map((s) => (s.length === 1 ? <circle cx={s[0]!.split(",")[0]} cy={s[0]!.split(",")[1]} r="1.5" /> : <polyline points={s.join(" ")} fill="none" stroke="currentColor" stroke-width="1.5" />))}
    </svg>
  );
}
