/**
 * A minimal RFC 4180 reader for the tests, written independently of server/exchange/csv.ts: quoted fields may hold
 * commas, doubled quotes and line breaks; records end in CRLF. Returns the records as arrays of fields.
 */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated quoted field");
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
    } else while (i < text.length && text[i] !== "," && text[i] !== "\r" && text[i] !== "\n") field += text[i++];
    row.push(field);
    if (text[i] === ",") i++;
    else if (text.startsWith("\r\n", i)) {
      out.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) throw new Error(`bare ${JSON.stringify(text[i])} at ${i}: records must end in CRLF`);
  }
  if (row.length) throw new Error("the last record does not end in CRLF");
  return out;
}
