// Signalling against scripted stanzas: conference request (PROTOCOL.md §1.2), disco#info (§1.6), presence and
// the occupant list (§1.3, §1.5), group chat.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { requestConference } from '../src/xmpp/ConferenceRequest.js';
import { answerDiscoInfo, capsVer, CAPS_NODE, FEATURES, IDENTITY } from '../src/xmpp/Disco.js';
import { IQ, IQError } from '../src/xmpp/IQ.js';
import { MucRoom } from '../src/xmpp/MucRoom.js';
import { readSourceInfo } from '../src/xmpp/Presence.js';
import type { OccupantPresence } from '../src/xmpp/Presence.js';
import { fixtureText } from './fixtures.js';
import { FakeClock, ScriptedTransport, settle } from './scripted.js';

const ROOM = 'standup@conference.example.com';
const responseFor = (id: string, ready: boolean): string =>
  fixtureText('conference-response.xml').replace('id="c1"', `id="${id}"`).replace('ready="true"', `ready="${ready}"`);

describe('conference request', () => {
  it('sends the request to the focus and remembers focusjid', async () => {
    const transport = new ScriptedTransport();
    const clock = new FakeClock();
    const grant = requestConference(new IQ(transport, clock), { focus: 'focus.example.com', room: ROOM, clock });
    const request = transport.last();
    assert.equal(request.attrs.type, 'set');
    assert.equal(request.attrs.to, 'focus.example.com');
    assert.equal(request.getChild('conference', 'http://jitsi.org/protocol/focus')?.attrs.room, ROOM);
    transport.receive(responseFor(request.attrs.id as string, true));
    assert.deepEqual(await grant, { focusJid: 'focus@auth.example.com', properties: { authentication: 'false', 'visitors-supported': 'false' } });
  });

  it('retries with a doubling back-off while ready="false"', async () => {
    const transport = new ScriptedTransport();
    const clock = new FakeClock();
    const waits: number[] = [];
    const grant = requestConference(new IQ(transport, clock, 60_000), { focus: 'focus.example.com', room: ROOM, clock, onWait: (ms) => waits.push(ms) });
    for (let i = 0; i < 3; i++) {
      transport.receive(responseFor(transport.last().attrs.id as string, false));
      await settle();
      clock.fire(); // the back-off timer (the IQ timeout was cleared by the reply)
      await settle();
    }
    transport.receive(responseFor(transport.last().attrs.id as string, true));
    assert.equal((await grant).focusJid, 'focus@auth.example.com');
    assert.deepEqual(waits, [1000, 2000, 4000]);
    assert.equal(transport.sent.length, 4);
  });

  it('fails on an IQ error and ignores replies from anyone but the focus', async () => {
    const transport = new ScriptedTransport();
    const clock = new FakeClock();
    const grant = requestConference(new IQ(transport, clock), { focus: 'focus.example.com', room: ROOM, clock });
    const id = transport.last().attrs.id as string;
    transport.receive(responseFor(id, true).replace('from="focus.example.com"', 'from="mallory@example.com/x"'));
    transport.receive(`<iq xmlns="jabber:client" type="error" from="focus.example.com" id="${id}"><error type="auth"><not-authorized xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`);
    await assert.rejects(grant, (e: unknown) => e instanceof IQError && e.condition === 'not-authorized');
  });

  it('times out', async () => {
    const transport = new ScriptedTransport();
    const clock = new FakeClock();
    const grant = requestConference(new IQ(transport, clock), { focus: 'focus.example.com', room: ROOM, clock });
    clock.fire();
    await assert.rejects(grant, (e: unknown) => e instanceof IQError && e.condition === 'timeout');
  });
});

describe('disco#info', () => {
  const setup = async () => {
    const transport = new ScriptedTransport();
    const ver = await capsVer();
    answerDiscoInfo(new IQ(transport, new FakeClock()), ver);
    return { transport, ver };
  };
  const query = (node?: string): string =>
    `<iq xmlns="jabber:client" type="get" from="${ROOM}/focus" id="d1"><query xmlns="http://jabber.org/protocol/disco#info"${node ? ` node="${node}"` : ''}/></iq>`;

  it('lists our features, without dtls-sctp and ssrc-rewriting', async () => {
    const { transport } = await setup();
    transport.receive(query());
    await settle();
    const reply = transport.last();
    assert.equal(reply.attrs.type, 'result');
    assert.equal(reply.attrs.to, `${ROOM}/focus`);
    const vars = reply.getChild('query')!.getChildren('feature').map((f) => f.attrs.var);
    for (const f of ['urn:xmpp:jingle:1', 'urn:xmpp:jingle:apps:rtp:audio', 'urn:xmpp:jingle:apps:rtp:video', 'urn:xmpp:jingle:transports:ice-udp:1',
      'urn:xmpp:jingle:apps:dtls:0', 'http://jitsi.org/json-encoded-sources', 'urn:ietf:rfc:4588', 'http://jitsi.org/tcc',
      'http://jitsi.org/source-name', 'http://jitsi.org/receive-multiple-video-streams']) {
      assert.ok(vars.includes(f), f);
    }
    assert.ok(!vars.includes('urn:xmpp:jingle:transports:dtls-sctp:1'));
    assert.ok(!vars.includes('http://jitsi.org/ssrc-rewriting-1'));
  });

  it('answers the caps node#ver and refuses other nodes', async () => {
    const { transport, ver } = await setup();
    transport.receive(query(`${CAPS_NODE}#${ver}`));
    await settle();
    assert.equal(transport.last().getChild('query')?.attrs.node, `${CAPS_NODE}#${ver}`);
    transport.receive(query(`${CAPS_NODE}#other`));
    await settle();
    assert.equal(transport.last().attrs.type, 'error');
    assert.ok(transport.last().getChild('error')?.getChild('item-not-found'));
  });

  it('computes the XEP-0115 verification string', async () => {
    const s = `${IDENTITY.category}/${IDENTITY.type}//${IDENTITY.name}<${[...FEATURES].sort().join('<')}<`;
    assert.equal(await capsVer(), createHash('sha1').update(s).digest('base64'));
  });

  it('answers an unknown IQ with service-unavailable', async () => {
    const { transport } = await setup();
    transport.receive(`<iq xmlns="jabber:client" type="get" from="${ROOM}/focus" id="v1"><query xmlns="jabber:iq:version"/></iq>`);
    assert.ok(transport.last().getChild('error')?.getChild('service-unavailable'));
  });
});

describe('conference room', () => {
  const occupant = (nick: string, jid: string, extra = '', type = ''): string =>
    `<presence xmlns="jabber:client" from="${ROOM}/${nick}"${type ? ` type="${type}"` : ''}>${extra}` +
    `<x xmlns="http://jabber.org/protocol/muc#user"><item jid="${jid}" role="participant" affiliation="none"/></x></presence>`;
  const setup = () => {
    const transport = new ScriptedTransport();
    const room = new MucRoom(transport, {
      roomJid: ROOM, endpointId: 'abcd1234', focusJid: 'focus@auth.example.com', displayName: 'Alice', statsId: 'Alice-Q1', capsVer: 'VER', capsNode: CAPS_NODE,
    });
    return { transport, room };
  };

  it('joins with the presence extensions of PROTOCOL.md §1.5', async () => {
    const { transport, room } = setup();
    const joined = room.join({ 'abcd1234-a0': { muted: true }, 'abcd1234-v0': { muted: false, videoType: 'camera' } });
    const p = transport.last();
    assert.equal(p.attrs.to, `${ROOM}/abcd1234`);
    assert.ok(p.getChild('x', 'http://jabber.org/protocol/muc'));
    assert.equal(p.getChildText('nick', 'http://jabber.org/protocol/nick'), 'Alice');
    assert.equal(p.getChildText('stats-id'), 'Alice-Q1');
    assert.equal(p.getChildText('jitsi_participant_codecList'), 'vp8');
    assert.deepEqual(p.getChild('c', 'http://jabber.org/protocol/caps')?.attrs, { xmlns: 'http://jabber.org/protocol/caps', hash: 'sha-1', node: CAPS_NODE, ver: 'VER' });
    assert.deepEqual(JSON.parse(p.getChildText('SourceInfo') ?? ''), { 'abcd1234-a0': { muted: true }, 'abcd1234-v0': { muted: false, videoType: 'camera' } });
    transport.receive(occupant('abcd1234', 'alice@example.com/web-1', '', '').replace('</x>', '<status code="110"/></x>'));
    await joined;
    room.setSourceInfo({ 'abcd1234-a0': { muted: false } });
    assert.equal(transport.last().getChild('x', 'http://jabber.org/protocol/muc'), undefined);
  });

  it('rejects the join on an error presence', async () => {
    const { transport, room } = setup();
    const joined = room.join({});
    transport.receive(`<presence xmlns="jabber:client" type="error" from="${ROOM}/abcd1234"><error type="cancel"><not-allowed xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></presence>`);
    await assert.rejects(joined, /not-allowed/);
  });

  it('recognises the focus only by nickname and real JID', () => {
    const { transport, room } = setup();
    transport.receive(occupant('focus', 'mallory@example.com/focus'));
    assert.equal(room.isFocus(`${ROOM}/focus`), false);
    transport.receive(occupant('focus', 'focus@auth.example.com/focus'));
    assert.equal(room.isFocus(`${ROOM}/focus`), true);
    assert.equal(room.isFocus(`${ROOM}/bb0c9e21`), false);
  });

  it('honours conference-properties from the focus only', () => {
    const { transport, room } = setup();
    const seen: Array<Record<string, string>> = [];
    room.focusProperties.on((p) => seen.push(p));
    const props = '<conference-properties xmlns="http://jitsi.org/protocol/focus"><property key="support-terminate-restart" value="true"/></conference-properties>';
    transport.receive(occupant('focus', 'mallory@example.com/focus', props));
    transport.receive(occupant('focus', 'focus@auth.example.com/focus', props));
    assert.deepEqual(seen, [{ 'support-terminate-restart': 'true' }]);
  });

  it('reports bridgeNotAvailable in the focus presence', () => {
    const { transport, room } = setup();
    const seen: boolean[] = [];
    room.bridgeAvailable.on((available) => seen.push(available));
    transport.receive(occupant('focus', 'focus@auth.example.com/focus', '<bridgeNotAvailable xmlns="http://jitsi.org/protocol/focus"/>'));
    transport.receive(occupant('focus', 'focus@auth.example.com/focus', ''));
    transport.receive(occupant('focus', 'mallory@example.com/focus', '<bridgeNotAvailable xmlns="http://jitsi.org/protocol/focus"/>'));
    assert.deepEqual(seen, [false, true]);
  });

  it('tracks occupants: join, display name and SourceInfo changes, leave', () => {
    const { transport, room } = setup();
    const events: string[] = [];
    const log = (kind: string) => (o: OccupantPresence) => events.push(`${kind} ${o.nick} ${o.displayName ?? ''} ${JSON.stringify(o.sourceInfo)}`);
    room.occupantJoined.on(log('joined'));
    room.occupantChanged.on(log('changed'));
    room.occupantLeft.on(log('left'));
    const info = (muted: boolean) => `<SourceInfo>{"bb0c9e21-a0":{"muted":${muted}},"abcd1234-a0":{"muted":false}}</SourceInfo>`;
    transport.receive(occupant('bb0c9e21', 'bob@example.com/r', `<nick xmlns="http://jabber.org/protocol/nick">Bob</nick>${info(true)}`));
    transport.receive(occupant('bb0c9e21', 'bob@example.com/r', `<nick xmlns="http://jabber.org/protocol/nick">Bobby</nick>${info(false)}`));
    transport.receive(occupant('bb0c9e21', 'bob@example.com/r', '', 'unavailable'));
    assert.deepEqual(events, [
      'joined bb0c9e21 Bob {"bb0c9e21-a0":{"muted":true}}',
      'changed bb0c9e21 Bobby {"bb0c9e21-a0":{"muted":false}}',
      'left bb0c9e21  {}',
    ]);
    assert.equal(room.occupants.size, 0);
  });

  it('reads SourceInfo defensively', () => {
    assert.deepEqual(readSourceInfo('not json', 'x'), {});
    assert.deepEqual(readSourceInfo('{"x-v0":{"videoType":"desktop"}}', 'x'), { 'x-v0': { muted: true, videoType: 'desktop' } });
  });

  it('delivers group chat, marking room history', () => {
    const { transport, room } = setup();
    const messages: string[] = [];
    room.message.on((m) => messages.push(`${m.from}: ${m.text}${m.delayed ? ' (history)' : ''}`));
    room.sendMessage('hello');
    assert.equal(transport.last().attrs.type, 'groupchat');
    assert.equal(transport.last().getChildText('body'), 'hello');
    transport.receive(`<message xmlns="jabber:client" type="groupchat" from="${ROOM}/bb0c9e21"><body>hi</body></message>`);
    transport.receive(`<message xmlns="jabber:client" type="groupchat" from="${ROOM}/bb0c9e21"><body>old</body><delay xmlns="urn:xmpp:delay" stamp="2026-01-01T00:00:00Z"/></message>`);
    transport.receive(`<message xmlns="jabber:client" type="groupchat" from="other@conference.example.com/x"><body>elsewhere</body></message>`);
    assert.deepEqual(messages, ['bb0c9e21: hi', 'bb0c9e21: old (history)']);
  });
});
