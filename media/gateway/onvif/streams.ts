import type { OnvifSource } from "../source.ts";
import { OnvifCamera, OnvifError, withCredentials } from "./client.ts";

/** The stream URI of an onvif:// camera's profile, with the credentials ffmpeg needs for RTSP. */
export async function resolveOnvifStream(s: OnvifSource): Promise<string> {
  const cam = await OnvifCamera.connect({ xaddr: s.xaddr, username: s.username, password: s.password });
  const { profiles } = await cam.device();
  const p = profiles.find((x) => x.token === s.profile);
  if (!p) throw new OnvifError("fault", `the camera has no profile "${s.profile}" (it has ${profiles.map((x) => x.token).join(", ") || "none"})`);
  return withCredentials(p.streamUri, s.username, s.password);
}
