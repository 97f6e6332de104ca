import { createSocket, type Socket } from "node:dgram";
import { parseRtp, RtpReorder } from "./rtp.ts";

/**
 * One UDP port receiving a device's PS-over-RTP stream: RTP headers stripped, payloads in sequence order
 * handed to `onPayload` (the PS byte stream, which ffmpeg demuxes with `-f mpeg`). Packets of another
 * payload type or from another SSRC once the first has been seen are dropped (a stale sender).
 */
export class RtpReceiver {
  private socket: Socket | null = null;
  private ssrc: number | null = null;
  packets = 0;
  dropped = 0;
  private readonly reorder: RtpReorder;

  constructor(
    private readonly onPayload: (payload: Buffer) => void,
    private readonly payloadType = 96,
  ) {
    this.reorder = new RtpReorder(onPayload);
  }

  get lost(): number {
    return this.reorder.lost;
  }

  /** Binds `port` (0: any free one) on `host`; resolves with the port bound. */
  async start(host: string, port: number): Promise<number> {
    const socket = createSocket("udp4");
    socket.on("message", (data) => this.receive(data));
    socket.on("error", () => {});
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(port, host, () => {
        socket.off("error", reject);
        resolve();
      });
    });
    // 2 MB of socket buffer: a keyframe arrives as a burst of a few hundred packets
    try {
      socket.setRecvBufferSize(2 * 1024 * 1024);
    } catch {
      // the OS may refuse; the default still works at camera bitrates
    }
    this.socket = socket;
    return socket.address().port;
  }

  private receive(data: Buffer): void {
    const p = parseRtp(data);
    if (!p || p.payloadType !== this.payloadType || (this.ssrc !== null && p.ssrc !== this.ssrc)) {
      this.dropped++;
      return;
    }
    this.ssrc ??= p.ssrc;
    this.packets++;
    this.reorder.push(p);
  }

  stop(): void {
    this.socket?.close();
    this.socket = null;
  }
}
