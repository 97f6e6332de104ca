import type { Logger } from "../log.ts";
import type { CatalogItem } from "./manscdp.ts";

/** The platform side's settings (media/gateway/config.ts reads them from GB28181_* variables). */
export interface GbPlatformOptions {
  /** the platform's 20-digit SIP id (devices are configured with it as their "SIP server id") */
  platformId: string;
  /** the SIP domain / digest realm (devices' "SIP domain"; by convention the id's first 10 digits) */
  realm: string;
  /** the address devices reach this gateway at: Via, Contact and the SDP's c= line */
  advertisedHost: string;
  /** where to listen (SIP and RTP) */
  bindHost: string;
  /** SIP port, UDP and TCP (0: any free port, for tests) */
  sipPort: number;
  /** the keep-alive interval the devices are configured with; offline after `missedKeepalives` of them */
  keepaliveMs: number;
  missedKeepalives?: number;
  /** a request to a device unanswered for this long fails */
  transactionTimeoutMs?: number;
  /** a catalog not complete after this long is taken as it is */
  catalogTimeoutMs?: number;
  log: Logger;
}

export type GbPlatformEvents = {
  device: [{ deviceId: string; online: boolean; reason?: string }];
  catalog: [{ deviceId: string; channels: CatalogItem[] }];
  /** a REGISTER refused: unknown device or wrong password */
  rejected: [{ deviceId: string | null; reason: string }];
  /** an INVITE is on its way (measurements: INVITE → first frame) */
  invite: [{ deviceId: string; channelId: string; rtpPort: number }];
};
