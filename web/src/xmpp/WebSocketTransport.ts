// XMPP over WebSocket (RFC 7395) with anonymous SASL (RFC 4505), through @xmpp/client. Only the
// `stanza` stream crosses the StanzaTransport seam; reconnects are left to the app (a new MUC join is needed
// anyway, with a new endpoint id, once the server has dropped our occupant).
import { client, type Client } from '@xmpp/client';
import type { StanzaTransport } from './Transport.js';
import type { Element } from './Xml.js';

export class WebSocketTransport implements StanzaTransport {
  private handlers: Array<(stanza: Element) => void> = [];
  private boundJid = '';

  private constructor(private readonly xmpp: Client) {
    xmpp.on('stanza', (stanza) => { for (const h of this.handlers) h(stanza); });
    // Errors are reported through the promise of start() or the 'offline' callback; keep them off the console.
    xmpp.on('error', () => {});
  }

  /** Opens the stream to `service` (e.g. wss://meet.example.com/xmpp-websocket) and logs in anonymously. */
  static async connect(service: string, domain: string, onOffline: () => void): Promise<WebSocketTransport> {
    const xmpp = client({ service, domain });
    xmpp.reconnect.stop();
    const transport = new WebSocketTransport(xmpp);
    xmpp.on('offline', onOffline);
    transport.boundJid = (await xmpp.start()).toString();
    return transport;
  }

  get jid(): string {
    return this.boundJid;
  }

  send(stanza: Element): void {
    void this.xmpp.send(stanza).catch(() => {});
  }

  onStanza(handler: (stanza: Element) => void): void {
    this.handlers.push(handler);
  }

  close(): Promise<void> {
    return this.xmpp.stop();
  }
}
