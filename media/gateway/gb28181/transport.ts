import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createServer, type Server, type Socket } from "node:net";
import type { Logger } from "../log.ts";
import { errorText } from "../log.ts";
import type { Peer } from "./registry.ts";
import { cutStream, MAX_MESSAGE_BYTES, SipParseError } from "./sip-message.ts";

/**
 * SIP over UDP and TCP on one port (RFC 3261 §18): every datagram, and every message cut from a TCP stream
 * by its Content-Length, goes to `onMessage` with the peer to answer. A TCP stream that cannot be framed is
 * closed; nothing here throws.
 */
export class SipTransport {
  private udp: UdpSocket | null = null;
  private tcp: Server | null = null;
  private connections = new Map<number, Socket>();
  private nextConnection = 1;

  constructor(
    private readonly o: {
      host: string;
      port: number;
      onMessage: (data: Buffer, peer: Peer) => void;
      onConnectionClosed: (connection: number) => void;
      log: Logger;
    },
  ) {}

  /** The bound port (the option's, or the OS's choice for 0: UDP and TCP then share the UDP one). */
  port = 0;

  async start(): Promise<void> {
    const udp = createSocket({ type: "udp4", reuseAddr: false });
    udp.on("message", (data, rinfo) => this.o.onMessage(data, { transport: "udp", address: rinfo.address, port: rinfo.port }));
    udp.on("error", (err) => this.o.log.error(`GB/T 28181 SIP UDP: ${errorText(err)}`));
    await new Promise<void>((resolve, reject) => {
      udp.once("error", reject);
      udp.bind(this.o.port, this.o.host, () => {
        udp.off("error", reject);
        resolve();
      });
    });
    this.udp = udp;
    this.port = udp.address().port;
    const tcp = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      tcp.once("error", reject);
      tcp.listen(this.port, this.o.host, () => {
        tcp.off("error", reject);
        resolve();
      });
    });
    tcp.on("error", (err) => this.o.log.error(`GB/T 28181 SIP TCP: ${errorText(err)}`));
    this.tcp = tcp;
  }

  private accept(socket: Socket): void {
    const connection = this.nextConnection++;
    this.connections.set(connection, socket);
    const peer: Peer = { transport: "tcp", address: socket.remoteAddress ?? "", port: socket.remotePort ?? 0, connection };
    let buffer: Buffer = Buffer.alloc(0);
    socket.setNoDelay(true);
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      try {
        const { messages, rest } = cutStream(buffer);
        buffer = rest;
        for (const m of messages) this.o.onMessage(m, peer);
      } catch (err) {
        // the stream has lost its framing: nothing after this point can be trusted
        this.o.log.warn(`GB/T 28181 SIP TCP from ${peer.address}:${peer.port}: ${err instanceof SipParseError ? err.message : errorText(err)}; closing the connection`);
        socket.destroy();
      }
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      this.connections.delete(connection);
      this.o.onConnectionClosed(connection);
    });
  }

  /** Sends to a peer; false when it cannot be reached (TCP connection gone). */
  send(peer: Peer, data: Buffer): boolean {
    if (data.length > MAX_MESSAGE_BYTES) throw new Error("SIP message too large");
    if (peer.transport === "udp") {
      this.udp?.send(data, peer.port, peer.address, (err) => err && this.o.log.warn(`GB/T 28181 SIP UDP to ${peer.address}:${peer.port}: ${errorText(err)}`));
      return this.udp !== null;
    }
    const socket = this.connections.get(peer.connection);
    if (!socket || socket.destroyed) return false;
    socket.write(data);
    return true;
  }

  async stop(): Promise<void> {
    for (const s of this.connections.values()) s.destroy();
    this.connections.clear();
    await Promise.all([
      new Promise<void>((r) => (this.tcp ? this.tcp.close(() => r()) : r())),
      new Promise<void>((r) => {
        if (!this.udp) return r();
        this.udp.close(() => r());
      }),
    ]);
    this.tcp = null;
    this.udp = null;
  }
}
