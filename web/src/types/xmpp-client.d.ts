// The part of @xmpp/client (and the ltx elements it hands out) that this client uses.
declare module '@xmpp/client' {
  export interface Element {
    name: string;
    attrs: Record<string, string | undefined>;
    children: Array<Element | string>;
    parent: Element | null;
    is(name: string, xmlns?: string): boolean;
    getNS(): string | undefined;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildElements(): Element[];
    getText(): string;
    getChildText(name: string, xmlns?: string): string | null;
    c(name: string, attrs?: Record<string, string | number | undefined>): Element;
    cnode(child: Element): Element;
    append(...nodes: Array<Element | string>): Element;
    t(text: string): Element;
    up(): Element;
    root(): Element;
    toString(): string;
  }
  type Child = Element | string | undefined | null | false | Child[];
  interface XmlFactory {
    (name: string, attrs?: Record<string, string | number | undefined> | null, ...children: Child[]): Element;
    Parser: new () => {
      on(event: 'start' | 'element' | 'end', handler: (el: Element) => void): void;
      on(event: 'error', handler: (err: Error) => void): void;
      write(data: string): void;
    };
  }
  export const xml: XmlFactory;
  export interface Jid {
    toString(): string;
    bare(): Jid;
    local: string;
    domain: string;
    resource: string;
  }
  export interface Client {
    jid?: Jid;
    start(): Promise<Jid>;
    stop(): Promise<void>;
    send(el: Element): Promise<void>;
    on(event: 'stanza', handler: (el: Element) => void): void;
    on(event: 'online', handler: (jid: Jid) => void): void;
    on(event: 'offline' | 'disconnect', handler: () => void): void;
    on(event: 'error', handler: (err: Error) => void): void;
    on(event: 'status', handler: (status: string) => void): void;
    reconnect: { stop(): void };
  }
  /** `credentials` as a function decides the SASL mechanism itself: (authenticate, offered mechanisms, fast, entity). */
  export function client(options: {
    service: string;
    domain: string;
    resource?: string;
    username?: string;
    password?: string;
    credentials?: (
      authenticate: (credentials: Record<string, string>, mechanism: string) => Promise<void>,
      mechanisms: string[],
      fast: unknown,
      entity: { isSecure(): boolean },
    ) => Promise<void>;
  }): Client;
}
