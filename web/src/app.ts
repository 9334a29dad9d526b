// The join page: connect, request the conference, join the room, run the bridge session, show remote media.
import { BridgeChannel } from './bridge/BridgeChannel.js';
import { systemClock } from './Clock.js';
import { JingleSession, type RemoteMedia } from './jingle/JingleSession.js';
import { TileGrid } from './ui/TileGrid.js';
import { requestConference } from './xmpp/ConferenceRequest.js';
import { answerDiscoInfo, CAPS_NODE, capsVer } from './xmpp/Disco.js';
import { IQ } from './xmpp/IQ.js';
import { MucRoom } from './xmpp/MucRoom.js';
import { NS } from './xmpp/Namespaces.js';
import type { SourceInfo } from './xmpp/Presence.js';
import { WebSocketTransport } from './xmpp/WebSocketTransport.js';

interface Config {
  service: string;
  domain: string;
  muc: string;
  focus: string;
}

declare global {
  interface Window {
    jitsiNetConfig: Config;
  }
}

/** Height asked of the bridge for every remote video until a stage view chooses otherwise (§4.2). */
const DEFAULT_MAX_HEIGHT = 360;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = (text: string): void => { $('status').textContent = text; };

/** The endpoint id is our MUC nickname: 8 hex digits (PROTOCOL.md §1.5). */
const newEndpointId = (): string => [...crypto.getRandomValues(new Uint8Array(4))].map((b) => b.toString(16).padStart(2, '0')).join('');

async function join(roomName: string, displayName: string): Promise<void> {
  const config = window.jitsiNetConfig;
  const endpointId = newEndpointId();
  const roomJid = `${roomName.toLowerCase()}@${config.muc}`;

  status('Starting camera and microphone…');
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { height: 720 } }).catch(() => undefined);
  const audio = stream?.getAudioTracks()[0];
  const video = stream?.getVideoTracks()[0];

  status('Connecting…');
  const transport = await WebSocketTransport.connect(config.service, config.domain, () => status('Disconnected.'));
  const iq = new IQ(transport, systemClock);
  const ver = await capsVer();
  answerDiscoInfo(iq, ver);
  iq.handle('ping', NS.ping, (request) => { iq.result(request); });

  const grant = await requestConference(iq, {
    focus: config.focus, room: roomJid, clock: systemClock,
    onWait: (ms) => status(`Waiting for the conference to start (next try in ${ms / 1000} s)…`),
  });

  const room = new MucRoom(transport, { roomJid, endpointId, focusJid: grant.focusJid, displayName, statsId: endpointId, capsVer: ver, capsNode: CAPS_NODE });
  const session = new JingleSession(iq, room, endpointId, transport.jid,
    () => new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' }));
  session.setLocalTracks(audio, video);

  const grid = new TileGrid($('tiles'), (owner) => room.occupants.get(owner)?.displayName ?? owner);
  let media: RemoteMedia[] = [];
  session.remoteMedia.on((list) => { media = list; grid.update(list); });
  room.occupantChanged.on(() => grid.update(media));

  let channel: BridgeChannel | undefined;
  session.started.on((offer) => {
    channel?.close();
    channel = undefined;
    const url = offer.transport.webSocketUrls[0];
    if (!url) {
      status('The bridge offered no WebSocket channel; no video will be forwarded.');
      return;
    }
    channel = new BridgeChannel(url, (u) => new WebSocket(u), systemClock);
    channel.setReceiverConstraints({ lastN: -1, defaultConstraints: { maxHeight: DEFAULT_MAX_HEIGHT } });
    status(`In room ${roomName}.`);
  });
  session.ended.on((reason) => status(`Media session ended: ${reason}`));

  const sourceInfo: SourceInfo = {};
  if (audio) sourceInfo[`${endpointId}-a0`] = { muted: false };
  if (video) sourceInfo[`${endpointId}-v0`] = { muted: false, videoType: 'camera' };
  await room.join(sourceInfo);
  status(`In room ${roomName}; waiting for others to join.`);
  window.addEventListener('pagehide', () => { room.leave(); session.close(); channel?.close(); void transport.close(); });
}

$('join').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const room = ($('room') as HTMLInputElement).value.trim();
  const name = ($('name') as HTMLInputElement).value.trim();
  for (const el of form.elements) (el as HTMLInputElement).disabled = true;
  join(room, name).catch((error: unknown) => {
    status(`Could not join: ${error instanceof Error ? error.message : String(error)}`);
    for (const el of form.elements) (el as HTMLInputElement).disabled = false;
  });
});
