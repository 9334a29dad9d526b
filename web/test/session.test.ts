// The whole bridge session against scripted stanzas and a stand-in peer connection that answers with the
// recorded Chromium answer: ack, session-accept, non-focus rejection, source-remove, ICE-failure restart.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'sdp-transform';
import { JingleSession, type RemoteMedia } from '../src/jingle/JingleSession.js';
import { IQ } from '../src/xmpp/IQ.js';
import { MucRoom } from '../src/xmpp/MucRoom.js';
import type { Element } from '../src/xmpp/Xml.js';
import { fixtureText } from './fixtures.js';
import { FakeClock, ScriptedTransport, settle } from './scripted.js';

const ROOM = 'standup@conference.example.com';

class StandInTrack {
  constructor(readonly kind: string, readonly id: string) {}
  addEventListener(): void {}
}

/** Just enough of RTCPeerConnection: transceivers from the remote offer's m-lines, a fixed answer. */
class StandInPeerConnection {
  iceConnectionState = 'new';
  localDescription: { type: string; sdp: string } | null = null;
  onicecandidate: ((e: { candidate: { candidate: string } | null }) => void) | null = null;
  oniceconnectionstatechange: (() => void) | null = null;
  closed = false;
  private transceivers: Array<{ mid: string; direction: string; sender: { track: unknown; replaceTrack(t: unknown): Promise<void>; setStreams(): void }; receiver: { track: StandInTrack } }> = [];

  async setRemoteDescription(d: { sdp: string }): Promise<void> {
    for (const m of parse(d.sdp).media) {
      if (this.transceivers.some((t) => t.mid === m.mid)) continue;
      const sender = { track: null as unknown, async replaceTrack(t: unknown) { sender.track = t; }, setStreams() {} };
      this.transceivers.push({ mid: m.mid as string, direction: 'recvonly', sender, receiver: { track: new StandInTrack(m.type, `track-${m.mid}`) } });
    }
  }
  getTransceivers() { return this.transceivers; }
  /** Chromium's first answer; with a screen-share m-line offered, plus the recorded answer's section for it. */
  async createAnswer() {
    const answer = fixtureText('chromium/answer.sdp');
    if (!this.transceivers.some((t) => t.mid === 'lv2')) return { type: 'answer', sdp: answer };
    const section = fixtureText('chromium/local-screen-share.sdp').split(/\r\n(?=m=)/).find((m) => m.includes('a=mid:lv2\r\n'));
    return { type: 'answer', sdp: `${answer.replace('a=group:BUNDLE audio video rv0 ra1', 'a=group:BUNDLE audio video rv0 ra1 lv2')}${section}\r\n` };
  }
  async setLocalDescription(d: { type: string; sdp: string }) { this.localDescription = d; }
  close() { this.closed = true; }
}

(globalThis as { MediaStream?: unknown }).MediaStream ??= class { constructor(readonly tracks: unknown[]) {} };

function setup() {
  const transport = new ScriptedTransport();
  const iq = new IQ(transport, new FakeClock());
  const room = new MucRoom(transport, { roomJid: ROOM, endpointId: 'abcd1234', focusJid: 'focus@auth.example.com', displayName: 'Alice', statsId: 's', capsVer: 'v', capsNode: 'n' });
  transport.receive(`<presence xmlns="jabber:client" from="${ROOM}/focus"><x xmlns="http://jabber.org/protocol/muc#user"><item jid="focus@auth.example.com/focus" role="moderator" affiliation="owner"/></x></presence>`);
  const pcs: StandInPeerConnection[] = [];
  const session = new JingleSession(iq, room, 'abcd1234', transport.jid, () => { const pc = new StandInPeerConnection(); pcs.push(pc); return pc as unknown as RTCPeerConnection; });
  session.setLocalTracks(new StandInTrack('audio', 'mic') as unknown as MediaStreamTrack, new StandInTrack('video', 'cam') as unknown as MediaStreamTrack);
  const media: RemoteMedia[][] = [];
  session.remoteMedia.on((m) => media.push(m));
  return { transport, session, pcs, media };
}

const jingleSent = (transport: ScriptedTransport, action: string): Element[] =>
  transport.sent.map((iq) => iq.getChild('jingle', 'urn:xmpp:jingle:1')).filter((j): j is Element => j?.attrs.action === action);

async function initiate(transport: ScriptedTransport, from = `${ROOM}/focus`): Promise<void> {
  transport.receive(fixtureText('session-initiate-json.xml').replace(`from="${ROOM}/focus"`, `from="${from}"`));
  for (let i = 0; i < 10; i++) await settle();
}

describe('bridge session', () => {
  it('acks the session-initiate and answers with a session-accept to the focus', async () => {
    const { transport, pcs, media } = setup();
    await initiate(transport);
    assert.deepEqual([transport.sent[0]?.attrs.type, transport.sent[0]?.attrs.id], ['result', 'si1']);
    const [accept] = jingleSent(transport, 'session-accept');
    assert.ok(accept);
    assert.equal(transport.sent.find((s) => s.getChild('jingle')?.attrs.action === 'session-accept')?.attrs.to, `${ROOM}/focus`);
    const names = accept.getChildren('content').flatMap((c) => c.getChild('description')!.getChildren('source').map((s) => s.attrs.name));
    assert.deepEqual([...new Set(names)], ['abcd1234-a0', 'abcd1234-v0']);
    assert.equal(names.length, 7, 'one audio SSRC, three video layers with RTX');
    const pc = pcs[0]!;
    assert.deepEqual(pc.getTransceivers().map((t) => `${t.mid}:${t.direction}`), ['audio:sendonly', 'video:sendonly', 'rv0:recvonly', 'ra1:recvonly']);
    assert.deepEqual(media.at(-1)?.map((m) => `${m.source.name}:${(m.track as unknown as StandInTrack).id}`), ['bb0c9e21-v0:track-rv0', 'bb0c9e21-a0:track-ra1']);
  });

  it('rejects a session-initiate from an occupant that is not the focus', async () => {
    const { transport } = setup();
    await initiate(transport, `${ROOM}/bb0c9e21`);
    const [terminate] = jingleSent(transport, 'session-terminate');
    assert.ok(terminate?.getChild('reason')?.getChild('security-error'));
    assert.equal(jingleSent(transport, 'session-accept').length, 0);
  });

  it('drops remote sources on source-remove without re-announcing our own', async () => {
    const { transport, media } = setup();
    await initiate(transport);
    transport.receive(fixtureText('source-remove-json.xml'));
    for (let i = 0; i < 10; i++) await settle();
    assert.deepEqual(media.at(-1), []);
    assert.equal(jingleSent(transport, 'source-add').length + jingleSent(transport, 'source-remove').length, 0);
  });

  it('answers Jingle for an unknown session with unknown-session', async () => {
    const { transport } = setup();
    await initiate(transport);
    transport.receive(fixtureText('source-remove-json.xml').replace('sid="7e1vj9mbn2q1"', 'sid="other"'));
    await settle();
    const reply = transport.sent.find((s) => s.attrs.id === 'sr1');
    assert.equal(reply?.attrs.type, 'error');
    assert.ok(reply.getChild('error')?.getChild('item-not-found'));
    assert.ok(reply.getChild('error')?.getChild('unknown-session', 'urn:xmpp:jingle:errors:1'));
  });

  it('trickles new UDP candidates once, after the accept', async () => {
    const { transport, pcs } = setup();
    await initiate(transport);
    const pc = pcs[0]!;
    const srflx = 'candidate:3028961563 1 udp 1686052607 203.0.113.45 61002 typ srflx raddr 192.0.2.10 rport 50123 generation 0';
    pc.onicecandidate?.({ candidate: { candidate: srflx } });
    pc.onicecandidate?.({ candidate: { candidate: srflx } });
    pc.onicecandidate?.({ candidate: { candidate: 'candidate:1 1 tcp 1518214911 127.0.0.1 9 typ host tcptype active' } });
    const infos = jingleSent(transport, 'transport-info');
    assert.equal(infos.length, 1);
    assert.equal(infos[0]?.getChild('content')?.getChild('transport')?.getChild('candidate')?.attrs.ip, '203.0.113.45');
  });

  it('announces a screen share as <ep>-v1 (desktop) with source-add', async () => {
    const { transport, session, pcs } = setup();
    await initiate(transport);
    await session.shareScreen(new StandInTrack('video', 'screen') as unknown as MediaStreamTrack);
    const [add] = jingleSent(transport, 'source-add');
    const description = add?.getChild('content')?.getChild('description');
    assert.deepEqual(description?.getChildren('source').map((x) => [x.attrs.name, x.attrs.videoType]), [['abcd1234-v1', 'desktop'], ['abcd1234-v1', 'desktop']]);
    assert.deepEqual(description?.getChildren('ssrc-group').map((g) => g.attrs.semantics), ['FID']);
    assert.equal(jingleSent(transport, 'source-remove').length, 0, 'the camera layers are unchanged');
    assert.equal(pcs[0]!.getTransceivers().find((t) => t.mid === 'lv2')?.direction, 'sendonly');
  });

  it('terminates with restart on ICE failure and accepts the next session-initiate', async () => {
    const { transport, pcs } = setup();
    await initiate(transport);
    const pc = pcs[0]!;
    pc.iceConnectionState = 'failed';
    pc.oniceconnectionstatechange?.();
    const [terminate] = jingleSent(transport, 'session-terminate');
    assert.ok(terminate?.getChild('reason')?.getChild('connectivity-error'));
    const bridgeSession = terminate?.getChild('bridge-session', 'http://jitsi.org/protocol/focus');
    assert.deepEqual([bridgeSession?.attrs.id, bridgeSession?.attrs.restart], ['0b1e5c6e-4a2f-4c1d-9a53-2f1c0e7d8b90', 'true']);
    assert.ok(pc.closed);
    await initiate(transport);
    assert.equal(pcs.length, 2);
    assert.equal(jingleSent(transport, 'session-accept').length, 2);
  });
});
