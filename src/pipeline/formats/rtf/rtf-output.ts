/** Helpers of the RTF reader: list items into nested HTML lists, \'hh bytes by code page. */

/** List items with levels → nested <ul>s; a deeper list opens inside the item before it, as HTML nests them. */
export function nestedList(items: readonly { level: number; html: string }[]): string {
  let html = '';
  let depth = -1;
  for (const item of items) {
    if (depth >= item.level) html += '</li>';
    while (depth < item.level) {
      html += '<ul>';
      depth++;
    }
    while (depth > item.level) {
      html += '</ul></li>';
      depth--;
    }
    html += `<li>${item.html}`;
  }
  return html + '</li></ul>'.repeat(depth + 1);
}

const multiByte: Record<number, string> = { 932: 'shift_jis', 936: 'gbk', 949: 'euc-kr', 950: 'big5' };

/** \ansicpgN's decoder; Windows-1252 for an unknown page, as word processors fall back. */
export function decoderFor(codePage: number | null): { decode(bytes: Uint8Array): string } {
  const label = codePage === null ? 'windows-1252' : (multiByte[codePage] ?? `windows-${codePage}`);
  try {
    return new TextDecoder(label);
  } catch {
    return new TextDecoder('windows-1252');
  }
}
