// The seam between the signalling code and the wire: a stanza goes out with send(), stanzas come in through
// the handler. The browser uses WebSocketTransport (RFC 7395); unit tests use a scripted transport.
import type { Element } from './Xml.js';

export interface StanzaTransport {
  /** Our full JID once the stream is bound (RFC 6120 §7). */
  readonly jid: string;
  send(stanza: Element): void;
  onStanza(handler: (stanza: Element) => void): void;
}
