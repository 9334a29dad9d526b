// Test fixtures live in test/fixtures/; the bundled tests run from build/test/, two levels below web/.
import { readFileSync } from 'node:fs';
import { parseXml, type Element } from '../src/xmpp/Xml.js';

const dir = new URL('../../test/fixtures/', import.meta.url);

export const fixtureText = (name: string): string => readFileSync(new URL(name, dir), 'utf8');
export const fixtureXml = (name: string): Element => parseXml(fixtureText(name));
export const fixtureJingle = (name: string): Element => fixtureXml(name).getChild('jingle', 'urn:xmpp:jingle:1') as Element;
