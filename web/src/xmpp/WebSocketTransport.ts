// XMPP over WebSocket (RFC 7395) through @xmpp/client, logged in as a guest (ANONYMOUS) or with an account
// (SCRAM-SHA-1, PLAIN on a secure connection); Login.ts picks the mechanism. Only the `stanza` stream crosses the
// StanzaTransport seam. @xmpp/client's own reconnect is off: after a drop the meeting reconnects with a new
// transport and joins the room again (Reconnect.ts), since the server has dropped our occupant by then.
import { client, type Client } from '@xmpp/client';
import { chooseMechanism, loginTarget, type Credentials, type LoginConfig } from './Login.js';
import type { StanzaTransport } from './Transport.js';
import type { Element } from './Xml.js';

export interface ConnectOptions extends LoginConfig {
  /** e.g. wss://meet.example.com/xmpp-websocket */
  service: string;
  /** Absent: log in as a guest. */
  credentials?: Credentials;
  /** Called once when the connection drops without close() having been called. */
  onDrop?: () => void;
}

type Authenticate = (credentials: Record<string, string>, mechanism: string) => Promise<void>;

export class WebSocketTransport implements StanzaTransport {
  private handlers: Array<(stanza: Element) => void> = [];
  private boundJid = '';
  private closing = false;

  private constructor(private readonly xmpp: Client) {
    xmpp.on('stanza', (stanza) => { for (const h of this.handlers) h(stanza); });
    // Errors are reported through the promise of start() or the drop callback; keep them off the console.
    xmpp.on('error', () => {});
  }

  /** Opens the stream and logs in; rejects with LoginRequired / a SASLError / a socket error. */
  static async connect(options: ConnectOptions): Promise<WebSocketTransport> {
    const { domain, username } = loginTarget(options, options.credentials);
    const credentials = options.credentials;
    const xmpp = client({
      service: options.service,
      domain,
      credentials: async (authenticate: Authenticate, mechanisms: string[], _fast: unknown, entity: { isSecure(): boolean }) => {
        const mechanism = chooseMechanism(mechanisms, credentials, entity.isSecure());
        await authenticate(credentials ? { username: username ?? '', password: credentials.password } : {}, mechanism);
      },
    });
    xmpp.reconnect.stop();
    const transport = new WebSocketTransport(xmpp);
    xmpp.on('disconnect', () => {
      if (transport.closing || !transport.boundJid) return;
      transport.closing = true;
      options.onDrop?.();
    });
    try {
      transport.boundJid = (await xmpp.start()).toString();
    } catch (error) {
      transport.closing = true;
      await xmpp.stop().catch(() => {});
      throw error;
    }
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
    this.closing = true;
    return this.xmpp.stop();
  }
}
