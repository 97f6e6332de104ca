/** Real GB/T 2260 codes for the demo: 湖北省 → 鄂州市 and 黄石市 → their districts. */
export const DEMO_REGIONS = [
  { code: "420000", name: "湖北省", level: "province", parentCode: null },
  { code: "420700", name: "鄂州市", level: "city", parentCode: "420000" },
  { code: "420702", name: "梁子湖区", level: "district", parentCode: "420700" },
  { code: "420703", name: "华容区", level: "district", parentCode: "420700" },
  { code: "420704", name: "鄂城区", level: "district", parentCode: "420700" },
  { code: "420200", name: "黄石市", level: "city", parentCode: "420000" },
  { code: "420202", name: "黄石港区", level: "district", parentCode: "420200" },
  { code: "420203", name: "西塞山区", level: "district", parentCode: "420200" },
  { code: "420204", name: "下陆区", level: "district", parentCode: "420200" },
  { code: "420205", name: "铁山区", level: "district", parentCode: "420200" },
  { code: "420222", name: "阳新县", level: "district", parentCode: "420200" },
  { code: "420281", name: "大冶市", level: "district", parentCode: "420200" },
] as const;

/** Prefecture-level cities of 湖北省 (GB/T 2260), for the province-scale synthetic dataset. */
export const HUBEI_CITIES = [
  ["420100", "武汉市"],
  ["420200", "黄石市"],
  ["420300", "十堰市"],
  ["420500", "宜昌市"],
  ["420600", "襄阳市"],
  ["420700", "鄂州市"],
  ["420800", "荆门市"],
  ["420900", "孝感市"],
  ["421000", "荆州市"],
  ["421100", "黄冈市"],
  ["421200", "咸宁市"],
  ["421300", "随州市"],
  ["422800", "恩施土家族苗族自治州"],
] as const;
