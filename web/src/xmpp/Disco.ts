// Service discovery (XEP-0030) and entity capabilities (XEP-0115). The focus decides what to offer from these
// features (PROTOCOL.md §1.6): no dtls-sctp (we use the WebSocket bridge channel, so no data content is
// offered) and no ssrc-rewriting (we want every remote source signalled, one m-line each).
import type { IQ } from './IQ.js';
import { NS } from './Namespaces.js';
import { xml, type Element } from './Xml.js';

export const CAPS_NODE = 'https://jitsi.net/web';

export const IDENTITY = { category: 'client', type: 'web', name: 'Jitsi.Net web' } as const;

export const FEATURES: readonly string[] = [
  NS.discoInfo,
  NS.caps,
  NS.jingle,
  NS.rtp,
  'urn:xmpp:jingle:apps:rtp:audio',
  'urn:xmpp:jingle:apps:rtp:video',
  NS.iceUdp,
  NS.dtls,
  'http://jitsi.org/json-encoded-sources',
  'urn:ietf:rfc:4588', // RTX
  'http://jitsi.org/tcc',
  'http://jitsi.org/source-name',
  'http://jitsi.org/receive-multiple-video-streams',
];

/** XEP-0115 §5.1 verification string: base64(SHA-1("category/type/lang/name<" + features sorted "<")). */
export async function capsVer(features: readonly string[] = FEATURES): Promise<string> {
  const text = `${IDENTITY.category}/${IDENTITY.type}//${IDENTITY.name}<${[...features].sort().map((f) => `${f}<`).join('')}`;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text)));
  let binary = '';
  for (const b of digest) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function capsElement(ver: string): Element {
  return xml('c', { xmlns: NS.caps, hash: 'sha-1', node: CAPS_NODE, ver });
}

/** Answers disco#info without a node or with our caps `node#ver` (XEP-0115 §6.2); other nodes: item-not-found. */
export function answerDiscoInfo(iq: IQ, ver: string): void {
  iq.handle('query', NS.discoInfo, (request, query) => {
    const node = query.attrs.node;
    if (node !== undefined && node !== `${CAPS_NODE}#${ver}`) {
      iq.error(request, 'cancel', 'item-not-found');
      return;
    }
    return xml('query', { xmlns: NS.discoInfo, node },
      xml('identity', { ...IDENTITY }),
      ...FEATURES.map((v) => xml('feature', { var: v })));
  });
}
