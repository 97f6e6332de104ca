import type { zhCNOnvif } from "./zh-CN.onvif.ts";

/** English texts of 发现摄像头 on the canteen page (issue 17). */
export const enOnvif: Record<keyof typeof zhCNOnvif, string> = {
  "onvif.title": "Discover ONVIF cameras",
  "onvif.hint": "The gateway looks for ONVIF cameras on the school's network; pick one, type its user name and password to read its streams, then add it as a camera. The password is used for this read and the camera only, and never shown.",
  "onvif.gateway": "Gateway",
  "onvif.discover": "Discover cameras",
  "onvif.searching": "Searching…",
  "onvif.empty": "No ONVIF camera found: check that cameras are powered, on the gateway's network and have ONVIF enabled",
  "onvif.noGateway": "This canteen has no usable gateway yet",
  "onvif.unknownDevice": "Unnamed device",
  "onvif.choose": "Choose",
  "onvif.username": "User name",
  "onvif.password": "Password",
  "onvif.readProfiles": "Read streams",
  "onvif.reading": "Reading…",
  "onvif.profile": "Stream",
  "onvif.ptz": "PTZ",
  "onvif.name": "Camera name",
  "onvif.add": "Add camera",
  "onvif.added": "Camera added",
  "onvif.failure.unauthorized": "Wrong user name or password: the camera refused access",
  "onvif.failure.unreachable": "The gateway cannot reach this camera",
  "onvif.failure.fault": "The camera answered with an error",
  "onvif.failure.unsupported": "The camera does not support this",
  "onvif.failure.timeout": "The gateway did not answer in time: try again",
  "onvif.failure.probe_failed": "The gateway could not send the search",
};
