import { AsyncLocalStorage } from "node:async_hooks";
import { z } from "zod";
import type { ErrorCode } from "../contracts/common.ts";

export type Lang = "zh-CN" | "en";

/** zh-CN unless the caller prefers English (Accept-Language: en…) over Chinese. */
export function pickLang(acceptLanguage: string | undefined | null): Lang {
  if (!acceptLanguage) return "zh-CN";
  const first = acceptLanguage.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("en") ? "en" : "zh-CN";
}

const ERROR_MESSAGES: Record<ErrorCode, Record<Lang, string>> = {
  validation_failed: { "zh-CN": "请求内容不符合要求", en: "The request is not valid" },
  unauthorized: { "zh-CN": "请先登录", en: "Please sign in" },
  forbidden: { "zh-CN": "无权执行此操作", en: "You are not allowed to do this" },
  not_found: { "zh-CN": "未找到该资源", en: "Not found" },
  conflict: { "zh-CN": "与现有数据冲突", en: "This conflicts with existing data" },
  unsupported_media_type: { "zh-CN": "不支持的请求内容类型（一般请求为 application/json，上传图片为 multipart/form-data）", en: "Unsupported content type (application/json, or multipart/form-data for image uploads)" },
  method_not_allowed: { "zh-CN": "该地址不支持此请求方法", en: "This method is not allowed here" },
  uri_too_long: { "zh-CN": "请求地址过长", en: "The request URL is too long" },
  rate_limited: { "zh-CN": "尝试次数过多，请稍后再试", en: "Too many attempts, try again later" },
  payload_too_large: { "zh-CN": "请求体过大（上限 1 MB）", en: "Request body too large (limit 1 MB)" },
  service_unavailable: { "zh-CN": "服务暂不可用", en: "Service unavailable" },
  internal_error: { "zh-CN": "服务器内部错误", en: "Internal server error" },
};

/** Extra, more specific messages keyed by a reason code. */
const REASON_MESSAGES: Record<string, Record<Lang, string>> = {
  page_not_found: { "zh-CN": "未找到该食堂的公示页，请核对二维码", en: "No canteen page at this address; check the QR code" },
  complaint_not_found: { "zh-CN": "未找到该查询码对应的投诉", en: "No complaint with this tracking code" },
  too_many_complaints: { "zh-CN": "提交过于频繁，请稍后再试", en: "Too many submissions from this address, try again later" },
  complaint_transition_invalid: { "zh-CN": "投诉当前状态不允许此操作", en: "The complaint is not in a state that allows this" },
  complaint_not_overdue: { "zh-CN": "投诉尚未逾期或已督办", en: "The complaint is not overdue, or already escalated" },
  complaint_already_ordered: { "zh-CN": "该投诉已转为整改通知", en: "This complaint has already been turned into an order" },
  live_hours_incomplete: { "zh-CN": "请同时填写开放和结束时间，或同时清空", en: "Set both opening hours, or clear both" },
  live_hours_order: { "zh-CN": "结束时间须晚于开放时间", en: "The closing time must be after the opening time" },
  public_live_closed: { "zh-CN": "当前不在公众观看开放时段", en: "The public cameras are closed now" },
  viewer_cap_reached: { "zh-CN": "观看人数已满，请稍后再试", en: "Too many viewers right now, try again later" },
  too_many_viewers_from_address: { "zh-CN": "请求过于频繁，请稍后再试", en: "Too many requests from this address, try again later" },
  not_a_parent: { "zh-CN": "该账号不是本校的家长代表", en: "This account is not a parent representative of this school" },
  already_member: { "zh-CN": "该家长已是膳食委员会成员", en: "This parent already sits on the committee" },
  outside_window: { "zh-CN": "只能在监督观看时段内加入", en: "You can join only inside the viewing window" },
  session_over: { "zh-CN": "该监督观看已结束", en: "This viewing session is over" },
  session_not_started: { "zh-CN": "该监督观看尚未开始", en: "This viewing session has not started" },
  not_attended: { "zh-CN": "只有参加了本次观看的家长才能评价", en: "Only parents who attended can evaluate" },
  already_evaluated: { "zh-CN": "您已提交过评价", en: "You have already evaluated this session" },
  camera_not_in_canteen: { "zh-CN": "摄像头不属于该食堂", en: "A camera belongs to another canteen" },
  invitee_not_member: { "zh-CN": "受邀家长须为本校膳食委员会成员", en: "Invited parents must sit on the school's committee" },
  host_not_in_school: { "zh-CN": "主持人须为本校校长或食品安全总监", en: "The host must be the school's principal or food-safety director" },
  window_invalid: { "zh-CN": "观看时段须在未来，结束晚于开始，且不超过 4 小时", en: "The window must lie ahead, end after it starts and last at most 4 hours" },
  not_invited: { "zh-CN": "该家长未受邀参加本次观看", en: "This parent is not invited to this session" },
  question_not_pending: { "zh-CN": "该问题已处理", en: "This question has already been handled" },
  bad_credentials: { "zh-CN": "用户名或密码错误", en: "Wrong username or password" },
  account_disabled: { "zh-CN": "账号已停用", en: "This account is disabled" },
  malformed_form: { "zh-CN": "上传的表单格式不正确", en: "The uploaded form is malformed" },
  nothing_to_change: { "zh-CN": "请求未包含要修改的字段", en: "The request changes nothing: name at least one field" },
  cross_origin_request: { "zh-CN": "拒绝来自其他网站的请求", en: "Requests from another site are refused" },
  malformed_json: { "zh-CN": "请求体不是合法的 JSON", en: "The request body is not valid JSON" },
  username_taken: { "zh-CN": "用户名已被使用", en: "This username is taken" },
  role_not_grantable: { "zh-CN": "不能在该单位授予此角色", en: "You cannot grant this role in this organisation" },
  region_out_of_scope: { "zh-CN": "该行政区不在您的辖区内", en: "This region is outside your jurisdiction" },
  wrong_org_kind: { "zh-CN": "该单位类型不适用", en: "Wrong kind of organisation for this" },
  area_not_in_canteen: { "zh-CN": "区域或网关不属于该食堂", en: "The area or gateway belongs to another canteen" },
  membership_exists: { "zh-CN": "该成员关系已存在", en: "This membership already exists" },
  device_token_invalid: { "zh-CN": "设备令牌无效或已吊销", en: "The device token is invalid or revoked" },
  webhook_signature_invalid: { "zh-CN": "Webhook 签名无效", en: "Invalid webhook signature" },
  gateway_offline_playback: { "zh-CN": "网关离线，无法回放", en: "The gateway is offline: playback is not possible" },
  playback_limit: { "zh-CN": "该网关同时回放路数已达上限（PLAYBACK_MAX），请先停止一路回放", en: "The gateway already runs PLAYBACK_MAX playbacks: stop one first" },
  playback_out_of_range: { "zh-CN": "回放时间须在最早的录像与当前时间之间", en: "The time must lie between the oldest recording and now" },
  playback_ended: { "zh-CN": "该回放已结束", en: "This playback has ended" },
  livekit_unavailable: { "zh-CN": "实时音视频服务未配置或不可用", en: "The live video service is not configured or unavailable" },
  draw_committed: { "zh-CN": "抽查已公布承诺值，不能再修改或重新抽取", en: "This draw is committed: it can no longer be changed or redrawn" },
  draw_not_committed: { "zh-CN": "抽查尚未公布承诺值，不能揭晓", en: "The draw's commitment is not published yet" },
  draw_revealed: { "zh-CN": "公开随机数已录入，抽查已揭晓", en: "The public value was already entered; the draw is revealed" },
  count_exceeds_candidates: { "zh-CN": "抽取数量多于候选食堂数", en: "More targets than candidates" },
  no_candidates: { "zh-CN": "没有符合条件的候选食堂", en: "No canteen matches the filters" },
  empty_pool: { "zh-CN": "检查人员库为空", en: "The inspector pool is empty" },
  pool_too_small: { "zh-CN": "检查人员不足：每个对象至少需要两名非本辖区的检查人员", en: "Not enough inspectors: each target needs enough from outside its district" },
  inspector_not_in_pool: { "zh-CN": "所选人员不是该区域监管部门的检查人员", en: "Not an inspector of a regulator in the region" },
  region_unknown: { "zh-CN": "行政区划代码不存在", en: "No such region" },
  spot_check_done: { "zh-CN": "该抽查已完成", en: "This spot check is already done" },
  plan_exists: { "zh-CN": "该区域本年度已有巡查计划", en: "This region already has a plan for that year" },
  district_not_in_region: { "zh-CN": "配额中的辖区不属于计划所在区域", en: "A quota names a district outside the plan's region" },
  period_invalid: { "zh-CN": "时间段不正确", en: "Invalid period" },
  inspection_active: { "zh-CN": "该食堂已有进行中的巡查", en: "An inspection of this canteen is already in progress" },
  inspection_ended: { "zh-CN": "该巡查已结束", en: "This inspection has already ended" },
  checklist_incomplete: { "zh-CN": "检查清单须覆盖五个必查区域", en: "The checklist must cover the five required areas" },
  camera_not_on_gateway: { "zh-CN": "摄像头不属于该网关", en: "The camera does not belong to this gateway" },
  file_required: { "zh-CN": "请上传图片文件", en: "Please upload an image file" },
  file_count: { "zh-CN": "图片数量不符合要求", en: "Wrong number of images" },
  upload_too_large: { "zh-CN": "图片过大", en: "The image is too large" },
  not_an_image: { "zh-CN": "文件不是 JPEG 或 PNG 图片", en: "The file is not a JPEG or PNG image" },
  inspection_not_in_canteen: { "zh-CN": "该巡查不属于此摄像头所在食堂", en: "The inspection belongs to another canteen" },
  not_own_annotation: { "zh-CN": "只能撤销自己的标注", en: "You can only undo your own shapes" },
  annotation_undone: { "zh-CN": "该标注已撤销", en: "This shape has already been undone" },
  legal_basis_unknown: { "zh-CN": "法律依据不在目录中", en: "Unknown legal basis" },
  snapshot_not_in_canteen: { "zh-CN": "截图不属于该食堂", en: "The snapshot belongs to another canteen" },
  deadline_past: { "zh-CN": "整改期限须晚于当前时间", en: "The deadline must be in the future" },
  no_issuing_regulator: { "zh-CN": "您不属于对该食堂有管辖权的市场监管部门", en: "You do not belong to a regulator with jurisdiction over this canteen" },
  order_transition_invalid: { "zh-CN": "整改通知当前状态不允许此操作", en: "The order's current status does not allow this" },
  snapshot_too_large: { "zh-CN": "抓拍图片过大（上限 1 MiB）", en: "The snapshot is too large (limit 1 MiB)" },
  snapshot_not_jpeg: { "zh-CN": "抓拍图片须为 JPEG", en: "The snapshot must be a JPEG image" },
  occurred_in_future: { "zh-CN": "抓拍时间晚于服务器时间，请校准网关时钟", en: "The capture time is in the future; check the gateway's clock" },
  occurred_too_early: { "zh-CN": "抓拍时间早于 7 天前，请校准网关时钟", en: "The capture time is more than 7 days ago; check the gateway's clock" },
  source_masked: { "zh-CN": "视频源中的密码已隐藏，请重新输入密码", en: "The password in the source is masked: type it again" },
  photo_too_large: { "zh-CN": "处置照片过大（上限 700 KiB）", en: "The photo is too large (limit 700 KiB)" },
  photo_not_image: { "zh-CN": "处置照片须为 JPEG 或 PNG 图片", en: "The photo must be a JPEG or PNG image" },
  alert_not_new: { "zh-CN": "该预警已签收", en: "This alert has already been acknowledged" },
  alert_not_acknowledged: { "zh-CN": "请先签收该预警再处置", en: "Acknowledge the alert before disposing of it" },
  alert_not_disposed: { "zh-CN": "该预警尚未处置，不能核查", en: "The alert has not been disposed of yet" },
  alert_not_open: { "zh-CN": "该预警已办结", en: "This alert is already closed" },
  fp_already_proposed: { "zh-CN": "已申请误报，待监管部门确认", en: "A false positive has already been proposed" },
  alert_changed: { "zh-CN": "该预警刚被他人处理，请刷新", en: "Someone else just changed this alert; reload it" },
  gateway_revoked: { "zh-CN": "设备令牌已吊销", en: "The device token is revoked" },
  gateway_revoked_attach: { "zh-CN": "该网关已吊销，不能再接入摄像头", en: "This gateway is revoked: cameras cannot be attached to it" },
  cannot_disable_self: { "zh-CN": "不能停用自己的账号", en: "You cannot disable your own account" },
  cannot_remove_own_admin: { "zh-CN": "不能移除自己的管理员角色", en: "You cannot remove your own administrator role" },
  last_membership: { "zh-CN": "这是该账号唯一的角色，不能移除；如需停用请停用账号", en: "This is the account's only role and cannot be removed; disable the account instead" },
  // 自律台账 (issue 14)
  invalid_ledger_data: { "zh-CN": "台账内容不符合要求", en: "The ledger entry's fields are not valid" },
  health_certificate_expired: { "zh-CN": "健康证已过期，不能判定为可以上岗", en: "The health certificate has expired: the person cannot be marked fit" },
  fit_with_symptoms: { "zh-CN": "体温异常或有症状，不能判定为可以上岗", en: "A fever or symptoms: the person cannot be marked fit" },
  staff_not_in_canteen: { "zh-CN": "该人员不是本食堂的从业人员", en: "This person is not on this canteen's staff" },
  viewing_session_not_in_canteen: { "zh-CN": "该监督观看场次不属于本食堂", en: "This viewing session is not one of this canteen's" },
  export_too_large: { "zh-CN": "导出的记录过多，请缩短期间或选择一种台账", en: "Too many entries to export: shorten the period or pick one ledger" },
  end_before_start: { "zh-CN": "结束时间须晚于开始时间", en: "The end must come after the start" },
  temperature_required: { "zh-CN": "热力消毒须填写温度", en: "Heat disinfection needs its temperature" },
  concentration_required: { "zh-CN": "化学消毒须填写浓度", en: "Chemical disinfection needs its concentration" },
  produced_after_delivery: { "zh-CN": "生产日期晚于进货日期", en: "The production date is after the delivery" },
  expired_on_arrival: { "zh-CN": "已过保质期的食品不能验收合格", en: "Food past its shelf life cannot be accepted" },
  event_in_future: { "zh-CN": "发生时间不能晚于当前时间", en: "The time of the event cannot be in the future" },
  backdated_beyond_window: { "zh-CN": "超出允许补录的天数", en: "Too long ago: past the window for late entries" },
  invalid_event_time: { "zh-CN": "发生时间无效", en: "Invalid time of the event" },
  photo_count: { "zh-CN": "照片数量不符合要求", en: "Wrong number of photos" },
  ledger_photo_too_large: { "zh-CN": "照片过大（上限 4 MB）", en: "The photo is too large (limit 4 MB)" },
  ledger_photo_not_image: { "zh-CN": "照片须为 JPEG 或 PNG 图片", en: "The photo must be a JPEG or PNG image" },
  already_corrected: { "zh-CN": "该记录已被更正，请在最新版本上更正", en: "This version was already corrected: correct the latest one" },
  not_a_filler_of_this_kind: { "zh-CN": "您不能填写这类台账", en: "You may not fill this kind of ledger" },
  principal_only: { "zh-CN": "每周签署须由校长进行", en: "Only the principal signs the week off" },
  expires_before_issued: { "zh-CN": "健康证到期日期早于发证日期", en: "The certificate expires before it was issued" },
  day_in_future: { "zh-CN": "日期不能晚于今天", en: "The day cannot be in the future" },
  from_after_to: { "zh-CN": "起始日期晚于截止日期", en: "The start date is after the end date" },
  period_too_long: { "zh-CN": "时间范围过长（最多 366 天）", en: "The period is too long (at most 366 days)" },
  // the regulator's overview (issue 16)
  period_in_future: { "zh-CN": "时间范围不能晚于今天", en: "The period cannot reach past today" },
  overview_period_too_long: { "zh-CN": "时间范围过长（最多 93 天）", en: "The period is too long (at most 93 days)" },
  month_in_future: { "zh-CN": "该月份尚未开始", en: "That month has not begun yet" },
  report_not_kept: { "zh-CN": "该月的这一期通报尚未生成", en: "That month's report of this edition has not been kept" },
  region_not_found: { "zh-CN": "未找到该行政区，或不在您的辖区内", en: "No such region in your jurisdiction" },
  // 靶向飞行 field tasks (issue 12)
  field_task_not_assigned: { "zh-CN": "只有被指派的核查人员才能执行此操作", en: "Only the assigned inspectors may do this" },
  field_task_not_assigned_status: { "zh-CN": "该任务已开始或已结束", en: "This task has already started or ended" },
  field_task_not_on_site: { "zh-CN": "请先到达现场开始核查", en: "Start the on-site check first" },
  field_photo_required: { "zh-CN": "提交结论前须至少上传一张现场照片", en: "Upload at least one on-site photo before the result" },
  field_task_closed: { "zh-CN": "该任务已完成或已撤销", en: "This task is already done or cancelled" },
  field_task_transition_invalid: { "zh-CN": "该任务刚被他人处理，请刷新", en: "Someone else just changed this task; reload it" },
  field_task_exists: { "zh-CN": "该来源已有未结束的现场核查任务", en: "This source already has an open field task" },
  inspector_not_eligible: { "zh-CN": "所选人员不是对该食堂有管辖权的执法人员", en: "Not an inspector with jurisdiction over this canteen" },
  spot_check_satisfactory: { "zh-CN": "该抽查结论为合格，无需现场核查", en: "This spot check was satisfactory: nothing to follow up" },
  complaint_closed: { "zh-CN": "该投诉已办结", en: "This complaint is closed" },
  captured_in_future: { "zh-CN": "拍摄时间晚于当前时间，请校准手机时钟", en: "The capture time is in the future; check the phone's clock" },
  captured_before_task: { "zh-CN": "拍摄时间早于任务派发时间", en: "The photo was taken before the task was made" },
  position_incomplete: { "zh-CN": "经度和纬度须同时提供", en: "Latitude and longitude go together" },
  leader_only: { "zh-CN": "校领导巡查须由校长或食品安全总监记录", en: "A leader's patrol is recorded by the principal or the food-safety director" },
  due_past: { "zh-CN": "完成期限须晚于当前时间", en: "The due time must be in the future" },
};

export function errorMessage(code: ErrorCode, lang: Lang, reason?: string): string {
  if (reason && REASON_MESSAGES[reason]) return REASON_MESSAGES[reason][lang];
  return ERROR_MESSAGES[code][lang];
}

/** The language of the request being handled, so that validation messages come out in it too. */
const requestLang = new AsyncLocalStorage<Lang>();
export const withLang = <T>(lang: Lang, fn: () => T): T => requestLang.run(lang, fn);
/** the language of the request being served (zh-CN outside one) */
export const currentLang = (): Lang => requestLang.getStore() ?? "zh-CN";

const zodMessages = { "zh-CN": z.locales.zhCN().localeError, en: z.locales.en().localeError };
// zod's default messages follow the request's language (messages a schema spells out itself stay as written)
z.config({ localeError: (issue) => zodMessages[requestLang.getStore() ?? "zh-CN"](issue) });
