// XEP-0215 External Service Discovery (urn:xmpp:extdisco:2): the STUN/TURN servers our XMPP server hands out,
// with time-limited TURN credentials, turned into the RTCIceServer list every peer connection gets.
// §3.1 asks the server for its services, §3.3 asks for credentials of a `restricted` service that came without
// them, §4 is the server pushing a changed list; `expires` (an XML dateTime) says when credentials run out.
import type { Clock } from '../Clock.js';
import { Event } from '../Event.js';
import type { IQ } from './IQ.js';
import { NS } from './Namespaces.js';
import { intAttr, xml, type Element } from './Xml.js';

/** One `<service/>` of a services or credentials reply (XEP-0215 §2). */
export interface ExternalService {
  type: string;
  host: string;
  port?: number;
  /** `udp` or `tcp`; absent means the protocol's default. */
  transport?: string;
  username?: string;
  password?: string;
  /** When the credentials stop working (ms since the epoch). */
  expires?: number;
  /** Credentials must be asked for separately (§3.3). */
  restricted: boolean;
}

/** The subset of RTCIceServer we produce (the DOM type, spelled out so tests need no DOM). */
export interface IceServer {
  urls: string;
  username?: string;
  credential?: string;
}

/** The kinds of service a browser can use for ICE; other types (ftp, sip, `stuns`, which Chromium refuses) are ignored. */
const ICE_TYPES = new Set(['stun', 'turn', 'turns']);
/** A DNS name or an IP literal; anything else would make the RTCPeerConnection constructor throw. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/;

/** Reads the `<service/>` children of a services/credentials element; malformed entries are skipped. */
export function parseServices(parent: Element | undefined): ExternalService[] {
  if (!parent) return [];
  const services: ExternalService[] = [];
  for (const el of parent.getChildren('service')) {
    const type = el.attrs.type?.toLowerCase();
    const host = el.attrs.host;
    if (!type || !host || !HOST.test(host)) continue;
    const port = intAttr(el, 'port');
    const expires = el.attrs.expires ? Date.parse(el.attrs.expires) : NaN;
    services.push({
      type,
      host,
      ...(port !== undefined && port > 0 && port < 65536 ? { port } : {}),
      ...(el.attrs.transport ? { transport: el.attrs.transport.toLowerCase() } : {}),
      ...(el.attrs.username !== undefined ? { username: el.attrs.username } : {}),
      ...(el.attrs.password !== undefined ? { password: el.attrs.password } : {}),
      ...(Number.isFinite(expires) ? { expires } : {}),
      restricted: el.attrs.restricted === 'true' || el.attrs.restricted === '1',
    });
  }
  return services;
}

/** A host for a URI (RFC 7064/7065): IPv6 literals in brackets. */
const uriHost = (host: string): string => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

/**
 * ICE server entries for the STUN/TURN services (RFC 7064 `stun:`/`stuns:`, RFC 7065 `turn:`/`turns:` URIs with
 * `?transport=` for TURN). TURN entries without credentials are left out: the browser refuses them.
 */
export function toIceServers(services: readonly ExternalService[]): IceServer[] {
  const servers: IceServer[] = [];
  for (const s of services) {
    if (!ICE_TYPES.has(s.type)) continue;
    const authority = uriHost(s.host) + (s.port !== undefined ? `:${s.port}` : '');
    if (s.type === 'stun') {
      servers.push({ urls: `${s.type}:${authority}` });
      continue;
    }
    if (s.username === undefined || s.password === undefined) continue;
    const transport = s.transport === 'udp' || s.transport === 'tcp' ? `?transport=${s.transport}` : '';
    servers.push({ urls: `${s.type}:${authority}${transport}`, username: s.username, credential: s.password });
  }
  return servers;
}

/** The server's ICE servers followed by the deployment's own (`config.iceServers`), without repeats. */
export function mergeIceServers(fromServer: readonly IceServer[], fromConfig: readonly IceServer[] | undefined): IceServer[] {
  const seen = new Set<string>();
  const merged: IceServer[] = [];
  for (const s of [...fromServer, ...(fromConfig ?? [])]) {
    const key = JSON.stringify([s.urls, s.username ?? '', s.credential ?? '']);
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(s);
  }
  return merged;
}

/** Refresh this long before the earliest `expires`, or at half the remaining time when that is shorter. */
const REFRESH_MARGIN_MS = 60_000;
/** Never refresh more often than this (a server handing out already-expired credentials). */
const MIN_REFRESH_MS = 10_000;
/** setTimeout's limit; a longer wait is cut to it (a refresh a bit early is harmless). */
const MAX_TIMER_MS = 2_147_483_647;

/** When to ask again for credentials expiring at `expires`, as a delay from `now`. */
export function refreshDelay(expires: number, now: number): number {
  const remaining = expires - now;
  const delay = remaining > 2 * REFRESH_MARGIN_MS ? remaining - REFRESH_MARGIN_MS : remaining / 2;
  return Math.min(MAX_TIMER_MS, Math.max(MIN_REFRESH_MS, Math.floor(delay)));
}

export interface ExternalServicesOptions {
  /** Our server's domain, which answers the discovery (§3.1). */
  domain: string;
  clock: Clock;
  /** Wall-clock time for `expires`; tests pass a fixed one. */
  now?: () => number;
  /** Told once when the server offers nothing usable or answers with an error. */
  log?: (message: string) => void;
}

/**
 * Keeps the current ICE servers from the XMPP server: discovery after login, credentials for restricted services,
 * a refresh before credentials expire, and pushed updates (§4). A failing server leaves the list empty, once
 * logged, and the call goes on without.
 */
export class ExternalServices {
  /** Fires with the new list after every successful discovery or push. */
  readonly changed = new Event<IceServer[]>();
  private servers: IceServer[] = [];
  private timer: unknown;
  private logged = false;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly iq: IQ, private readonly options: ExternalServicesOptions) {
    this.now = options.now ?? Date.now;
    // §4: the server may push a new list; acknowledge it and use it.
    iq.handle('services', NS.extdisco, (request, services) => {
      const from = request.attrs.from;
      if (request.attrs.type !== 'set' || (from !== undefined && from.toLowerCase() !== options.domain.toLowerCase())) {
        iq.error(request, 'cancel', 'service-unavailable');
        return;
      }
      iq.result(request);
      void this.use(parseServices(services));
    });
  }

  /** The ICE servers known now (empty until discovery answered). */
  get iceServers(): IceServer[] {
    return this.servers;
  }

  /** Asks the server for its services; resolves with the ICE servers (empty on an error, never rejects). */
  async discover(): Promise<IceServer[]> {
    let services: ExternalService[];
    try {
      const reply = await this.iq.request('get', this.options.domain, xml('services', { xmlns: NS.extdisco }));
      services = parseServices(reply.getChild('services', NS.extdisco));
    } catch (error) {
      this.logOnce(`No STUN/TURN servers from the XMPP server (${error instanceof Error ? error.message : String(error)}).`);
      return this.servers;
    }
    return this.use(services);
  }

  close(): void {
    this.closed = true;
    this.options.clock.clearTimeout(this.timer);
  }

  private async use(found: ExternalService[]): Promise<IceServer[]> {
    const services = await Promise.all(found.filter((s) => ICE_TYPES.has(s.type)).map((s) => this.withCredentials(s)));
    if (this.closed) return this.servers;
    this.servers = toIceServers(services);
    if (this.servers.length === 0) this.logOnce('The XMPP server offers no STUN/TURN servers.');
    this.scheduleRefresh(services);
    this.changed.emit(this.servers);
    return this.servers;
  }

  /** §3.3: a restricted service without credentials gets them from a credentials request. */
  private async withCredentials(service: ExternalService): Promise<ExternalService> {
    if (!service.restricted || service.username !== undefined || !service.type.startsWith('turn')) return service;
    try {
      const reply = await this.iq.request('get', this.options.domain, xml('credentials', { xmlns: NS.extdisco },
        xml('service', { type: service.type, host: service.host, port: service.port })));
      const answer = parseServices(reply.getChild('credentials', NS.extdisco))[0];
      return answer ? { ...service, ...answer, restricted: false } : service;
    } catch {
      return service;
    }
  }

  private scheduleRefresh(services: ExternalService[]): void {
    this.options.clock.clearTimeout(this.timer);
    const expiries = services.map((s) => s.expires).filter((e): e is number => e !== undefined);
    if (expiries.length === 0) return;
    this.timer = this.options.clock.setTimeout(() => { void this.discover(); }, refreshDelay(Math.min(...expiries), this.now()));
  }

  private logOnce(message: string): void {
    if (this.logged) return;
    this.logged = true;
    (this.options.log ?? console.info)(message);
  }
}
