/**
 * The gateway's sensor bridge alone: `MQTT_URL=mqtt://… API_URL=… GATEWAY_TOKEN_FILE=… npx tsx media/gateway/sensors-main.ts`
 * — for an edge box that serves sensors and no cameras, and for the tests (main.ts runs the same bridge beside the
 * cameras when MQTT_URL is set).
 */
import { stopOnSignals } from "./shutdown.ts";
import { ConfigError, loadGatewaySettings } from "./config.ts";
import { consoleLogger as log, errorText } from "./log.ts";
import { startSensors } from "./start-sensors.ts";

let settings;
try {
  settings = loadGatewaySettings({ GATEWAY_DETECT: "off", ...process.env, FONT_FILE: undefined }, () => ({ file: "", family: "none" }));
  if (!settings.sensors) throw new ConfigError("set MQTT_URL (the school's MQTT broker)");
} catch (err) {
  log.error(err instanceof ConfigError ? err.message : errorText(err));
  process.exit(2);
}
process.on("unhandledRejection", (reason) => log.error(`unhandled rejection: ${errorText(reason)}`));
const bridge = await startSensors(settings, log);
stopOnSignals(log, () => "stopping the sensor bridge", () => bridge!.stop(), () => null);
log.info(`sensors: bridging ${settings.sensors!.mqttUrl} → ${settings.apiUrl}`);
