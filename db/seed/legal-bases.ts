import { sql } from "drizzle-orm";
import type { DbOrTx } from "../types.ts";
import { legalBases } from "../schema/index.ts";

const FSL = "中华人民共和国食品安全法";
const SCHOOL_RULES = "学校食品安全与营养健康管理规定";

/**
 * The catalogue an order item cites (issue 4). Article numbers are those of the statute (食品安全法 as
 * amended in 2021; 学校食品安全与营养健康管理规定, 教育部 国家市场监督管理总局 国家卫生健康委员会令第45号,
 * 2019). Statutes give articles no titles: `title` is the article's subject and `description` a plain
 * summary written for this catalogue — neither is the statute's wording.
 * Kept in step with the database on every migrate (upsert by code); codes never change meaning.
 */
export const LEGAL_BASES = [
  { code: "fsl-33", law: FSL, article: "第三十三条", title: "食品生产经营的场所、设施与卫生要求", description: "加工、贮存场所应整洁并与污染源保持距离；配备防蝇、防鼠、防虫、洗涤消毒等设施；布局合理、生熟分开；餐具饮具用前洗净消毒；从业人员保持个人卫生，穿戴清洁工作衣帽。" },
  { code: "fsl-34", law: FSL, article: "第三十四条", title: "禁止生产经营的食品", description: "不得经营腐败变质、霉变生虫、超过保质期、来源不明或感官性状异常等不符合食品安全标准的食品、食品原料和食品添加剂。" },
  { code: "fsl-35", law: FSL, article: "第三十五条", title: "食品经营许可", description: "从事食品经营（含餐饮服务）应依法取得许可，并按许可载明的项目经营。" },
  { code: "fsl-44", law: FSL, article: "第四十四条", title: "食品安全管理制度与管理人员", description: "应建立健全食品安全管理制度，配备食品安全管理人员，组织从业人员食品安全知识培训。" },
  { code: "fsl-45", law: FSL, article: "第四十五条", title: "从业人员健康管理", description: "应建立从业人员健康管理制度；接触直接入口食品的人员每年健康检查，取得健康证明后方可上岗，患有碍食品安全疾病的人员不得从事相关工作。" },
  { code: "fsl-47", law: FSL, article: "第四十七条", title: "食品安全自查", description: "应建立食品安全自查制度，定期检查评价食品安全状况；条件变化不再符合要求时应立即整改，有风险时停止经营并报告。" },
  { code: "fsl-53", law: FSL, article: "第五十三条", title: "进货查验与记录", description: "采购食品应查验供货者的许可证和合格证明，如实记录名称、规格、数量、生产日期或批号、保质期、进货日期及供货者信息，并保存凭证。" },
  { code: "fsl-54", law: FSL, article: "第五十四条", title: "食品贮存", description: "应按保证食品安全的要求贮存食品，定期检查库存，及时清理变质或超过保质期的食品。" },
  { code: "fsl-55", law: FSL, article: "第五十五条", title: "餐饮服务原料控制与加工检查", description: "餐饮服务提供者应制定并实施原料控制要求，不得采购不符合标准的原料；加工中发现腐败变质或感官异常的，不得加工或使用。" },
  { code: "fsl-56", law: FSL, article: "第五十六条", title: "设施设备维护与餐饮具清洗消毒", description: "应定期维护加工、贮存、陈列设施设备，定期清洗、校验保温及冷藏冷冻设施；餐具、饮具和盛放直接入口食品的容器使用前应洗净、消毒。" },
  { code: "fsl-57", law: FSL, article: "第五十七条", title: "集中用餐单位食堂", description: "学校、托幼机构等集中用餐单位的食堂应严格遵守法律法规和食品安全标准；从供餐单位订餐的，应从取得许可的单位订购并查验。" },
  { code: "fsl-126", law: FSL, article: "第一百二十六条", title: "违反生产经营过程控制要求的法律责任", description: "未按规定定期维护设施设备、未对餐具饮具清洗消毒、未建立健康管理或进货查验制度等情形，由监管部门责令改正、给予警告，拒不改正的处以罚款。" },
  { code: "sfr-21", law: SCHOOL_RULES, article: "第二十一条", title: "集中用餐陪餐制度", description: "中小学、幼儿园应建立集中用餐陪餐制度，每餐应有学校相关负责人与学生共同用餐，做好陪餐记录，及时发现并解决集中用餐中的问题。" },
] as const;

/** Deterministic ids, so every database (and every test) names the same article the same way. */
export function legalBasisId(code: string): string {
  const [law, article] = code.split("-");
  return `lb_${law}${article!.padStart(4, "0")}`;
}

/** Upsert the catalogue: safe to run at every start, from every instance. */
export async function seedLegalBases(db: DbOrTx): Promise<number> {
  const rows = LEGAL_BASES.map((b, i) => ({ id: legalBasisId(b.code), ...b, sort: i + 1 }));
  await db
    .insert(legalBases)
    .values(rows)
    .onConflictDoUpdate({
      target: legalBases.code,
      set: { law: sql`excluded.law`, article: sql`excluded.article`, title: sql`excluded.title`, description: sql`excluded.description`, sort: sql`excluded.sort` },
    });
  return rows.length;
}
