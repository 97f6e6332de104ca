import { startOnvifSim } from "./server.ts";

/**
 * The ONVIF camera simulator on its own: `npx tsx media/onvif-sim/main.ts`. ONVIF_SIM_PORT (HTTP, default 8090),
 * ONVIF_SIM_HOST (put in its URLs, default 127.0.0.1), ONVIF_SIM_USER / ONVIF_SIM_PASSWORD (admin / admin123),
 * ONVIF_DISCOVERY ("host:port" to answer probes on; default the WS-Discovery group 239.255.255.250:3702).
 */
const env = process.env;
const disc = env.ONVIF_DISCOVERY?.split(":");
const sim = await startOnvifSim({
  port: Number(env.ONVIF_SIM_PORT ?? 8090),
  host: env.ONVIF_SIM_HOST ?? "127.0.0.1",
  username: env.ONVIF_SIM_USER ?? "admin",
  password: env.ONVIF_SIM_PASSWORD ?? "admin123",
  discovery: disc ? { address: disc[0]!, port: Number(disc[1]) } : undefined,
});
console.log(`[onvif-sim] ${sim.deviceUrl} (discovery on UDP ${sim.discoveryPort ?? "off"})`);
const stop = () => void sim.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
