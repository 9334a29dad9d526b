// Stanzas are ltx elements, the model @xmpp/client emits; the same type works in Node (tests) and in
// the browser, so no DOM is needed to build or read a stanza.
import { xml, type Element } from '@xmpp/client';

export { xml };
export type { Element };

/** Parses one XML document into an element (fixtures, JSON-free string input). Throws on malformed XML. */
export function parseXml(text: string): Element {
  const parser = new xml.Parser();
  let root: Element | undefined;
  let error: Error | undefined;
  // The streaming parser emits top-level children of its root; wrap so the document itself is a child.
  parser.on('element', (el) => { root ??= el; });
  parser.on('error', (err) => { error = err; });
  parser.write(`<wrap>${text.replace(/^\s*<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '')}</wrap>`);
  if (error) throw error;
  if (!root) throw new Error('no element in XML text');
  return root;
}

/** Attribute as an integer, or undefined when absent or not a number (network input never throws). */
export function intAttr(el: Element, name: string): number | undefined {
  const raw = el.attrs[name];
  if (raw === undefined || !/^-?\d+$/.test(raw)) return undefined;
  return Number(raw);
}
