/**
 * What an ODT's named styles mean for its text: the outline level of a paragraph style (a
 * "Heading 2" paragraph written as <text:p>, or a custom style based on one) and bold/italic of a
 * text style. Automatic styles live in content.xml, named ones in styles.xml; both are read.
 */
import { attr, childrenOf, findAll, type XmlNode } from '../textdocs/xml.ts';

export interface OdtStyle {
  parent?: string;
  outlineLevel?: number;
  bold?: boolean;
  italic?: boolean;
}

export type OdtStyles = Map<string, OdtStyle>;

export function readStyles(trees: XmlNode[][]): OdtStyles {
  const styles: OdtStyles = new Map();
  for (const tree of trees) {
    for (const node of findAll(tree, 'style:style')) {
      const name = attr(node, 'style:name');
      if (!name) continue;
      const style: OdtStyle = {};
      style.parent = attr(node, 'style:parent-style-name');
      const level = Number(attr(node, 'style:default-outline-level'));
      // Imported documents may leave the level out of "Heading 2": the name says it.
      const named = (attr(node, 'style:display-name') ?? name.replace(/_20_/g, ' ')).match(
        /^heading\s*(\d)$/i,
      );
      if (level > 0) style.outlineLevel = level;
      else if (named) style.outlineLevel = Number(named[1]);
      for (const child of childrenOf(node)) {
        if (!('style:text-properties' in child)) continue;
        const weight = attr(child, 'fo:font-weight');
        if (weight === 'bold' || Number(weight) >= 600) style.bold = true;
        if (attr(child, 'fo:font-style') === 'italic') style.italic = true;
      }
      styles.set(name, style);
    }
  }
  return styles;
}

/** A property through the parent chain (bounded: a style file may loop). */
export function styleProperty<K extends keyof OdtStyle>(
  styles: OdtStyles,
  name: string | undefined,
  key: K,
): OdtStyle[K] | undefined {
  for (let i = 0; name && i < 16; i++) {
    const style = styles.get(name);
    if (!style) return undefined;
    if (style[key] !== undefined) return style[key];
    name = style.parent;
  }
  return undefined;
}
