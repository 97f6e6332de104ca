/**
 * RTP (RFC 3550) as far as the PS stream needs it: the fixed header, CSRCs, extension and padding stripped,
 * and packets put back in sequence order with a small reorder window (pure).
 */

export interface RtpPacket {
  payloadType: number;
  marker: boolean;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
}

/** null: not an RTP version 2 packet, or truncated. */
export function parseRtp(buf: Buffer): RtpPacket | null {
  if (buf.length < 12 || buf[0] >> 6 !== 2) return null;
  const padding = (buf[0] & 0x20) !== 0;
  const extension = (buf[0] & 0x10) !== 0;
  const csrcCount = buf[0] & 0x0f;
  let offset = 12 + csrcCount * 4;
  if (extension) {
    if (buf.length < offset + 4) return null;
    offset += 4 + buf.readUInt16BE(offset + 2) * 4;
  }
  let end = buf.length;
  if (padding) end -= buf[buf.length - 1];
  if (offset > end) return null;
  return {
    payloadType: buf[1] & 0x7f,
    marker: (buf[1] & 0x80) !== 0,
    sequence: buf.readUInt16BE(2),
    timestamp: buf.readUInt32BE(4),
    ssrc: buf.readUInt32BE(8),
    payload: buf.subarray(offset, end),
  };
}

/** An RTP packet (for the test device and the benchmark's sender). */
export function buildRtp(p: Omit<RtpPacket, "marker"> & { marker?: boolean }): Buffer {
  const head = Buffer.alloc(12);
  head[0] = 0x80;
  head[1] = (p.marker ? 0x80 : 0) | (p.payloadType & 0x7f);
  head.writeUInt16BE(p.sequence & 0xffff, 2);
  head.writeUInt32BE(p.timestamp >>> 0, 4);
  head.writeUInt32BE(p.ssrc >>> 0, 8);
  return Buffer.concat([head, p.payload]);
}

/** a - b in 16-bit sequence space (wraps). */
const seqDiff = (a: number, b: number) => ((a - b + 0x8000 + 0x10000) % 0x10000) - 0x8000;

/**
 * Puts payloads back in order: a packet ahead of the next expected one waits (up to `window` packets) for
 * the gap to fill; when the window is full the gap is skipped (the PS demuxer resyncs on the next pack
 * header). Late and duplicate packets are dropped. `lost` counts skipped sequence numbers.
 */
export class RtpReorder {
  private next: number | null = null;
  private held = new Map<number, Buffer>();
  lost = 0;

  constructor(
    private readonly out: (payload: Buffer) => void,
    private readonly window = 32,
  ) {}

  push(p: RtpPacket): void {
    if (this.next === null) this.next = p.sequence;
    const d = seqDiff(p.sequence, this.next);
    if (d < 0 || this.held.has(p.sequence)) return;
    this.held.set(p.sequence, p.payload);
    this.drain();
    if (this.held.size >= this.window) {
      // give up on the gap: jump to the oldest packet held
      let oldest = p.sequence;
      for (const s of this.held.keys()) if (seqDiff(s, oldest) < 0) oldest = s;
      this.lost += seqDiff(oldest, this.next);
      this.next = oldest;
      this.drain();
    }
  }

  private drain(): void {
    for (let payload = this.held.get(this.next!); payload; payload = this.held.get(this.next!)) {
      this.held.delete(this.next!);
      this.next = (this.next! + 1) & 0xffff;
      this.out(payload);
    }
  }
}
