// Our occupant in the conference room (XEP-0045): join as the endpoint id, keep the occupant list, tell the
// focus apart (PROTOCOL.md §1.3), carry group chat.
import { Event } from '../Event.js';
import { ownPresence, readConferenceProperties, readOccupantPresence, type OccupantPresence, type SourceInfo } from './Presence.js';
import { NS } from './Namespaces.js';
import type { StanzaTransport } from './Transport.js';
import { xml, type Element } from './Xml.js';

/** The nickname of the focus occupant (§1.3). */
export const FOCUS_NICK = 'focus';

export interface ChatMessage {
  from: string;
  text: string;
  /** XEP-0203 delayed delivery: room history sent on join. */
  delayed: boolean;
}

export interface RoomOptions {
  roomJid: string;
  endpointId: string;
  focusJid: string;
  displayName: string;
  statsId: string;
  capsVer: string;
  capsNode: string;
}

export class MucRoom {
  readonly occupants = new Map<string, OccupantPresence>();
  readonly occupantJoined = new Event<OccupantPresence>();
  readonly occupantChanged = new Event<OccupantPresence>();
  readonly occupantLeft = new Event<OccupantPresence>();
  readonly message = new Event<ChatMessage>();
  readonly focusProperties = new Event<Record<string, string>>();
  /** From the focus's presence: false while it carries `<bridgeNotAvailable/>` (PROTOCOL.md §8 item 10). */
  readonly bridgeAvailable = new Event<boolean>();
  private sourceInfo: SourceInfo = {};
  private joined?: { resolve: () => void; reject: (error: Error) => void };

  constructor(private readonly transport: StanzaTransport, private readonly options: RoomOptions) {
    transport.onStanza((stanza) => {
      if (!this.fromRoom(stanza)) return;
      if (stanza.name === 'presence') this.receivePresence(stanza);
      else if (stanza.name === 'message') this.receiveMessage(stanza);
    });
  }

  /** Our occupant JID, `room@conference/<endpoint id>`. */
  get ownJid(): string {
    return `${this.options.roomJid}/${this.options.endpointId}`;
  }

  /** Sends the join presence; resolves when the room reflects it back to us (status 110). */
  join(sourceInfo: SourceInfo): Promise<void> {
    this.sourceInfo = sourceInfo;
    return new Promise((resolve, reject) => {
      this.joined = { resolve, reject };
      this.transport.send(this.presence(true));
    });
  }

  /** Publishes a new mute state / video type per source (PROTOCOL.md §8.1 step 6). */
  setSourceInfo(sourceInfo: SourceInfo): void {
    this.sourceInfo = sourceInfo;
    this.transport.send(this.presence(false));
  }

  sendMessage(text: string): void {
    this.transport.send(xml('message', { to: this.options.roomJid, type: 'groupchat' }, xml('body', {}, text)));
  }

  leave(): void {
    this.transport.send(xml('presence', { to: this.ownJid, type: 'unavailable' }));
  }

  /**
   * True for the focus occupant: nickname `focus` and a real JID below the `focusjid` of the conference reply.
   * Only its session-initiate is a bridge session (§1.3).
   */
  isFocus(occupantJid: string): boolean {
    if (occupantJid !== `${this.options.roomJid}/${FOCUS_NICK}`) return false;
    const realJid = this.occupants.get(FOCUS_NICK)?.realJid;
    return !!realJid && realJid.toLowerCase().startsWith(`${this.options.focusJid.toLowerCase()}/`);
  }

  private presence(join: boolean): Element {
    const { displayName, statsId, capsVer, capsNode } = this.options;
    return ownPresence({ to: this.ownJid, displayName, statsId, capsVer, capsNode, sourceInfo: this.sourceInfo, join });
  }

  private fromRoom(stanza: Element): boolean {
    const from = stanza.attrs.from?.toLowerCase() ?? '';
    const room = this.options.roomJid.toLowerCase();
    return from === room || from.startsWith(`${room}/`);
  }

  private receivePresence(stanza: Element): void {
    if (stanza.attrs.type === 'error') {
      const condition = stanza.getChild('error')?.getChildElements()[0]?.name ?? 'undefined-condition';
      this.joined?.reject(new Error(`cannot join the room: ${condition}`));
      this.joined = undefined;
      return;
    }
    const occupant = readOccupantPresence(stanza);
    if (!occupant) return;
    if (occupant.self || occupant.nick === this.options.endpointId) {
      if (!occupant.unavailable) this.joined?.resolve();
      this.joined = undefined;
      return;
    }
    if (occupant.unavailable) {
      if (this.occupants.delete(occupant.nick)) this.occupantLeft.emit(occupant);
      return;
    }
    const known = this.occupants.has(occupant.nick);
    this.occupants.set(occupant.nick, occupant);
    if (occupant.nick === FOCUS_NICK && this.isFocus(stanza.attrs.from as string)) {
      const properties = readConferenceProperties(stanza);
      if (properties) this.focusProperties.emit(properties);
      this.bridgeAvailable.emit(!stanza.getChild('bridgeNotAvailable', NS.focus));
    }
    (known ? this.occupantChanged : this.occupantJoined).emit(occupant);
  }

  private receiveMessage(stanza: Element): void {
    if (stanza.attrs.type !== 'groupchat') return;
    const text = stanza.getChildText('body');
    const from = stanza.attrs.from ?? '';
    if (text === null || !from.includes('/')) return;
    this.message.emit({ from: from.slice(from.indexOf('/') + 1), text, delayed: !!stanza.getChild('delay', 'urn:xmpp:delay') });
  }
}
