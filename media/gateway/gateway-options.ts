import type { GatewayConfig, Heartbeat } from "../../server/live/contracts.ts";
import type { RuleType } from "../detect/rules.ts";
import type { Detector } from "../detect/types.ts";
import type { AlertQueue } from "./alert-queue.ts";
import type { WatchMode } from "./decode-mode.ts";
import type { DetectionPipelineOptions } from "./detection.ts";
import type { DecodeOptions } from "./ffmpeg-args.ts";
import type { LiveInputs } from "./live-input.ts";
import type { Logger } from "./log.ts";
import type { OnDemandOptions } from "./on-demand.ts";
import type { StatusTransition } from "./status.ts";

/** What a Gateway (gateway.ts) is given, and what it tells. */
export interface GatewayOptions {
  ffmpeg: string;
  decode: DecodeOptions;
  maxBitrate: number;
  /** no frames for this long → offline */ offlineAfterMs: number;
  /** no frames for this long → ffmpeg restarted */ stallMs: number;
  log: Logger;
  /** how often to retry the config while the device token is refused */ revokedRetryMs?: number;
  /** AI抓拍: the alert queue (delivered even without a detector) and the detector, null when none loaded */
  detection?: { queue: AlertQueue; detector: Detector | null; modelLabelMap?: Readonly<Record<string, RuleType>>; motionGate?: DetectionPipelineOptions["motionGate"] };
  /**
   * Decode synthetic (`test:`) cameras only while someone watches the room (a viewer in it, or announced by
   * the API) and for `lingerMs` after (default 30 s); the demo city runs hundreds of them on a laptop. While
   * not decoded, `standby` says whether such a camera is reachable (null) or why not (a simulated blip): its
   * status follows as if frames came or stopped, through the same tracker and heartbeats. Other sources are
   * always decoded. Unset: every camera is decoded all the time. See on-demand.ts.
   */
  onDemand?: OnDemandOptions;
  /** sample-rate decoding while nobody watches, full rate while someone does and `liveLingerMs` after (decode-mode.ts);
   *  default true: live decoding of every camera is what limits a 2-core gateway (issue 17) */
  sampleWhenUnwatched?: boolean;
  liveLingerMs?: number;
  /** sources the gateway receives itself (GB/T 28181 channels, gb28181/wiring.ts); unset: such cameras fail with a reason */
  liveInputs?: LiveInputs;
}

export type GatewayEvents = {
  status: [StatusTransition];
  config: [GatewayConfig];
  heartbeat: [Heartbeat];
  revoked: [string];
  livekit: [{ connected: boolean; reason?: string }];
  /** every camera switched to live or sample decoding (decode-mode.ts) */
  decodeMode: [WatchMode];
  data: [payload: Uint8Array, participant: { attributes?: Record<string, string> } | undefined, topic: string | undefined];
};
