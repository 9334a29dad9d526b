// session-initiate → SDP offer (PROTOCOL.md §2.2), checked on the sample stanzas and against what the
// recorded Chromium answered to the same offer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'sdp-transform';
import { readBridgeOffer, RemoteDescription, type BridgeOffer } from '../src/jingle/index.js';
import { fixtureJingle, fixtureText } from './fixtures.js';

const offerOf = (name: string): BridgeOffer => {
  const offer = readBridgeOffer(fixtureJingle(name));
  assert.equal(typeof offer, 'object', String(offer));
  return offer as BridgeOffer;
};

describe('session-initiate with JSON sources → SDP offer', () => {
  const offer = offerOf('session-initiate-json.xml');
  const sdp = parse(new RemoteDescription(offer).toSdp());

  it('reads the session attributes', () => {
    assert.equal(offer.sid, '7e1vj9mbn2q1');
    assert.equal(offer.bridgeSessionId, '0b1e5c6e-4a2f-4c1d-9a53-2f1c0e7d8b90');
    assert.equal(offer.region, 'eu-west');
    assert.deepEqual(offer.transport.webSocketUrls, ['wss://meet.example.com:443/colibri-ws/jvb1/4f9cb343985d4779/abcd1234?pwd=Qm9vdHN0cmFw']);
  });

  it('bundles the local m-lines and one m-line per remote source, ignoring the data content', () => {
    assert.deepEqual(sdp.media.map((m) => [m.type, m.mid, m.direction]), [
      ['audio', 'audio', 'sendrecv'], ['video', 'video', 'sendrecv'], ['video', 'rv0', 'sendonly'], ['audio', 'ra1', 'sendonly'],
    ]);
    assert.deepEqual(sdp.groups, [{ type: 'BUNDLE', mids: 'audio video rv0 ra1' }]);
  });

  it('carries the bridge transport on every m-line, candidates on the first', () => {
    for (const m of sdp.media) {
      assert.equal(m.iceUfrag, '2kq4h1f');
      assert.equal(m.icePwd, '5d2tm0ol3kq9v1r6t4a8b7c1');
      assert.equal(m.setup, 'actpass');
      assert.equal(m.rtcpMux, 'rtcp-mux');
      assert.equal(m.fingerprint?.type, 'sha-256');
      assert.match(m.fingerprint?.hash ?? '', /^1A:2B:3C:.*:9F$/);
    }
    // sdp-transform reads a numeric foundation as a number.
    assert.deepEqual(sdp.media[0]?.candidates?.map((c) => ({ ...c, foundation: String(c.foundation) })), [{
      foundation: '1', component: 1, transport: 'udp', priority: 2130706431, ip: '198.51.100.7', port: 10000, type: 'host', generation: 0,
    }]);
    assert.equal(sdp.media[1]?.candidates, undefined);
  });

  it('writes payload types, fmtp, rtcp-fb, header extensions', () => {
    const audio = sdp.media[0]!;
    assert.deepEqual(audio.rtp.map((r) => `${r.payload} ${r.codec}/${r.rate}/${r.encoding ?? ''}`), ['111 opus/48000/2', '126 telephone-event/8000/']);
    assert.deepEqual(audio.fmtp, [{ payload: 111, config: 'minptime=10;useinbandfec=1' }]);
    assert.equal(audio.maxptime, 60);
    assert.deepEqual(audio.ext?.map((e) => e.value), [1, 10, 5]);
    assert.equal(audio.extmapAllowMixed, 'extmap-allow-mixed');
    const video = sdp.media[1]!;
    assert.equal(video.payloads, '100 96');
    assert.deepEqual(video.fmtp, [{ payload: 96, config: 'apt=100' }]);
    assert.deepEqual(video.rtcpFb?.map((f) => `${f.payload} ${f.type}${f.subtype ? ' ' + f.subtype : ''}`),
      ['100 ccm fir', '100 nack', '100 nack pli', '100 transport-cc']);
  });

  it('puts the bridge feedback sources on the local m-lines', () => {
    assert.deepEqual(sdp.media[0]?.ssrcs, [{ id: 998877, attribute: 'cname', value: 'jvb' }, { id: 998877, attribute: 'msid', value: 'mixedmslabel mixedlabelaudio0' }]);
    assert.deepEqual(sdp.media[1]?.ssrcs?.map((s) => s.id), [2110911, 2110911]);
  });

  it('gives each remote source its SSRCs, msid and FID group', () => {
    const video = sdp.media[2]!;
    assert.deepEqual(video.msid, [{ id: 'x', appdata: 'y' }]);
    assert.deepEqual([...new Set(video.ssrcs?.map((s) => s.id))], [3251871624, 1180016730]);
    assert.ok(video.ssrcs?.every((s) => s.attribute !== 'cname' || s.value === 'bb0c9e21'));
    assert.deepEqual(video.ssrcGroups, [{ semantics: 'FID', ssrcs: '3251871624 1180016730' }]);
    assert.deepEqual([...new Set(sdp.media[3]?.ssrcs?.map((s) => s.id))], [4017]);
  });

  it('matches the offer recorded with Chromium, bar the session id', () => {
    const strip = (text: string): string => text.replace(/^o=.*$/m, '').replace(/^a=candidate:.*\r?\n/gm, '');
    assert.equal(strip(new RemoteDescription(offer).toSdp()), strip(fixtureText('chromium/offer.sdp')));
  });
});

describe('session-initiate with XML sources', () => {
  const offer = offerOf('session-initiate-xml.xml');

  it('reads owners (JID or endpoint id), msids and video types', () => {
    const byName = (name: string) => offer.sources.sources.filter((s) => s.name === name);
    assert.equal(byName('bb0c9e21-a0')[0]?.owner, 'bb0c9e21');
    assert.equal(byName('jvb-v0')[0]?.owner, 'jvb');
    assert.deepEqual(byName('bb0c9e21-v0').map((s) => [s.ssrc, s.videoType, s.msid]), [[3251871624, 'camera', 'x y'], [1180016730, 'camera', 'x y']]);
    assert.equal(byName('bb0c9e21-v1')[0]?.videoType, 'desktop');
  });

  it('makes one m-line per remote source name', () => {
    const remote = new RemoteDescription(offer);
    const sdp = parse(remote.toSdp());
    assert.deepEqual(sdp.media.map((m) => m.mid), ['audio', 'video', 'ra0', 'rv1', 'rv2']);
    assert.equal(remote.sourceOfMid('rv2')?.name, 'bb0c9e21-v1');
    assert.equal(remote.sourceOfMid('audio'), undefined);
  });
});

describe('unusable session-initiate', () => {
  it('is reported, not thrown', () => {
    const jingle = fixtureJingle('session-initiate-json.xml');
    for (const content of jingle.getChildren('content')) {
      const t = content.getChild('transport', 'urn:xmpp:jingle:transports:ice-udp:1');
      if (t) delete t.attrs.pwd;
    }
    assert.equal(readBridgeOffer(jingle), 'no ICE transport');
  });
});
