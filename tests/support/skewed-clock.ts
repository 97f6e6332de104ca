/**
 * Preloaded into a process (`node --import tsx --import ./tests/support/skewed-clock.ts …`) to skew its clock
 * by CLOCK_SKEW_MS, as a host whose NTP has drifted: Date.now() and `new Date()` both move, so everything that
 * reads the process clock — the server's clock module, the LiveKit SDK's token times, the HTTP Date — is off
 * together. For the cluster's clock-skew fault test only.
 */
const skew = Number(process.env.CLOCK_SKEW_MS ?? 0);
const RealDate = Date;

class SkewedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + skew);
    else super(...(args as [string | number | Date]));
  }
  static override now() {
    return RealDate.now() + skew;
  }
}

globalThis.Date = SkewedDate as DateConstructor;
