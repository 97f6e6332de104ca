import { eq, inArray } from "drizzle-orm";
import jpeg from "jpeg-js";
import type { Db } from "../client.ts";
import { canteens, deliveries, deliveryLines, menuDishes, orgs, recipeLines, stockMoves, supplierCanteens, supplierProfiles, traceWarnings, users } from "../schema/index.ts";
import type { MediaStore } from "../../server/media-store/store.ts";
import { addDays, chinaDay, dayStart, mondayOf } from "../../server/ledgers/rules.ts";
import { allocate, chainMoves, expiresOn, type Lot, type MoveFields } from "../../server/trace/rules.ts";
import { seededIds, seededRandom } from "./random.ts";

/**
 * The demo's traceability (issue 15), relative to `now` so that `npm start` shows this week alive: the demo
 * supplier's file, approved by three 鄂城区 schools; two weeks of deliveries to the demo canteen every other morning
 * (one batch of pork refused), last week's and this week's lunch menus (带量食谱) for 800 students, the day's use
 * taken FIFO at 11:30 on every day so far, chained per canteen like the live path, and the off-plan warning one
 * day raised. Rows are written directly (the API's own checks are covered by the tests), in one transaction.
 */

const STUDENTS = 800;
/** product → unit, shelf life (days), days produced before delivery, origin, price (fen per kg) */
const PRODUCTS: Record<string, { shelf: number; before: number; origin: string; priceFen: number }> = {
  大米: { shelf: 180, before: 20, origin: "湖北省鄂州市梁子湖区涂家垴镇万亩稻田合作社", priceFen: 420 },
  番茄: { shelf: 5, before: 1, origin: "湖北省鄂州市华容区段店镇蔬菜基地", priceFen: 600 },
  鸡蛋: { shelf: 30, before: 3, origin: "湖北省鄂州市鄂城区杜山镇蛋鸡养殖场", priceFen: 1100 },
  土豆: { shelf: 30, before: 5, origin: "湖北省恩施州利川市马铃薯合作社", priceFen: 350 },
  猪肉: { shelf: 3, before: 0, origin: "鄂州市定点屠宰场（生猪来自鄂城区燕矶镇养殖场）", priceFen: 2600 },
  青菜: { shelf: 3, before: 0, origin: "湖北省鄂州市华容区段店镇蔬菜基地", priceFen: 400 },
};
/** dish → grams per student */
const DISHES: Record<string, Record<string, number>> = {
  米饭: { 大米: 150 },
  番茄炒蛋: { 番茄: 80, 鸡蛋: 60 },
  土豆烧肉: { 土豆: 100, 猪肉: 60 },
  清炒青菜: { 青菜: 120 },
};
const DAY_MENUS = [["米饭", "番茄炒蛋", "清炒青菜"], ["米饭", "土豆烧肉", "清炒青菜"]];

function certificatePhoto(): Uint8Array {
  const width = 120;
  const height = 160;
  const data = Buffer.alloc(width * height * 4, 255);
  // a pale sheet with a red seal, enough to look like a scanned certificate at a glance
  for (let y = 100; y < 140; y++) for (let x = 70; x < 110; x++) if ((x - 90) ** 2 + (y - 120) ** 2 < 400) data.set([200, 30, 30, 255], (y * width + x) * 4);
  for (let y = 20; y < 90; y += 10) for (let x = 10; x < 110; x++) data.set([90, 90, 90, 255], (y * width + x) * 4);
  return new Uint8Array(jpeg.encode({ data, width, height }, 80).data);
}

const at = (day: string, hour: number, minute = 0) => dayStart(day) + (hour * 60 + minute) * 60_000;

export async function seedTraceDemo(db: Db, store: MediaStore, now: number) {
  const random = seededRandom(20261205);
  const newId = seededIds(random);
  const [supplier] = await db.select().from(orgs).where(eq(orgs.kind, "supplier"));
  const schools = await db.select({ org: orgs, canteen: canteens }).from(orgs).innerJoin(canteens, eq(canteens.orgId, orgs.id)).where(inArray(orgs.name, ["鄂城区第一中学", "鄂城区第二中学", "鄂城区实验中学"]));
  const people = await db.select().from(users).where(inArray(users.username, ["supplier.manager", "school.staff", "school.director", "school.principal"]));
  const who = (u: string) => people.find((p) => p.username === u)!.id;
  const demo = schools.find((s) => s.org.name === "鄂城区第一中学")!.canteen;
  const today = chinaDay(now);
  const cert = await store.put(certificatePhoto(), "image/jpeg", "evidence");

  const monday = mondayOf(today);
  const firstDay = addDays(monday, -7);
  const menuDays = Array.from({ length: 12 }, (_, i) => addDays(firstDay, i)).filter((d) => new Date(dayStart(d) + 8 * 3600_000).getUTCDay() % 6 !== 0);
  const dishes = menuDays.flatMap((day, i) => DAY_MENUS[i % 2]!.map((name, seq) => ({ id: newId("dsh"), canteenId: demo.id, day, meal: "lunch" as const, seq: seq + 1, name, students: STUDENTS, tolerancePct: 20, createdBy: who("school.director"), createdAt: at(addDays(firstDay, -3), 16) })));
  const recipes = dishes.flatMap((d) => Object.entries(DISHES[d.name]!).map(([product, grams]) => ({ dishId: d.id, product, perStudentMilli: grams * 1000, unit: "g" })));
  const need = (day: string, product: string) => dishes.filter((d) => d.day === day).reduce((s, d) => s + (DISHES[d.name]![product] ?? 0) * STUDENTS, 0) / 1000;

  // deliveries every other day from the Saturday before the first menu week, each covering the next two days
  const deliveryRows: Array<typeof deliveries.$inferInsert> = [];
  const lineRows: Array<typeof deliveryLines.$inferInsert> = [];
  const events: Array<Omit<MoveFields, "seq" | "canteenId">> = [];
  for (let day = addDays(firstDay, -1); day <= today; day = addDays(day, 2)) {
    const id = newId("dlv");
    const deliveredAt = at(day, 6, 30);
    const refusedPork = day === addDays(firstDay, 5);
    const lines = Object.entries(PRODUCTS).flatMap(([product, p], seq) => {
      const kg = Math.ceil((need(day, product) + need(addDays(day, 1), product) + need(addDays(day, 2), product)) * 1.05);
      if (kg <= 0) return [];
      const production = addDays(day, -p.before);
      const refused = refusedPork && product === "猪肉";
      return [{ id: newId("dln"), deliveryId: id, seq: seq + 1, product, batchNo: `${day.replaceAll("-", "")}-${seq + 1}`, qtyMilli: kg * 1000, unit: "kg", productionDate: production, shelfLifeDays: p.shelf, expiresOn: expiresOn(production, p.shelf), origin: p.origin, originLicence: null, unitPriceFen: p.priceFen, certKey: cert.key, certSha256: cert.sha256, certType: "image/jpeg", certBytes: cert.bytes, status: refused ? ("refused" as const) : ("accepted" as const), refuseReason: refused ? "检疫合格证明与批次不符，拒收" : null, ledgerEntryId: null }];
    });
    if (!lines.length) continue;
    const status = lines.some((l) => l.status === "refused") ? "partly" : "accepted";
    deliveryRows.push({ id, supplierId: supplier!.id, canteenId: demo.id, deliveredAt, day, status, note: null, createdBy: who("supplier.manager"), createdAt: deliveredAt - 3_600_000, receivedBy: who("school.staff"), receivedAt: deliveredAt + 20 * 60_000 });
    lineRows.push(...lines);
    for (const l of lines.filter((x) => x.status === "accepted")) events.push({ id: newId("stm"), kind: "received", lineId: l.id, product: l.product, qtyMilli: l.qtyMilli, dishId: null, correctsId: null, reason: null, at: deliveredAt + 20 * 60_000, day, byUser: who("school.staff") });
  }

  // the day's use at 11:30, FIFO over what was received by then; one day's rice strays from the plan
  const warnings: Array<typeof traceWarnings.$inferInsert> = [];
  const lots: Lot[] = [];
  const received = [...events];
  // a use is never in the future: today's lunch only once it has been served
  for (const day of menuDays.filter((d) => d < today || (d === today && at(d, 11, 30) <= now))) {
    for (const r of received.filter((e) => e.day <= day && !lots.some((l) => l.lineId === e.lineId))) {
      const line = lineRows.find((l) => l.id === r.lineId)!;
      lots.push({ lineId: r.lineId, product: r.product, batchNo: line.batchNo, unit: "kg", expiresOn: line.expiresOn, receivedAt: r.at, onHandMilli: r.qtyMilli });
    }
    for (const d of dishes.filter((x) => x.day === day)) {
      for (const [product, grams] of Object.entries(DISHES[d.name]!)) {
        const stray = day === addDays(firstDay, 2) && product === "大米" ? 1.35 : 0.96 + random() * 0.08;
        const got = allocate(lots, { product, needMilli: Math.round(grams * STUDENTS * stray), unit: "g" }, day);
        if ("short" in got) continue;
        for (const take of got.takes) {
          lots.find((l) => l.lineId === take.lineId)!.onHandMilli -= take.qtyMilli;
          events.push({ id: newId("stm"), kind: "used", lineId: take.lineId, product, qtyMilli: -take.qtyMilli, dishId: d.id, correctsId: null, reason: null, at: at(day, 11, 30), day, byUser: who("school.staff") });
        }
        if (stray > 1.2) warnings.push({ id: newId("twn"), canteenId: demo.id, kind: "use_off_plan", day, month: day.slice(0, 7), refId: d.id, detail: JSON.stringify({ product, planned: (grams * STUDENTS) / 1000, used: Math.round(grams * STUDENTS * stray) / 1000, unit: "g", tolerancePct: 20 }), createdAt: at(day, 11, 35) });
      }
    }
  }
  events.sort((a, b) => a.at - b.at);
  const moves = chainMoves(null, events.map((e) => ({ ...e, canteenId: demo.id })));

  await db.transaction(async (tx) => {
    const expires = addDays(today, 200);
    await tx.insert(supplierProfiles).values({ orgId: supplier!.id, businessLicenceNo: "91420704MA4F2X3Y1K", businessLicenceExpiresOn: addDays(today, 900), foodLicenceNo: "JY14207040012345", foodLicenceExpiresOn: expires, products: JSON.stringify(Object.keys(PRODUCTS)), updatedAt: at(firstDay, 9) });
    await tx.insert(supplierCanteens).values(schools.map((s) => ({ supplierId: supplier!.id, canteenId: s.canteen.id, committeeConsulted: true, approvedBy: who("school.principal"), approvedAt: at(addDays(firstDay, -30), 10) })));
    if (deliveryRows.length) await tx.insert(deliveries).values(deliveryRows);
    for (let i = 0; i < lineRows.length; i += 200) await tx.insert(deliveryLines).values(lineRows.slice(i, i + 200));
    await tx.insert(menuDishes).values(dishes);
    await tx.insert(recipeLines).values(recipes);
    for (let i = 0; i < moves.length; i += 200) await tx.insert(stockMoves).values(moves.slice(i, i + 200) as Array<typeof stockMoves.$inferInsert>);
    if (warnings.length) await tx.insert(traceWarnings).values(warnings);
  });
  return { deliveries: deliveryRows.length, moves: moves.length, dishes: dishes.length };
}
