// The bridge channel over colibri-ws (PROTOCOL.md §4.1): a WebSocket to the `web-socket` URL of the bridge's
// transport. Reconnects with a doubling back-off (1 s to 60 s) and re-sends the current receiver constraints on
// every new socket — the bridge forwards no video to an endpoint until it has them (§4.2, §9 item 5).
import { sleep, type Clock } from '../Clock.js';
import { Event } from '../Event.js';
import {
  readBridgeMessage, type DominantSpeakerEndpointChangeEvent, type EndpointConnectivityStatusChangeEvent, type EndpointMessage,
  type ForwardedSources, type ReceiverVideoConstraints, type SenderSourceConstraints,
} from './Messages.js';

/**
 * The part of the browser WebSocket the channel uses, so tests can script it. The handlers' parameter is
 * `never` so that the DOM WebSocket (whose handlers take Event subtypes) fits this shape.
 */
export interface ChannelSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number): void;
  onopen: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
}

export type SocketFactory = (url: string) => ChannelSocket;

const OPEN = 1;
export const FIRST_RECONNECT_MS = 1_000;
export const MAX_RECONNECT_MS = 60_000;

export class BridgeChannel {
  readonly opened = new Event<void>();
  readonly dominantSpeaker = new Event<DominantSpeakerEndpointChangeEvent>();
  readonly forwardedSources = new Event<ForwardedSources>();
  readonly connectivity = new Event<EndpointConnectivityStatusChangeEvent>();
  readonly senderConstraints = new Event<SenderSourceConstraints>();
  readonly endpointMessage = new Event<EndpointMessage>();
  private socket?: ChannelSocket;
  private constraints: Omit<ReceiverVideoConstraints, 'colibriClass'> = {};
  private reconnectMs = FIRST_RECONNECT_MS;
  private closed = false;

  constructor(private readonly url: string, private readonly open: SocketFactory, private readonly clock: Clock) {
    this.connect();
  }

  get isOpen(): boolean {
    return this.socket?.readyState === OPEN;
  }

  /**
   * Updates what we want to receive. Kept merged locally (the bridge treats each message as a partial update)
   * so a reconnect can re-send the whole state.
   */
  setReceiverConstraints(update: Omit<ReceiverVideoConstraints, 'colibriClass'>): void {
    this.constraints = { ...this.constraints, ...update };
    this.send({ colibriClass: 'ReceiverVideoConstraints', ...update });
  }

  /** Sends an endpoint message to one endpoint, or to everybody with to = "". */
  sendEndpointMessage(to: string, payload: unknown): void {
    this.send({ colibriClass: 'EndpointMessage', to, msgPayload: payload });
  }

  close(): void {
    this.closed = true;
    this.socket?.close(1000);
  }

  private send(message: object): void {
    if (this.isOpen) this.socket?.send(JSON.stringify(message));
  }

  private connect(): void {
    const socket = this.open(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.reconnectMs = FIRST_RECONNECT_MS;
      this.send({ colibriClass: 'ReceiverVideoConstraints', ...this.constraints });
      this.opened.emit();
    };
    socket.onmessage = (event: { data: unknown }) => { if (typeof event.data === 'string') this.receive(event.data); };
    socket.onclose = () => {
      if (this.closed || this.socket !== socket) return;
      const delay = this.reconnectMs;
      this.reconnectMs = Math.min(this.reconnectMs * 2, MAX_RECONNECT_MS);
      void sleep(this.clock, delay).then(() => { if (!this.closed) this.connect(); });
    };
  }

  private receive(text: string): void {
    const m = readBridgeMessage(text);
    switch (m?.colibriClass) {
      case 'DominantSpeakerEndpointChangeEvent': this.dominantSpeaker.emit(m); break;
      case 'ForwardedSources': this.forwardedSources.emit(m); break;
      case 'EndpointConnectivityStatusChangeEvent': this.connectivity.emit(m); break;
      case 'SenderSourceConstraints': this.senderConstraints.emit(m); break;
      case 'EndpointMessage': this.endpointMessage.emit(m); break;
      default: break; // ServerHello needs no action; unknown classes are dropped.
    }
  }
}
