// The browser's answer → session-accept, simulcast munging, source-add/remove and trickled candidates
// (PROTOCOL.md §2.3–§2.5), on SDP recorded from Chromium by scripts/record-sdp.mjs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'sdp-transform';
import {
  LocalDescription, readBridgeOffer, readJingleSources, readSdpCandidate, RemoteDescription, sessionAccept, SimulcastMunger,
  sessionTerminate, sourceChange, transportInfo, writeSdpCandidate, type BridgeOffer, type LocalTrackName,
} from '../src/jingle/index.js';
import { parseXml, type Element } from '../src/xmpp/Xml.js';
import { fixtureJingle, fixtureText } from './fixtures.js';

const EP = 'abcd1234';
const names = new Map<string, LocalTrackName>([
  ['audio', { name: `${EP}-a0` }],
  ['video', { name: `${EP}-v0`, videoType: 'camera' }],
]);
const meta = JSON.parse(fixtureText('chromium/meta.json')) as { desktopMid: string; encodings: { first: Record<string, number> }; candidates: string[] };
const ssma = 'urn:xmpp:jingle:apps:rtp:ssma:0';

function accept(sdp: string, tracks = names): Element {
  const offer = readBridgeOffer(fixtureJingle('session-initiate-json.xml')) as BridgeOffer;
  const local = new LocalDescription(sdp, tracks, EP);
  return sessionAccept({
    sid: offer.sid, initiator: offer.initiator, responder: 'alice@example.com/web-1',
    rtp: [local.rtp('audio')!, local.rtp('video')!], transport: local.transport()!, sources: local.sources(),
  });
}
const contentOf = (jingle: Element, name: string): Element => jingle.getChildren('content').find((c) => c.attrs.name === name) as Element;
const descriptionOf = (jingle: Element, name: string): Element => contentOf(jingle, name).getChild('description') as Element;
const groups = (description: Element): string[] =>
  description.getChildren('ssrc-group', ssma).map((g) => `${g.attrs.semantics} ${g.getChildren('source').map((s) => s.attrs.ssrc).join(' ')}`);

describe('simulcast munging', () => {
  it('adds a SIM group of three layers, each with its RTX in an FID group', () => {
    const munged = parse(new SimulcastMunger().munge(fixtureText('chromium/answer.sdp'), new Set(['video'])));
    const video = munged.media.find((m) => m.mid === 'video')!;
    const sim = video.ssrcGroups?.filter((g) => g.semantics === 'SIM') ?? [];
    const fid = video.ssrcGroups?.filter((g) => g.semantics === 'FID') ?? [];
    assert.equal(sim.length, 1);
    const layers = sim[0]!.ssrcs.split(' ').map(Number);
    assert.equal(new Set(layers).size, 3);
    assert.deepEqual(fid.map((g) => Number(g.ssrcs.split(' ')[0])), layers);
    // Every SSRC carries the original cname.
    const cnames = new Set(video.ssrcs?.filter((s) => s.attribute === 'cname').map((s) => s.value));
    assert.equal(cnames.size, 1);
    assert.equal(new Set(video.ssrcs?.map((s) => s.id)).size, 6);
    // The audio m-line is untouched.
    assert.deepEqual(munged.media[0]?.ssrcGroups, undefined);
  });

  it('keeps the original primary SSRC first and is stable across renegotiations', () => {
    const answer = fixtureText('chromium/answer.sdp');
    const original = parse(answer).media.find((m) => m.mid === 'video')!.ssrcGroups![0]!.ssrcs.split(' ')[0];
    const munger = new SimulcastMunger();
    const once = munger.munge(answer, new Set(['video']));
    assert.equal(munger.munge(answer, new Set(['video'])), once);
    assert.equal(munger.munge(once, new Set(['video'])), once);
    assert.equal(parse(once).media[1]!.ssrcGroups![0]!.ssrcs.split(' ')[0], original);
  });

  it('was accepted by Chromium: three encodings on the camera sender', () => {
    assert.equal(meta.encodings.first.video, 3);
    assert.equal(meta.encodings.first.audio, 1);
  });
});

describe('answer → session-accept', () => {
  const jingle = accept(fixtureText('chromium/local-munged.sdp'));
  const video = descriptionOf(jingle, 'video');
  const audio = descriptionOf(jingle, 'audio');

  it('has one content per media kind and a BUNDLE group', () => {
    assert.equal(jingle.attrs.action, 'session-accept');
    assert.equal(jingle.attrs.sid, '7e1vj9mbn2q1');
    assert.equal(jingle.attrs.initiator, 'focus@auth.example.com/focus');
    assert.equal(jingle.attrs.responder, 'alice@example.com/web-1');
    assert.deepEqual(jingle.getChildren('content').map((c) => c.attrs.name), ['audio', 'video']);
    assert.deepEqual(jingle.getChild('group', 'urn:xmpp:jingle:apps:grouping:0')?.getChildren('content').map((c) => c.attrs.name), ['audio', 'video']);
  });

  it('names our sources <ep>-a0 / <ep>-v0 with msid and videoType', () => {
    const audioSources = audio.getChildren('source', ssma);
    assert.equal(audioSources.length, 1);
    assert.equal(audioSources[0]?.attrs.name, `${EP}-a0`);
    const videoSources = video.getChildren('source', ssma);
    assert.equal(videoSources.length, 6);
    for (const s of videoSources) {
      assert.equal(s.attrs.name, `${EP}-v0`);
      assert.equal(s.attrs.videoType, 'camera');
    }
    const msids = new Set(videoSources.map((s) => s.getChildren('parameter').find((p) => p.attrs.name === 'msid')?.attrs.value));
    assert.equal(msids.size, 1);
    assert.match([...msids][0] ?? '', /^\S+ \S+$/);
  });

  it('carries SIM (3 layers) and one FID per layer', () => {
    const g = groups(video);
    assert.equal(g.filter((x) => x.startsWith('SIM ')).length, 1);
    assert.equal(g.filter((x) => x.startsWith('FID ')).length, 3);
    assert.equal(g[0]?.split(' ').length, 4);
  });

  it('carries our transport with setup="active" and the gathered UDP candidates', () => {
    const transport = contentOf(jingle, 'audio').getChild('transport', 'urn:xmpp:jingle:transports:ice-udp:1')!;
    assert.ok(transport.attrs.ufrag && transport.attrs.pwd);
    const fp = transport.getChild('fingerprint', 'urn:xmpp:jingle:apps:dtls:0')!;
    assert.equal(fp.attrs.setup, 'active');
    assert.equal(fp.attrs.hash, 'sha-256');
    assert.match(fp.getText(), /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const candidates = transport.getChildren('candidate');
    assert.ok(candidates.length > 0);
    assert.ok(candidates.every((c) => c.attrs.protocol === 'udp'));
    assert.ok(candidates.some((c) => c.attrs.ip === '127.0.0.1'));
  });

  it('lists the negotiated payload types with their feedback', () => {
    const vp8 = video.getChildren('payload-type').find((p) => p.attrs.name === 'VP8')!;
    assert.equal(String(vp8.attrs.id), '100');
    assert.deepEqual(vp8.getChildren('rtcp-fb').map((f) => `${f.attrs.type}${f.attrs.subtype ? ' ' + f.attrs.subtype : ''}`).sort(),
      ['ccm fir', 'nack', 'nack pli', 'transport-cc']);
    const rtx = video.getChildren('payload-type').find((p) => p.attrs.name === 'rtx')!;
    assert.deepEqual(rtx.getChildren('parameter').map((p) => [p.attrs.name, String(p.attrs.value)]), [['apt', '100']]);
  });

  it('has the shape of the sample session-accept', () => {
    const sample = fixtureJingle('session-accept.xml');
    const shape = (j: Element): string[] => descriptionOf(j, 'video').getChildren('ssrc-group', ssma).map((g) => `${g.attrs.semantics}/${g.getChildren('source').length}`);
    assert.deepEqual(shape(jingle), shape(sample));
  });
});

describe('source-remove then source-add reuse the freed m-line', () => {
  const offer = readBridgeOffer(fixtureJingle('session-initiate-json.xml')) as BridgeOffer;
  offer.transport.candidates = [];
  const remote = new RemoteDescription(offer);
  remote.toSdp();

  it('source-remove (JSON) makes the m-lines inactive without SSRCs', () => {
    const removed = remote.removeSources(readJingleSources(fixtureJingle('source-remove-json.xml')));
    assert.deepEqual(removed.sort(), ['bb0c9e21-a0', 'bb0c9e21-v0']);
    const strip = (text: string): string => text.replace(/^o=.*$/m, '');
    assert.equal(strip(remote.toSdp()), strip(fixtureText('chromium/offer-source-remove.sdp')));
    const sdp = parse(remote.toSdp());
    assert.deepEqual(sdp.media.map((m) => m.direction), ['sendrecv', 'sendrecv', 'inactive', 'inactive']);
    assert.equal(sdp.media[2]?.ssrcs, undefined);
  });

  it('source-add (XML) takes the inactive video m-line', () => {
    const added = remote.addSources(readJingleSources(fixtureJingle('source-add-xml.xml')));
    assert.deepEqual(added, ['abcd1234-v0']);
    const sdp = parse(remote.toSdp());
    assert.equal(sdp.media.length, 4);
    assert.equal(sdp.media[2]?.mid, 'rv0');
    assert.equal(sdp.media[2]?.direction, 'sendonly');
    assert.equal(remote.sourceOfMid('rv0')?.videoType, 'desktop');
    assert.equal(remote.sourceOfMid('rv0')?.owner, 'abcd1234');
    assert.equal(remote.toSdp().replace(/^o=.*$/m, ''), fixtureText('chromium/offer-source-add.sdp').replace(/^o=.*$/m, ''));
  });

  it('Chromium answered recvonly on the reused m-line', () => {
    const m = parse(fixtureText('chromium/local-source-add.sdp')).media.find((x) => x.mid === 'rv0');
    assert.equal(m?.direction, 'recvonly');
  });

  it('a departed occupant loses its m-lines; a new source appends only when none is free', () => {
    assert.deepEqual(remote.removeOwner('abcd1234'), ['abcd1234-v0']);
    remote.addSources({ sources: [{ ssrc: 77, media: 'video', name: 'cafe0001-v0', owner: 'cafe0001', msid: 'a b', videoType: 'camera' },
      { ssrc: 78, media: 'video', name: 'cafe0002-v0', owner: 'cafe0002', msid: 'c d', videoType: 'camera' }], groups: [] });
    assert.deepEqual(remote.sections.map((s) => `${s.mid}:${s.sourceName ?? ''}`), ['audio:', 'video:', 'rv0:cafe0001-v0', 'ra1:', 'rv2:cafe0002-v0']);
  });

  it('ignores a source-add of SSRCs already known', () => {
    assert.deepEqual(remote.addSources({ sources: [{ ssrc: 77, media: 'video', name: 'cafe0001-v0', owner: 'cafe0001' }], groups: [] }), []);
  });
});

describe('screen share: a local m-line and source-add to the focus', () => {
  it('reads the desktop source <ep>-v1 from the recorded answer', () => {
    const tracks = new Map(names).set(meta.desktopMid, { name: `${EP}-v1`, videoType: 'desktop' });
    const local = new LocalDescription(fixtureText('chromium/local-screen-share.sdp'), tracks, EP);
    const all = local.sources();
    const desktopSsrcs = new Set(all.sources.filter((s) => s.name === `${EP}-v1`).map((s) => s.ssrc));
    const desktop = { sources: all.sources.filter((s) => desktopSsrcs.has(s.ssrc)), groups: all.groups.filter((g) => g.ssrcs.every((x) => desktopSsrcs.has(x))) };
    assert.equal(desktop.sources.length, 2, 'primary + RTX');
    assert.ok(desktop.sources.every((s) => s.videoType === 'desktop' && s.msid));
    const jingle = sourceChange('source-add', 'sid1', desktop);
    assert.equal(jingle.attrs.action, 'source-add');
    const d = descriptionOf(jingle, 'video');
    assert.deepEqual(d.getChildren('source', ssma).map((s) => [s.attrs.name, s.attrs.videoType]), [[`${EP}-v1`, 'desktop'], [`${EP}-v1`, 'desktop']]);
    assert.deepEqual(groups(d).map((g) => g.split(' ')[0]), ['FID']);
    assert.equal(contentOf(jingle, 'audio'), undefined);
  });
});

describe('trickled candidates → transport-info', () => {
  it('converts the recorded Chromium candidates and back', () => {
    for (const line of meta.candidates.filter((c) => c.includes(' udp '))) {
      const c = readSdpCandidate(line)!;
      assert.ok(c, line);
      assert.equal(readSdpCandidate(writeSdpCandidate(c))?.ip, c.ip);
    }
    assert.equal(readSdpCandidate('candidate:x 1 udp 1 1.2.3.4'), undefined);
  });

  it('builds a transport-info like the sample', () => {
    const srflx = readSdpCandidate('candidate:3028961563 1 udp 1686052607 203.0.113.45 61002 typ srflx raddr 192.0.2.10 rport 50123 generation 0')!;
    const jingle = transportInfo('7e1vj9mbn2q1', 'focus@auth.example.com/focus',
      { ufrag: 'Yx2P', pwd: 'nN3qLr8vTb0sKe5wHj2uMc7a', candidates: [], webSocketUrls: [] }, [srflx]);
    const mine = contentOf(jingle, 'audio').getChild('transport')!.getChild('candidate')!;
    const sample = contentOf(fixtureJingle('transport-info.xml'), 'audio').getChild('transport')!.getChild('candidate')!;
    for (const attr of ['component', 'foundation', 'generation', 'ip', 'port', 'priority', 'protocol', 'type', 'rel-addr', 'rel-port']) {
      assert.equal(mine.attrs[attr], sample.attrs[attr], attr);
    }
  });
});

describe('session-terminate', () => {
  it('asks for a restart like the sample', () => {
    const mine = sessionTerminate('7e1vj9mbn2q1', 'connectivity-error', 'ICE FAILED', { bridgeSessionId: '0b1e5c6e-4a2f-4c1d-9a53-2f1c0e7d8b90' });
    const sample = fixtureJingle('session-terminate-restart.xml');
    const shape = (j: Element) => ({
      action: j.attrs.action,
      sid: j.attrs.sid,
      reason: j.getChild('reason')?.getChildElements().map((e) => e.name),
      text: j.getChild('reason')?.getChildText('text'),
      session: j.getChild('bridge-session', 'http://jitsi.org/protocol/focus')?.attrs,
    });
    assert.deepEqual(shape(parseXml(mine.toString())), shape(sample));
  });
});
