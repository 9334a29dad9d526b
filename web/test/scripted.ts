// A StanzaTransport driven by the test, and a clock whose timers fire only when the test says so.
import type { Clock } from '../src/Clock.js';
import type { StanzaTransport } from '../src/xmpp/Transport.js';
import { parseXml, type Element } from '../src/xmpp/Xml.js';

export class ScriptedTransport implements StanzaTransport {
  readonly jid = 'alice@example.com/web-1';
  readonly sent: Element[] = [];
  private handlers: Array<(stanza: Element) => void> = [];

  send(stanza: Element): void {
    // Serialise and re-parse, so tests see what would go over the wire.
    this.sent.push(parseXml(stanza.toString()));
  }

  onStanza(handler: (stanza: Element) => void): void {
    this.handlers.push(handler);
  }

  receive(stanza: Element | string): void {
    const el = typeof stanza === 'string' ? parseXml(stanza) : stanza;
    for (const h of this.handlers) h(el);
  }

  last(): Element {
    const el = this.sent.at(-1);
    if (!el) throw new Error('nothing sent');
    return el;
  }
}

export class FakeClock implements Clock {
  readonly delays: number[] = [];
  private timers = new Map<number, () => void>();
  private next = 0;

  setTimeout(fn: () => void, ms: number): unknown {
    this.delays.push(ms);
    const id = ++this.next;
    this.timers.set(id, fn);
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Fires every pending timer once. */
  fire(): void {
    const due = [...this.timers.values()];
    this.timers.clear();
    for (const fn of due) fn();
  }

  get pending(): number {
    return this.timers.size;
  }
}

/** Lets promise continuations run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
