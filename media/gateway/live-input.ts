/**
 * Sources whose bytes the gateway itself receives and feeds to ffmpeg's stdin (GB/T 28181: the device is
 * INVITEd and sends PS over RTP to the gateway). The camera runner opens one per ffmpeg run and closes it
 * when ffmpeg exits; `end` tells the runner the stream is gone (BYE, device offline) with a reason that
 * becomes the camera's offline reason.
 */
export interface LiveInputSink {
  data(chunk: Buffer): void;
  end(reason: string): void;
}

export interface LiveInput {
  close(): void;
}

export interface LiveInputs {
  open(source: { deviceId: string; channelId: string }, sink: LiveInputSink): Promise<LiveInput>;
  /** calls `ready` once when the source may work again (its device registered); returns a cancel function */
  whenReady(source: { deviceId: string; channelId: string }, ready: () => void): () => void;
}
