// XEP-0215 external services → RTCIceServer entries: discovery after login, restricted services' credentials,
// refresh before `expires`, server pushes, and carrying on without when the server has nothing.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { ExternalServices, mergeIceServers, parseServices, refreshDelay, toIceServers } from '../src/xmpp/ExternalServices.js';
import { IQ } from '../src/xmpp/IQ.js';
import { fixtureText, fixtureXml } from './fixtures.js';
import { FakeClock, ScriptedTransport, settle } from './scripted.js';

const NOW = Date.parse('2026-11-24T17:00:00Z');
const reply = (name: string, id: string): string => fixtureText(name).replace(/id=(["'])ID\1/, `id="${id}"`);

function setup(log: string[] = [], domain = 'meet.example.com') {
  const transport = new ScriptedTransport();
  const clock = new FakeClock();
  const services = new ExternalServices(new IQ(transport, clock), { domain, clock, now: () => NOW, log: (m) => log.push(m) });
  return { transport, clock, services, log };
}

describe('XEP-0215 external services', () => {
  it('maps stun, turn and turns to ICE server URIs with the TURN credentials and skips the rest', () => {
    const services = parseServices(fixtureXml('extdisco-services.xml').getChild('services', 'urn:xmpp:extdisco:2'));
    assert.equal(services.length, 4, 'the service with a malformed host is dropped');
    assert.deepEqual(toIceServers(services), [
      { urls: 'stun:turn.example.com:3478' },
      { urls: 'turn:turn.example.com:3478?transport=udp', username: '1795000000:abc', credential: 'c2VjcmV0LXVkcA==' },
      { urls: 'turns:turn.example.com:5349?transport=tcp', username: '1795000000:abc', credential: 'c2VjcmV0LXVkcA==' },
    ]);
    assert.equal(services[1]?.expires, Date.parse('2026-11-24T18:00:00Z'));
    assert.equal(services[1]?.restricted, true);
  });

  it('reads the reply ejabberd sent in the end-to-end test (mod_stun_disco)', async () => {
    const { transport, clock, services } = setup([], 'meet.localhost');
    const found = services.discover();
    transport.receive(reply('extdisco-ejabberd.xml', transport.last().attrs.id as string));
    const credentials = { username: '1795584989:e610095e274da659', credential: 'YyaB3JwmJyDnOheFvWTlPJl4Wto=' };
    assert.deepEqual(await found, [
      { urls: 'stun:127.0.0.1:46571' },
      { urls: 'turn:127.0.0.1:46571?transport=udp', ...credentials },
      { urls: 'turn:127.0.0.1:46571?transport=tcp', ...credentials },
    ]);
    // The credentials carry their expiry: no credentials request (§3.3) was needed, the refresh is due before it.
    assert.equal(transport.sent.length, 1);
    assert.equal(clock.delays.at(-1), Date.parse('2026-11-25T05:36:29Z') - NOW - 60_000);
  });

  it('reads the reply Prosody sent (mod_external_services with a shared secret)', async () => {
    const { transport, services } = setup([], 'meet.localhost');
    const found = services.discover();
    transport.receive(reply('extdisco-prosody.xml', transport.last().attrs.id as string));
    const servers = await found;
    assert.deepEqual(servers.map((s) => s.urls), ['stun:turn.example.com:3478', 'turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349?transport=tcp']);
    // TURN REST credentials (what coturn's use-auth-secret checks) reach the browser unchanged.
    const turn = servers[1];
    assert.equal(turn?.username, '1795628746');
    assert.equal(turn?.credential, createHmac('sha1', 'recording-secret').update('1795628746').digest('base64'));
  });

  it('brackets IPv6 hosts and leaves out TURN without credentials', () => {
    assert.deepEqual(toIceServers([
      { type: 'turn', host: '2001:db8::5', port: 3478, transport: 'tcp', username: 'u', password: 'p', restricted: false },
      { type: 'turn', host: 'turn.example.com', restricted: true },
      { type: 'stun', host: 'stun.example.com', restricted: false },
    ]), [
      { urls: 'turn:[2001:db8::5]:3478?transport=tcp', username: 'u', credential: 'p' },
      { urls: 'stun:stun.example.com' },
    ]);
  });

  it('puts the server list first, then the configured one, without repeats', () => {
    const server = [{ urls: 'turn:a.example:3478?transport=udp', username: 'u', credential: 'p' }];
    const config = [{ urls: 'stun:stun.example.org:3478' }, { urls: 'turn:a.example:3478?transport=udp', username: 'u', credential: 'p' }];
    assert.deepEqual(mergeIceServers(server, config), [server[0], config[0]]);
    assert.deepEqual(mergeIceServers([], undefined), []);
  });

  it('asks the server domain after login and refreshes a minute before the credentials expire', async () => {
    const { transport, clock, services } = setup();
    const changes: number[] = [];
    services.changed.on((list) => changes.push(list.length));
    const found = services.discover();
    const query = transport.last();
    assert.equal(query.attrs.type, 'get');
    assert.equal(query.attrs.to, 'meet.example.com');
    assert.ok(query.getChild('services', 'urn:xmpp:extdisco:2'));
    transport.receive(reply('extdisco-services.xml', query.attrs.id as string));
    assert.equal((await found).length, 3);
    assert.deepEqual(services.iceServers.map((s) => s.urls), ['stun:turn.example.com:3478', 'turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349?transport=tcp']);
    // expires is 60 min away: the refresh is due 59 min from now (the IQ timeout was cleared by the reply).
    assert.equal(clock.delays.at(-1), 59 * 60_000);
    assert.equal(clock.pending, 1);
    clock.fire();
    const again = transport.last();
    assert.notEqual(again.attrs.id, query.attrs.id);
    assert.ok(again.getChild('services', 'urn:xmpp:extdisco:2'));
    transport.receive(reply('extdisco-services.xml', again.attrs.id as string));
    await settle();
    assert.deepEqual(changes, [3, 3]);
  });

  it('asks for the credentials of a restricted service (§3.3)', async () => {
    const { transport, services } = setup();
    const found = services.discover();
    transport.receive(reply('extdisco-restricted.xml', transport.last().attrs.id as string));
    await settle();
    const request = transport.last();
    const service = request.getChild('credentials', 'urn:xmpp:extdisco:2')?.getChild('service');
    assert.deepEqual([service?.attrs.type, service?.attrs.host, service?.attrs.port], ['turn', '2001:db8::5', '3478']);
    transport.receive(reply('extdisco-credentials.xml', request.attrs.id as string));
    assert.deepEqual(await found, [{ urls: 'turn:[2001:db8::5]:3478?transport=tcp', username: '1795000600:abc', credential: 'cGFzcw==' }]);
  });

  it('carries on with no servers after an error reply and logs it once', async () => {
    const { transport, services, log } = setup();
    const error = (id: string) => `<iq xmlns="jabber:client" type="error" from="meet.example.com" id="${id}"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`;
    for (let i = 0; i < 2; i++) {
      const found = services.discover();
      transport.receive(error(transport.last().attrs.id as string));
      assert.deepEqual(await found, []);
    }
    assert.equal(log.length, 1);
    assert.match(log[0] ?? '', /service-unavailable/);
  });

  it('takes a pushed list from the server and acknowledges it, but not from anyone else (§4)', async () => {
    const { transport, services } = setup();
    const push = (from: string) => fixtureText('extdisco-services.xml').replace('type="result"', 'type="set"').replace('from="meet.example.com"', `from="${from}"`);
    transport.receive(push('mallory@meet.example.com/x'));
    await settle();
    assert.equal(transport.last().attrs.type, 'error');
    assert.deepEqual(services.iceServers, []);
    transport.receive(push('meet.example.com'));
    await settle();
    assert.equal(transport.last().attrs.type, 'result');
    assert.equal(services.iceServers.length, 3);
  });

  it('refreshes at half the remaining time when expiry is near, never sooner than 10 s', () => {
    assert.equal(refreshDelay(NOW + 3_600_000, NOW), 3_540_000);
    assert.equal(refreshDelay(NOW + 60_000, NOW), 30_000);
    assert.equal(refreshDelay(NOW - 5_000, NOW), 10_000);
  });
});
