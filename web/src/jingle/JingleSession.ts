// One bridge session with the focus (PROTOCOL.md §2, §8.1): session-initiate → answer → session-accept, trickled
// candidates, source-add/remove both ways, restart after ICE failure. Owned by the page's single thread; every
// renegotiation runs on one promise chain so offers/answers never interleave.
import { Event } from '../Event.js';
import type { IQ } from '../xmpp/IQ.js';
import type { MucRoom } from '../xmpp/MucRoom.js';
import { NS } from '../xmpp/Namespaces.js';
import { xml, type Element } from '../xmpp/Xml.js';
import { readBridgeOffer, readJingleSources, type BridgeOffer } from './BridgeOffer.js';
import { readSdpCandidate, type Candidate } from './Candidates.js';
import { sessionAccept, sessionTerminate, sourceChange, transportInfo } from './JingleStanzas.js';
import { LocalDescription, localSourceName, type LocalTrackName } from './LocalDescription.js';
import { RemoteDescription } from './RemoteDescription.js';
import { SimulcastMunger } from './Simulcast.js';
import type { Source, SourceSet } from './Sources.js';

/** A remote source and the track its m-line receives. */
export interface RemoteMedia {
  source: Source;
  track: MediaStreamTrack;
}

interface LocalTrack extends LocalTrackName {
  track: MediaStreamTrack;
}

/** XEP-0166 §11 error conditions. */
const JINGLE_ERRORS = 'urn:xmpp:jingle:errors:1';

export type PeerConnectionFactory = () => RTCPeerConnection;

export class JingleSession {
  /** The current remote sources with their tracks, after every renegotiation. */
  readonly remoteMedia = new Event<RemoteMedia[]>();
  /** A new session-initiate was accepted; carries the bridge channel URLs (§4.1). */
  readonly started = new Event<BridgeOffer>();
  readonly ended = new Event<string>();

  private pc?: RTCPeerConnection;
  private offer?: BridgeOffer;
  private remote?: RemoteDescription;
  private munger = new SimulcastMunger();
  private readonly localTracks = new Map<string, LocalTrack>();
  private localSources: SourceSet = { sources: [], groups: [] };
  private accepted = false;
  private sentCandidates: Candidate[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly iq: IQ,
    private readonly room: MucRoom,
    private readonly endpointId: string,
    private readonly responderJid: string,
    private readonly createPeerConnection: PeerConnectionFactory,
  ) {
    iq.handle('jingle', NS.jingle, (request, jingle) => this.receive(request, jingle));
    room.occupantLeft.on((o) => {
      // The focus sends no source-remove for a departed occupant: drop its sources ourselves (§2.5).
      if (this.remote?.removeOwner(o.nick).length) this.renegotiate();
    });
  }

  /** Our camera and microphone, sent on the first audio/video m-lines (`<ep>-a0`, `<ep>-v0`). */
  setLocalTracks(audio: MediaStreamTrack | undefined, video: MediaStreamTrack | undefined): void {
    if (audio) this.localTracks.set('audio', { track: audio, name: localSourceName(this.endpointId, 'audio', 0) });
    if (video) this.localTracks.set('video', { track: video, name: localSourceName(this.endpointId, 'video', 0), videoType: 'camera' });
  }

  /** Starts sending a screen share as `<ep>-v1` (videoType desktop) and announces it with source-add. */
  shareScreen(track: MediaStreamTrack): Promise<void> {
    return this.enqueue(async () => {
      if (!this.remote) throw new Error('no session');
      const mid = this.remote.addLocalSection('video');
      this.localTracks.set(mid, { track, name: localSourceName(this.endpointId, 'video', 1), videoType: 'desktop' });
      track.addEventListener('ended', () => { void this.stopSharing(mid); }, { once: true });
      await this.negotiate();
    });
  }

  /** Stops sending the screen share, if any: its m-line goes inactive and source-remove tells the focus. */
  stopScreenShare(): Promise<void> {
    const mid = [...this.localTracks].find(([, t]) => t.videoType === 'desktop')?.[0];
    return mid === undefined ? Promise.resolve() : this.stopSharing(mid);
  }

  private stopSharing(mid: string): Promise<void> {
    return this.enqueue(async () => {
      if (!this.localTracks.has(mid)) return;
      this.localTracks.delete(mid);
      this.remote?.disableLocalSection(mid);
      await this.negotiate();
    });
  }

  /** The peer connection's statistics; undefined between sessions. */
  stats(): Promise<RTCStatsReport> | undefined {
    return this.pc?.getStats();
  }

  close(): void {
    this.pc?.close();
    this.pc = undefined;
  }

  private receive(request: Element, jingle: Element): void {
    const from = request.attrs.from ?? '';
    const action = jingle.attrs.action;
    if (action !== 'session-initiate' && (!this.offer || jingle.attrs.sid !== this.offer.sid)) {
      this.iq.error(request, 'cancel', 'item-not-found', xml('unknown-session', { xmlns: JINGLE_ERRORS }));
      return;
    }
    // Acknowledge first, process afterwards (§2.1).
    this.iq.result(request);
    if (!this.room.isFocus(from)) {
      if (action === 'session-initiate') {
        this.send(from, sessionTerminate(jingle.attrs.sid ?? '', 'security-error', 'Rejecting session-initiate from non-focus.'));
      }
      return;
    }
    if (action === 'session-initiate') {
      void this.enqueue(() => this.start(jingle));
      return;
    }
    switch (action) {
      case 'source-add':
        if (this.remote?.addSources(readJingleSources(jingle)).length) this.renegotiate();
        break;
      case 'source-remove':
        if (this.remote?.removeSources(readJingleSources(jingle)).length) this.renegotiate();
        break;
      case 'session-terminate':
        this.end('terminated by the focus');
        break;
      default:
        // transport-replace is not used by the focus (§2.7); session-info needs no action.
        break;
    }
  }

  private async start(jingle: Element): Promise<void> {
    const offer = readBridgeOffer(jingle);
    if (typeof offer === 'string') {
      this.send(this.focusJid, sessionTerminate(jingle.attrs.sid ?? '', 'general-error', offer));
      return;
    }
    this.close();
    this.offer = offer;
    this.remote = new RemoteDescription(offer);
    this.munger = new SimulcastMunger();
    this.accepted = false;
    this.sentCandidates = [];
    for (const mid of [...this.localTracks.keys()]) if (mid !== 'audio' && mid !== 'video') this.localTracks.delete(mid);
    const pc = this.createPeerConnection();
    this.pc = pc;
    pc.onicecandidate = (e) => { if (e.candidate?.candidate) this.trickle(e.candidate.candidate); };
    pc.oniceconnectionstatechange = () => { if (pc === this.pc && pc.iceConnectionState === 'failed') this.restart(); };
    const local = await this.negotiate();
    this.localSources = local.sources();
    const rtp = (['audio', 'video'] as const).map((m) => local.rtp(m)).filter((r) => r !== undefined);
    const transport = local.transport();
    if (!transport) throw new Error('the browser answer has no ICE credentials');
    this.sentCandidates = [...transport.candidates];
    this.send(this.focusJid, sessionAccept({ sid: offer.sid, initiator: offer.initiator, responder: this.responderJid, rtp, transport, sources: this.localSources }));
    this.accepted = true;
    this.started.emit(offer);
  }

  /** One offer/answer round on the current remote description; announces changes of our own sources. */
  private async negotiate(): Promise<LocalDescription> {
    const pc = this.pc;
    const remote = this.remote;
    if (!pc || !remote) throw new Error('no session');
    await pc.setRemoteDescription({ type: 'offer', sdp: remote.toSdp() });
    for (const t of pc.getTransceivers()) {
      const local = t.mid !== null ? this.localTracks.get(t.mid) : undefined;
      const isLocal = remote.sections.some((s) => s.mid === t.mid && s.purpose === 'local');
      if (!isLocal) continue;
      if (local && t.sender.track !== local.track) {
        await t.sender.replaceTrack(local.track);
        t.sender.setStreams(new MediaStream([local.track]));
      }
      t.direction = local ? 'sendonly' : 'inactive';
    }
    const answer = await pc.createAnswer();
    const cameraMids = new Set([...this.localTracks].filter(([, t]) => t.videoType === 'camera').map(([mid]) => mid));
    await pc.setLocalDescription({ type: 'answer', sdp: this.munger.munge(answer.sdp ?? '', cameraMids) });
    const local = new LocalDescription(pc.localDescription?.sdp ?? '', this.localTracks, this.endpointId);
    if (this.accepted) this.announceSourceChanges(local.sources());
    this.remoteMedia.emit(pc.getTransceivers().flatMap((t) => {
      const source = t.mid !== null ? remote.sourceOfMid(t.mid) : undefined;
      return source ? [{ source, track: t.receiver.track }] : [];
    }));
    return local;
  }

  private announceSourceChanges(now: SourceSet): void {
    const before = new Set(this.localSources.sources.map((s) => s.ssrc));
    const after = new Set(now.sources.map((s) => s.ssrc));
    const pick = (set: SourceSet, keep: (ssrc: number) => boolean): SourceSet => ({
      sources: set.sources.filter((s) => keep(s.ssrc)),
      groups: set.groups.filter((g) => g.ssrcs.every(keep)),
    });
    const removed = pick(this.localSources, (x) => !after.has(x));
    const added = pick(now, (x) => !before.has(x));
    const sid = this.offer?.sid ?? '';
    if (removed.sources.length) this.send(this.focusJid, sourceChange('source-remove', sid, removed));
    if (added.sources.length) this.send(this.focusJid, sourceChange('source-add', sid, added));
    this.localSources = now;
  }

  private trickle(line: string): void {
    const candidate = readSdpCandidate(line);
    const offer = this.offer;
    const transport = this.pc?.localDescription ? new LocalDescription(this.pc.localDescription.sdp, this.localTracks, this.endpointId).transport() : undefined;
    // The bridge does ICE over UDP only; candidates already in the session-accept are not repeated.
    if (!candidate || candidate.protocol !== 'udp' || !offer || !transport || !this.accepted) return;
    if (this.sentCandidates.some((c) => c.ip === candidate.ip && c.port === candidate.port)) return;
    this.sentCandidates.push(candidate);
    this.send(this.focusJid, transportInfo(offer.sid, offer.initiator, transport, [candidate]));
  }

  /** After ICE failure: terminate with restart so the focus sends a fresh session-initiate (§2.6). */
  private restart(): void {
    const offer = this.offer;
    if (!offer) return;
    this.send(this.focusJid, sessionTerminate(offer.sid, 'connectivity-error', 'ICE FAILED',
      offer.bridgeSessionId ? { bridgeSessionId: offer.bridgeSessionId } : undefined));
    this.end('ICE failed; waiting for a new session');
  }

  private end(reason: string): void {
    this.close();
    this.offer = undefined;
    this.remote = undefined;
    this.remoteMedia.emit([]);
    this.ended.emit(reason);
  }

  private renegotiate(): void {
    void this.enqueue(() => this.negotiate());
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch((error: unknown) => console.error('jingle:', error));
    return next;
  }

  private get focusJid(): string {
    return `${this.room.ownJid.slice(0, this.room.ownJid.indexOf('/'))}/focus`;
  }

  private send(to: string, jingle: Element): void {
    void this.iq.request('set', to, jingle).catch((error: unknown) => console.error(`jingle ${jingle.attrs.action}:`, error));
  }
}
