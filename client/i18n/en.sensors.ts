import type { zhCNSensors } from "./zh-CN.sensors.ts";

/** English texts of the IoT sensors (issue 17). */
export const enSensors: Record<keyof typeof zhCNSensors, string> = {
  "sensor.noReading": "No reading yet",
  "sensor.on": "on",
  "sensor.off": "off",
  "sensor.at": "Read at {time}",
  "sensor.chart": "{name}: temperature, last 6 hours",
  "sensor.chartFailed": "The chart could not be loaded",
  "sensor.stale": "Sensor readings are not up to date",
};
