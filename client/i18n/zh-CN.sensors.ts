/** zh-CN texts of the IoT sensors (可感测, issue 17). Every key here must also be in en.sensors.ts (checked by its type). */
export const zhCNSensors = {
  "sensor.noReading": "暂无读数",
  "sensor.on": "开",
  "sensor.off": "关",
  "sensor.at": "读数时间 {time}",
  "sensor.chart": "{name} 近 6 小时温度",
  "sensor.chartFailed": "曲线加载失败",
  "sensor.stale": "传感器读数暂未更新",
};
