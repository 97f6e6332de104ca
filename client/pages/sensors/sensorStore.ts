import { createSignal, onCleanup } from "solid-js";
import { listSensors, type SensorView } from "../../api/sensors.ts";

/**
 * A canteen's sensors with their latest readings, for the live room: read at once, then every 30 s while the room is
 * open. Sensors report about once a minute, and readings are not pushed on the canteen's room (parents are in it and
 * hold no sensors.read), so a re-read is the plain way to stay current. A failed read keeps the last values, marked
 * stale, and says so.
 */
export const SENSOR_REFRESH_MS = 30_000;

export function createSensorStore(canteenId: string, refreshMs = SENSOR_REFRESH_MS) {
  const [sensors, setSensors] = createSignal<SensorView[]>([]);
  const [failed, setFailed] = createSignal(false);
  const read = async () => {
    try {
      setSensors((await listSensors({ canteenId })).items);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  };
  void read();
  const timer = setInterval(() => void read(), refreshMs);
  onCleanup(() => clearInterval(timer));
  return { sensors, failed, beside: (cameraId: string) => sensors().filter((s) => s.cameraId === cameraId), refresh: read };
}
export type SensorStore = ReturnType<typeof createSensorStore>;
