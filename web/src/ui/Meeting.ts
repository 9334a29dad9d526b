// One meeting from join to leave: connects, asks the focus for the conference, joins the room, runs the
// bridge session and keeps the tile grid, controls, participant list, chat and indicators in step with it.
// Owned by the page's single thread.
import { BridgeChannel } from '../bridge/BridgeChannel.js';
import type { ReceiverVideoConstraints } from '../bridge/Messages.js';
import { systemClock } from '../Clock.js';
import { JingleSession, type RemoteMedia } from '../jingle/JingleSession.js';
import { requestConference } from '../xmpp/ConferenceRequest.js';
import { answerDiscoInfo, CAPS_NODE, capsVer } from '../xmpp/Disco.js';
import { IQ } from '../xmpp/IQ.js';
import { FOCUS_NICK, MucRoom } from '../xmpp/MucRoom.js';
import { NS } from '../xmpp/Namespaces.js';
import { WebSocketTransport } from '../xmpp/WebSocketTransport.js';
import { ChatPanel } from './ChatPanel.js';
import { describeFailure, type FailureStep } from './Failure.js';
import { audioLevels, readStats, samplesByOwner, type StatsSnapshot } from './MediaStats.js';
import { ParticipantList } from './ParticipantList.js';
import { quality, type InboundSample, type Quality } from './Quality.js';
import { SpeakerTracker, stageEndpoint } from './Speaker.js';
import { TileGrid } from './TileGrid.js';
import { ownSourceInfo, tileModels, type RemoteParticipant } from './Tiles.js';
import { ToggleButton } from './ToggleButton.js';

export interface MeetingConfig {
  service: string;
  domain: string;
  muc: string;
  focus: string;
}

export interface MeetingElements {
  tiles: HTMLElement;
  audio: HTMLElement;
  participants: HTMLElement;
  chatLog: HTMLElement;
  chatForm: HTMLFormElement;
  chatInput: HTMLInputElement;
  audioButton: HTMLButtonElement;
  videoButton: HTMLButtonElement;
  screenButton: HTMLButtonElement;
  stageButton: HTMLButtonElement;
  leaveButton: HTMLButtonElement;
  status: (text: string) => void;
  alert: (text: string) => void;
}

/** A join step failed; `step` picks the message (Failure.ts). */
export class JoinFailure extends Error {
  constructor(readonly step: FailureStep, reason: unknown) {
    super(describeFailure(step, reason));
  }
}

/** Video height asked of the bridge: the stage speaker large, everybody else small (§4.2). */
const STAGE_HEIGHT = 720;
const GRID_HEIGHT = 360;
const THUMBNAIL_HEIGHT = 180;
const STATS_INTERVAL_MS = 1_000;
/** The bridge channel should be open this long after the session started. */
const CHANNEL_OPEN_MS = 10_000;

/** The endpoint id is our MUC nickname: 8 hex digits (PROTOCOL.md §1.5). */
export const newEndpointId = (): string => [...crypto.getRandomValues(new Uint8Array(4))].map((b) => b.toString(16).padStart(2, '0')).join('');

async function step<T>(name: FailureStep, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw new JoinFailure(name, error);
  }
}

export class Meeting {
  private media: RemoteMedia[] = [];
  private channel?: BridgeChannel;
  private screen?: MediaStreamTrack;
  private stageWanted = false;
  private lastConstraints = '';
  /** A cap on the height of every received video (tests and weak machines); undefined = the layout decides. */
  private maxHeightCap?: number;
  private readonly speaker = new SpeakerTracker();
  private readonly qualities = new Map<string, Quality>();
  private samples = new Map<string, InboundSample>();
  private statsTimer?: ReturnType<typeof setInterval>;
  private readonly grid: TileGrid;
  private readonly people: ParticipantList;
  private readonly audioToggle: ToggleButton;
  private readonly videoToggle: ToggleButton;
  private readonly screenToggle: ToggleButton;
  private readonly stageToggle: ToggleButton;
  private left = false;
  /** Resolves when we leave. */
  readonly ended: Promise<void>;
  private resolveEnded!: () => void;

  private constructor(
    readonly endpointId: string,
    private readonly displayName: string,
    private readonly transport: WebSocketTransport,
    private readonly room: MucRoom,
    private readonly session: JingleSession,
    private readonly stream: MediaStream | undefined,
    private readonly el: MeetingElements,
  ) {
    this.ended = new Promise((resolve) => { this.resolveEnded = resolve; });
    this.grid = new TileGrid(el.tiles, el.audio);
    this.people = new ParticipantList(el.participants);
    this.audioToggle = new ToggleButton(el.audioButton, { off: 'Mute microphone', on: 'Unmute microphone' }, (muted) => this.mute('audio', muted));
    this.videoToggle = new ToggleButton(el.videoButton, { off: 'Turn camera off', on: 'Turn camera on' }, (muted) => this.mute('video', muted));
    this.screenToggle = new ToggleButton(el.screenButton, { off: 'Share your screen', on: 'Stop sharing your screen' }, (on) => { void this.toggleScreen(on); });
    this.stageToggle = new ToggleButton(el.stageButton, { off: 'Show the speaker on stage', on: 'Show everybody in a grid' }, (on) => this.setStage(on));
    this.audioToggle.disabled = !this.audioTrack;
    this.videoToggle.disabled = !this.videoTrack;
    el.leaveButton.addEventListener('click', () => this.leave());
    const chat = new ChatPanel(el.chatLog, el.chatForm, el.chatInput, (text) => room.sendMessage(text));
    room.message.on((m) => chat.add(m, this.nameOf(m.from)));
    room.bridgeAvailable.on((available) => { if (!available) el.alert(describeFailure('bridge')); });
    room.occupantJoined.on(() => this.render());
    room.occupantChanged.on(() => this.render());
    room.occupantLeft.on((o) => { this.speaker.left(o.nick); this.qualities.delete(o.nick); this.render(); });
    session.remoteMedia.on((list) => { this.media = list; this.render(); });
    session.started.on((offer) => this.openChannel(offer.transport.webSocketUrls[0]));
    session.ended.on((reason) => el.alert(reason.startsWith('ICE') ? describeFailure('ice') : `The media session ended: ${reason}.`));
    this.statsTimer = setInterval(() => { void this.sampleStats(); }, STATS_INTERVAL_MS);
  }

  /** Connects and joins `roomName`; rejects with a JoinFailure naming the step that failed. */
  static async join(config: MeetingConfig, roomName: string, displayName: string, stream: MediaStream | undefined, el: MeetingElements): Promise<Meeting> {
    const endpointId = newEndpointId();
    const roomJid = `${roomName.toLowerCase()}@${config.muc}`;
    el.status('Connecting…');
    const transport = await step('xmpp', WebSocketTransport.connect(config.service, config.domain, () => el.alert(describeFailure('xmpp', 'the connection closed'))));
    const iq = new IQ(transport, systemClock);
    const ver = await capsVer();
    answerDiscoInfo(iq, ver);
    iq.handle('ping', NS.ping, (request) => { iq.result(request); });
    const grant = await step('conference', requestConference(iq, {
      focus: config.focus, room: roomJid, clock: systemClock,
      onWait: (ms) => el.status(`Waiting for the conference to start (next try in ${ms / 1000} s)…`),
    })).catch((error: unknown) => {
      void transport.close().catch(() => {});
      throw error;
    });
    const room = new MucRoom(transport, { roomJid, endpointId, focusJid: grant.focusJid, displayName, statsId: endpointId, capsVer: ver, capsNode: CAPS_NODE });
    const session = new JingleSession(iq, room, endpointId, transport.jid,
      () => new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' }));
    session.setLocalTracks(stream?.getAudioTracks()[0], stream?.getVideoTracks()[0]);
    const meeting = new Meeting(endpointId, displayName, transport, room, session, stream, el);
    try {
      await step('room', room.join(meeting.sourceInfo()));
    } catch (error) {
      // Releases the connection and timers; the stream goes back to the join page's caller.
      meeting.leave({ keepMedia: true });
      throw error;
    }
    el.status(`In room ${roomName}. Waiting for others to join…`);
    meeting.render();
    return meeting;
  }

  private get audioTrack(): MediaStreamTrack | undefined {
    return this.stream?.getAudioTracks()[0];
  }

  private get videoTrack(): MediaStreamTrack | undefined {
    return this.stream?.getVideoTracks()[0];
  }

  /** Remote tracks and their statistics, for the quality indicator and for tests. */
  async stats(): Promise<StatsSnapshot> {
    const report = await this.session.stats();
    if (!report) return { tracks: [] };
    const sources = new Map(this.media.map((m) => [m.track.id, { name: m.source.name, owner: m.source.owner }]));
    return readStats(report, sources);
  }

  leave(options: { keepMedia?: boolean } = {}): void {
    if (this.left) return;
    this.left = true;
    clearInterval(this.statsTimer);
    this.room.leave();
    this.session.close();
    this.channel?.close();
    if (!options.keepMedia) this.stream?.getTracks().forEach((t) => t.stop());
    this.screen?.stop();
    void this.transport.close().catch(() => {});
    this.grid.update([], undefined, new Map());
    this.grid.updateAudio(new Map());
    this.resolveEnded();
  }

  private sourceInfo() {
    return ownSourceInfo(this.endpointId, {
      ...(this.audioTrack ? { audio: { muted: this.audioToggle.pressed } } : {}),
      ...(this.videoTrack ? { video: { muted: this.videoToggle.pressed } } : {}),
      screen: !!this.screen,
    });
  }

  /** Mutes by disabling the track (the m-line keeps flowing, silent or black) and tells the room in SourceInfo. */
  private mute(kind: 'audio' | 'video', muted: boolean): void {
    const track = kind === 'audio' ? this.audioTrack : this.videoTrack;
    if (!track) return;
    track.enabled = !muted;
    (kind === 'audio' ? this.audioToggle : this.videoToggle).set(muted);
    this.room.setSourceInfo(this.sourceInfo());
    this.render();
  }

  /** Screen share as a second video source `<ep>-v1` (videoType desktop), announced with source-add. */
  private async toggleScreen(on: boolean): Promise<void> {
    if (!on) {
      await this.stopScreen();
      return;
    }
    let track: MediaStreamTrack | undefined;
    try {
      track = (await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false })).getVideoTracks()[0];
    } catch (error) {
      this.el.alert(`Screen sharing did not start (${error instanceof Error ? error.message : String(error)}).`);
      return;
    }
    if (track) await this.shareTrack(track);
  }

  /** Sends `track` as our screen share. */
  async shareTrack(track: MediaStreamTrack): Promise<void> {
    try {
      await this.session.shareScreen(track);
    } catch {
      track.stop();
      this.el.alert('Screen sharing starts once somebody else has joined.');
      return;
    }
    this.screen = track;
    // The browser's own "stop sharing" ends the track; the session removes the source then.
    track.addEventListener('ended', () => { if (this.screen === track) this.screenStopped(); }, { once: true });
    this.screenToggle.set(true);
    this.room.setSourceInfo(this.sourceInfo());
    this.render();
  }

  private async stopScreen(): Promise<void> {
    const track = this.screen;
    if (!track) return;
    await this.session.stopScreenShare();
    track.stop();
    this.screenStopped();
  }

  private screenStopped(): void {
    this.screen = undefined;
    this.screenToggle.set(false);
    this.room.setSourceInfo(this.sourceInfo());
    this.render();
  }

  private setStage(on: boolean): void {
    this.stageWanted = on;
    this.stageToggle.set(on);
    this.render();
  }

  private openChannel(url: string | undefined): void {
    this.channel?.close();
    this.channel = undefined;
    this.lastConstraints = '';
    if (!url) {
      this.el.alert(describeFailure('bridge'));
      return;
    }
    const channel = new BridgeChannel(url, (u) => new WebSocket(u), systemClock);
    this.channel = channel;
    const check = setTimeout(() => { if (this.channel === channel && !channel.isOpen) this.el.alert(describeFailure('bridge')); }, CHANNEL_OPEN_MS);
    channel.opened.on(() => { clearTimeout(check); this.el.alert(''); });
    channel.dominantSpeaker.on((e) => { this.speaker.dominantSpeaker(e.dominantSpeakerEndpoint); this.render(); });
    this.el.status('In the meeting.');
    this.render();
  }

  private others(): RemoteParticipant[] {
    return [...this.room.occupants.values()]
      .filter((o) => o.nick !== FOCUS_NICK)
      .map((o) => ({ id: o.nick, ...(o.displayName ? { name: o.displayName } : {}), sourceInfo: o.sourceInfo }));
  }

  private nameOf(nick: string): string {
    if (nick === this.endpointId) return this.displayName;
    return this.room.occupants.get(nick)?.displayName ?? nick;
  }

  private render(): void {
    if (this.left) return;
    const others = this.others();
    const tiles = tileModels({
      id: this.endpointId, name: this.displayName, audioMuted: this.audioToggle.pressed || !this.audioTrack,
      videoMuted: this.videoToggle.pressed, ...(this.videoTrack ? { camera: this.videoTrack } : {}), ...(this.screen ? { screen: this.screen } : {}),
    }, others, this.media);
    const sharing = tiles.find((t) => t.screen && !t.local);
    const stage = this.stageWanted ? (sharing?.key ?? stageEndpoint(this.speaker.current, this.endpointId, others.map((o) => o.id))) : undefined;
    this.grid.update(tiles, stage, this.qualities);
    this.grid.updateAudio(new Map(this.media.filter((m) => m.source.media === 'audio').map((m) => [m.source.name, m.track])));
    this.people.update(tiles);
    this.updateConstraints(stage);
  }

  /** Caps every received video at `height` (undefined: the layout decides again) and tells the bridge. */
  setMaxHeight(height: number | undefined): void {
    this.maxHeightCap = height;
    this.render();
  }

  /** Asks the bridge for the stage speaker in high resolution and thumbnails for the rest; only on change. */
  private updateConstraints(stage: string | undefined): void {
    if (!this.channel) return;
    const stageSource = stage === undefined ? undefined : stage.includes('-') ? stage : `${stage}-v0`;
    const update: Omit<ReceiverVideoConstraints, 'colibriClass'> = this.maxHeightCap !== undefined
      ? { lastN: -1, onStageSources: [], defaultConstraints: { maxHeight: this.maxHeightCap }, constraints: {} }
      : stageSource
        ? { lastN: -1, onStageSources: [stageSource], defaultConstraints: { maxHeight: THUMBNAIL_HEIGHT }, constraints: { [stageSource]: { maxHeight: STAGE_HEIGHT } } }
        : { lastN: -1, onStageSources: [], defaultConstraints: { maxHeight: GRID_HEIGHT }, constraints: {} };
    const text = JSON.stringify(update);
    if (text === this.lastConstraints) return;
    this.lastConstraints = text;
    this.channel.setReceiverConstraints(update);
  }

  private async sampleStats(): Promise<void> {
    if (this.left) return;
    const snapshot = await this.stats();
    const now = samplesByOwner(snapshot.tracks);
    const others = new Map(this.others().map((o) => [o.id, o]));
    for (const [owner, sample] of now) {
      const info = others.get(owner)?.sourceInfo ?? {};
      this.qualities.set(owner, quality({ before: this.samples.get(owner), now: sample, ...(snapshot.rttMs !== undefined ? { rttMs: snapshot.rttMs } : {}), videoMuted: info[`${owner}-v0`]?.muted !== false }));
    }
    this.samples = now;
    this.speaker.audioLevels(audioLevels(snapshot.tracks));
    this.render();
  }
}
