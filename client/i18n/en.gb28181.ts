import type { zhCNGb28181 } from "./zh-CN.gb28181.ts";

/** English texts of GB/T 28181 devices on the canteen page (issue 17). */
export const enGb28181: Record<keyof typeof zhCNGb28181, string> = {
  "gb28181.title": "GB/T 28181 devices",
  "gb28181.hint": "On the camera or recorder, set the SIP server to this canteen's gateway (port in the gateway's notes) with the same device id and password as here; once registered, its channels are listed below and can be added as cameras.",
  "gb28181.empty": "No GB/T 28181 device yet",
  "gb28181.loading": "Loading…",
  "gb28181.deviceId": "Device id (20 digits)",
  "gb28181.name": "Name",
  "gb28181.password": "SIP password",
  "gb28181.passwordHint": "Used only to authenticate the device; not shown again once saved",
  "gb28181.add": "Add device",
  "gb28181.status.unknown": "Not registered",
  "gb28181.status.online": "Online",
  "gb28181.status.offline": "Offline",
  "gb28181.channels": "Channels",
  "gb28181.noChannels": "The device's channels appear once it registers",
  "gb28181.addChannel": "Add as camera",
  "gb28181.isCamera": "Added as a camera",
  "gb28181.needArea": "Add an area first",
  "gb28181.remove": "Remove",
  "gb28181.confirmRemove": "Remove the device “{name}”? The cameras of its channels will go offline.",
};
