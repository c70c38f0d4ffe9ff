/**
 * A slide deck's zip, read part by part after checkZipSizes has held every entry to its declared
 * size: the central directory is listed once (a deck of 1,000 slides has ~3,000 parts, and
 * readZipEntry lists it on every call).
 */
import posixPath from 'node:path/posix';
import { inflateRawSync } from 'node:zlib';
import { checkZipSizes, listZipEntries, type ZipEntryInfo } from '../../zip.ts';
import { slideZipLimits } from './model.ts';
import { child, elements, parseXml, type XmlElement } from './xml.ts';

export interface Archive {
  has(name: string): boolean;
  bytes(name: string): Uint8Array | null;
  xml(name: string): XmlElement | null;
  names(): string[];
}

export function openArchive(zip: Uint8Array): Archive {
  checkZipSizes(zip, slideZipLimits);
  const byName = new Map<string, ZipEntryInfo>((listZipEntries(zip) ?? []).map((e) => [e.name, e]));
  const bytes = (name: string): Uint8Array | null => {
    const entry = byName.get(name);
    if (!entry) return null;
    const data = zip.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    if (entry.method === 0) return data;
    if (entry.method !== 8) return null;
    try {
      return new Uint8Array(inflateRawSync(data, { maxOutputLength: entry.declaredSize + 1 }));
    } catch {
      return null;
    }
  };
  return {
    has: (name) => byName.has(name),
    bytes,
    xml: (name) => {
      const data = bytes(name);
      return data ? parseXml(data, name) : null;
    },
    names: () => [...byName.keys()],
  };
}

export interface Relationship {
  type: string;
  /** The target part's name in the archive (resolved against the source part's folder). */
  target: string;
}

/** The relationships of an OPC part (`ppt/slides/slide1.xml` → its `_rels/slide1.xml.rels`). */
export function relationships(archive: Archive, part: string): Map<string, Relationship> {
  const dir = posixPath.dirname(part);
  const rels = archive.xml(`${dir}/_rels/${posixPath.basename(part)}.rels`);
  const out = new Map<string, Relationship>();
  for (const rel of elements(
    child(rels ?? undefined, 'Relationships') ?? { name: '', attrs: {}, children: [] },
  )) {
    if (rel.attrs.TargetMode === 'External' || !rel.attrs.Id || !rel.attrs.Target) continue;
    const target = rel.attrs.Target.startsWith('/')
      ? rel.attrs.Target.slice(1)
      : posixPath.normalize(posixPath.join(dir, rel.attrs.Target));
    out.set(rel.attrs.Id, { type: rel.attrs.Type ?? '', target });
  }
  return out;
}

/** The first relationship of a type (matched on the end of its URI: `/notesSlide`). */
export function relationOfType(rels: Map<string, Relationship>, type: string): string | null {
  for (const rel of rels.values()) if (rel.type.endsWith(type)) return rel.target;
  return null;
}
