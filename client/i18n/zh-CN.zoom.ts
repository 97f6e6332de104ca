/** zh-CN texts of the digital zoom in the live room (issue 17). Every key here must also be in en.zoom.ts (checked by its type). */
export const zhCNZoom = {
  "zoom.start": "数字变焦",
  "zoom.cancel": "取消变焦",
  "zoom.hint": "在画面上拖出要放大的区域（从摄像头原始画面截取）",
  "zoom.pending": "正在从原始画面截取…",
  "zoom.title": "放大画面：{camera}",
  "zoom.size": "原始分辨率 {width}×{height}",
  "zoom.of": "取自原始画面 {width}×{height}",
  "zoom.save": "保存为证据",
  "zoom.saved": "已保存为证据，房间内所有人已打开",
  "zoom.close": "关闭",
  "zoom.failed": "数字变焦失败：{error}",
  "zoom.noAnswer": "网关未应答，请稍后再试",
  "zoom.image": "{camera} 的放大画面",
};
