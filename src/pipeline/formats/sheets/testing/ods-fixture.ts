/** ODS files for tests, written by hand: a mimetype entry and a content.xml around `body`. */
import { zipArchive } from '../../../testing/zip-writer.ts';
import { odsMime } from '../ods.ts';

export function odsFile(body: string, styles = ''): Uint8Array {
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.3">
<office:automatic-styles>${styles}</office:automatic-styles>
<office:body><office:spreadsheet>${body}</office:spreadsheet></office:body></office:document-content>`;
  return new Uint8Array(
    zipArchive([
      { name: 'mimetype', data: odsMime },
      { name: 'content.xml', data: content },
      {
        name: 'META-INF/manifest.xml',
        data: '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
      },
    ]),
  );
}
