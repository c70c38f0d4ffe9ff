/** The few XML helpers the S3 test server needs to read and write S3's flat documents. */
const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of every `<tag>` element: S3's documents are flat enough not to need an XML parser. */
export function xmlValues(xml: string, tag: string): string[] {
  const pattern = new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g');
  return [...xml.matchAll(pattern)].map((match) =>
    match[1]!.replace(/&(amp|lt|gt|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g, (_, name, dec, hex) =>
      dec
        ? String.fromCodePoint(Number(dec))
        : hex
          ? String.fromCodePoint(parseInt(hex, 16))
          : entities[name]!,
    ),
  );
}

export const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&${Object.keys(entities).find((name) => entities[name] === c)};`);
