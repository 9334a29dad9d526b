// IQ request/response (RFC 6120 §8.2.3): requests are matched to replies by id and sender; incoming get/set
// go to the handler registered for their payload (name + namespace); anything unhandled is answered with
// service-unavailable, as every IQ must get a reply.
import type { Clock } from '../Clock.js';
import type { StanzaTransport } from './Transport.js';
import { xml, type Element } from './Xml.js';

export class IQError extends Error {
  constructor(readonly condition: string, readonly reply: Element | undefined) {
    super(`IQ error: ${condition}`);
  }
}

type Handler = (iq: Element, payload: Element) => Element | void | Promise<Element | void>;

interface Pending {
  to: string | undefined;
  resolve: (reply: Element) => void;
  reject: (error: Error) => void;
  timer: unknown;
}

let counter = 0;

export class IQ {
  private readonly pending = new Map<string, Pending>();
  private readonly handlers = new Map<string, Handler>();

  constructor(private readonly transport: StanzaTransport, private readonly clock: Clock, private readonly timeoutMs = 15_000) {
    transport.onStanza((stanza) => { if (stanza.name === 'iq') this.receive(stanza); });
  }

  /** Sends an IQ get/set and resolves with the result; rejects with IQError on an error reply or a timeout. */
  request(type: 'get' | 'set', to: string | undefined, payload: Element): Promise<Element> {
    const id = `iq${(++counter).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    return new Promise((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.pending.delete(id);
        reject(new IQError('timeout', undefined));
      }, this.timeoutMs);
      this.pending.set(id, { to, resolve, reject, timer });
      this.transport.send(xml('iq', { type, to, id }, payload));
    });
  }

  /** Handles get/set IQs whose payload is `name` in `xmlns`. A returned element is the result's child. */
  handle(name: string, xmlns: string, handler: Handler): void {
    this.handlers.set(`${xmlns} ${name}`, handler);
  }

  /** The empty result that acknowledges a set (Jingle acks first, processes later, XEP-0166 §6.2). */
  result(iq: Element, payload?: Element): void {
    this.transport.send(xml('iq', { type: 'result', to: iq.attrs.from, id: iq.attrs.id }, payload));
  }

  error(iq: Element, type: 'cancel' | 'modify' | 'auth' | 'wait', condition: string, extra?: Element): void {
    this.transport.send(xml('iq', { type: 'error', to: iq.attrs.from, id: iq.attrs.id },
      xml('error', { type }, xml(condition, { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }), extra)));
  }

  private receive(iq: Element): void {
    const { type, id } = iq.attrs;
    if (type === 'result' || type === 'error') {
      const pending = id ? this.pending.get(id) : undefined;
      // A reply must come from the entity we asked (or from our server for requests without `to`).
      if (!pending || (pending.to !== undefined && iq.attrs.from !== undefined && !sameJid(iq.attrs.from, pending.to))) return;
      this.pending.delete(id as string);
      this.clock.clearTimeout(pending.timer);
      if (type === 'result') pending.resolve(iq);
      else pending.reject(new IQError(iq.getChild('error')?.getChildElements()[0]?.name ?? 'undefined-condition', iq));
      return;
    }
    if (type !== 'get' && type !== 'set') return;
    const payload = iq.getChildElements()[0];
    const handler = payload ? this.handlers.get(`${payload.getNS()} ${payload.name}`) : undefined;
    if (!payload || !handler) {
      this.error(iq, 'cancel', 'service-unavailable');
      return;
    }
    Promise.resolve()
      .then(() => handler(iq, payload))
      .then((reply) => { if (reply) this.result(iq, reply); })
      .catch(() => this.error(iq, 'wait', 'internal-server-error'));
  }
}

const sameJid = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
