// The colibri-ws bridge channel (PROTOCOL.md §4) against a scripted socket.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BridgeChannel, type ChannelSocket } from '../src/bridge/BridgeChannel.js';
import { readBridgeMessage } from '../src/bridge/Messages.js';
import { FakeClock, settle } from './scripted.js';

class ScriptedSocket implements ChannelSocket {
  readyState = 0;
  readonly sent: Array<Record<string, unknown>> = [];
  onopen: (() => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string): void { this.sent.push(JSON.parse(data) as Record<string, unknown>); }
  close(): void { this.readyState = 3; }
  openNow(): void { this.readyState = 1; this.onopen?.(); }
  drop(): void { this.readyState = 3; this.onclose?.({ code: 1006 }); }
  deliver(message: object): void { this.onmessage?.({ data: JSON.stringify(message) }); }
}

const URL = 'wss://meet.example.com:443/colibri-ws/jvb1/4f9cb343985d4779/abcd1234?pwd=Qm9vdHN0cmFw';

function setup() {
  const sockets: ScriptedSocket[] = [];
  const clock = new FakeClock();
  const channel = new BridgeChannel(URL, (url) => { const s = new ScriptedSocket(url); sockets.push(s); return s; }, clock);
  return { sockets, clock, channel };
}

describe('bridge channel', () => {
  it('opens the web-socket URL and sends the receiver constraints first', () => {
    const { sockets, channel } = setup();
    assert.equal(sockets[0]?.url, URL);
    channel.setReceiverConstraints({ lastN: -1, defaultConstraints: { maxHeight: 180 } });
    sockets[0]!.openNow();
    sockets[0]!.deliver({ colibriClass: 'ServerHello' });
    assert.deepEqual(sockets[0]!.sent, [{ colibriClass: 'ReceiverVideoConstraints', lastN: -1, defaultConstraints: { maxHeight: 180 } }]);
    channel.setReceiverConstraints({ onStageSources: ['bb0c9e21-v0'], constraints: { 'bb0c9e21-v0': { maxHeight: 720 } } });
    assert.deepEqual(sockets[0]!.sent[1], { colibriClass: 'ReceiverVideoConstraints', onStageSources: ['bb0c9e21-v0'], constraints: { 'bb0c9e21-v0': { maxHeight: 720 } } });
  });

  it('sends endpoint messages', () => {
    const { sockets, channel } = setup();
    sockets[0]!.openNow();
    channel.sendEndpointMessage('', { type: 'hello' });
    assert.deepEqual(sockets[0]!.sent.at(-1), { colibriClass: 'EndpointMessage', to: '', msgPayload: { type: 'hello' } });
  });

  it('delivers the bridge events', () => {
    const { sockets, channel } = setup();
    const seen: string[] = [];
    channel.dominantSpeaker.on((m) => seen.push(`speaker ${m.dominantSpeakerEndpoint} ${m.previousSpeakers.join(',')} ${m.silence}`));
    channel.forwardedSources.on((m) => seen.push(`forwarded ${m.forwardedSources.join(',')}`));
    channel.connectivity.on((m) => seen.push(`connectivity ${m.endpoint} ${m.active}`));
    channel.senderConstraints.on((m) => seen.push(`sender ${m.sourceName} ${m.maxHeight}`));
    channel.endpointMessage.on((m) => seen.push(`message ${m.from} ${JSON.stringify(m.msgPayload)}`));
    sockets[0]!.openNow();
    const s = sockets[0]!;
    s.deliver({ colibriClass: 'DominantSpeakerEndpointChangeEvent', dominantSpeakerEndpoint: 'bb0c9e21', previousSpeakers: ['cafe0001'], silence: false });
    s.deliver({ colibriClass: 'ForwardedSources', forwardedSources: ['bb0c9e21-v0'] });
    s.deliver({ colibriClass: 'EndpointConnectivityStatusChangeEvent', endpoint: 'bb0c9e21', active: 'false' });
    s.deliver({ colibriClass: 'SenderSourceConstraints', sourceName: 'abcd1234-v0', maxHeight: 360 });
    s.deliver({ colibriClass: 'EndpointMessage', to: '', from: 'bb0c9e21', msgPayload: { x: 1 } });
    s.deliver({ colibriClass: 'SomethingNew', value: 1 });
    s.onmessage?.({ data: '{not json' });
    assert.deepEqual(seen, [
      'speaker bb0c9e21 cafe0001 false', 'forwarded bb0c9e21-v0', 'connectivity bb0c9e21 false', 'sender abcd1234-v0 360', 'message bb0c9e21 {"x":1}',
    ]);
  });

  it('reconnects with a doubling back-off and re-sends the merged constraints', async () => {
    const { sockets, clock, channel } = setup();
    channel.setReceiverConstraints({ lastN: 5 });
    channel.setReceiverConstraints({ defaultConstraints: { maxHeight: 360 } });
    sockets[0]!.drop();
    await settle();
    clock.fire();
    await settle();
    sockets[1]!.drop();
    await settle();
    clock.fire();
    await settle();
    sockets[2]!.openNow();
    assert.deepEqual(clock.delays, [1000, 2000]);
    assert.deepEqual(sockets[2]!.sent, [{ colibriClass: 'ReceiverVideoConstraints', lastN: 5, defaultConstraints: { maxHeight: 360 } }]);
    sockets[2]!.drop();
    await settle();
    assert.deepEqual(clock.delays, [1000, 2000, 1000], 'an opened socket resets the back-off');
  });

  it('stays closed after close()', async () => {
    const { sockets, clock, channel } = setup();
    sockets[0]!.openNow();
    channel.close();
    sockets[0]!.drop();
    await settle();
    assert.equal(clock.pending, 0);
    assert.equal(sockets.length, 1);
  });

  it('rejects malformed messages', () => {
    assert.equal(readBridgeMessage('[]'), undefined);
    assert.equal(readBridgeMessage('{"colibriClass":"SenderSourceConstraints","sourceName":"x"}'), undefined);
  });
});
