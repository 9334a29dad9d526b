// The pure parts of the conference UI: layout choice, stage speaker, quality indicator, tile models, failure
// messages and the getStats reader.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFailure } from '../src/ui/Failure.js';
import { gridColumns, stageColumns, useStage } from '../src/ui/Layout.js';
import { audioLevels, readStats, samplesByOwner } from '../src/ui/MediaStats.js';
import { quality } from '../src/ui/Quality.js';
import { SpeakerTracker, stageEndpoint } from '../src/ui/Speaker.js';
import { ownSourceInfo, tileModels, type ReceivedMedia } from '../src/ui/Tiles.js';
import { IQError } from '../src/xmpp/IQ.js';
import { LoginCancelled, LoginRequired } from '../src/xmpp/Login.js';

describe('layout', () => {
  it('grows the grid with the number of tiles', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 9, 10, 17].map(gridColumns), [1, 1, 2, 2, 2, 3, 3, 4, 5]);
  });

  it('uses the stage only with somebody to put on it', () => {
    assert.equal(useStage(true, 1), false);
    assert.equal(useStage(true, 2), true);
    assert.equal(useStage(false, 5), false);
  });

  it('puts the others below the stage as thumbnails', () => {
    assert.deepEqual([2, 5, 8].map(stageColumns), [4, 4, 7]);
  });
});

describe('stage speaker', () => {
  it('follows audio levels until the bridge names a dominant speaker, then only the bridge', () => {
    const speaker = new SpeakerTracker();
    speaker.audioLevels(new Map([['a', 0.01], ['b', 0.005]]));
    assert.equal(speaker.current, undefined, 'nobody above the speaking level');
    speaker.audioLevels(new Map([['a', 0.3], ['b', 0.1]]));
    assert.equal(speaker.current, 'a');
    speaker.audioLevels(new Map([['a', 0], ['b', 0]]));
    assert.equal(speaker.current, 'a', 'silence keeps the last speaker');
    speaker.dominantSpeaker('b');
    speaker.audioLevels(new Map([['a', 0.9]]));
    assert.equal(speaker.current, 'b');
    speaker.left('b');
    assert.equal(speaker.current, undefined);
  });

  it('never puts ourselves on stage', () => {
    assert.equal(stageEndpoint('me', 'me', ['x', 'y']), 'x');
    assert.equal(stageEndpoint('y', 'me', ['x', 'y']), 'y');
    assert.equal(stageEndpoint('gone', 'me', ['x']), 'x');
    assert.equal(stageEndpoint(undefined, 'me', []), undefined);
  });
});

describe('connection quality', () => {
  const sample = (packetsReceived: number, packetsLost: number, framesPerSecond?: number) =>
    ({ packetsReceived, packetsLost, ...(framesPerSecond !== undefined ? { framesPerSecond } : {}) });

  it('needs two samples', () => {
    assert.equal(quality({ before: undefined, now: sample(100, 0), videoMuted: false }), 'unknown');
  });

  it('grades loss, round-trip time and frame rate', () => {
    assert.equal(quality({ before: sample(0, 0), now: sample(100, 0, 30), rttMs: 20, videoMuted: false }), 'good');
    assert.equal(quality({ before: sample(0, 0), now: sample(95, 5, 30), videoMuted: false }), 'fair');
    assert.equal(quality({ before: sample(0, 0), now: sample(80, 20, 30), videoMuted: false }), 'poor');
    assert.equal(quality({ before: sample(0, 0), now: sample(100, 0, 30), rttMs: 600, videoMuted: false }), 'poor');
    assert.equal(quality({ before: sample(0, 0), now: sample(100, 0, 5), videoMuted: false }), 'fair');
    assert.equal(quality({ before: sample(0, 0), now: sample(100, 0, 5), videoMuted: true }), 'good', 'a muted camera sends few frames');
    assert.equal(quality({ before: sample(100, 0), now: sample(100, 0), videoMuted: true }), 'poor', 'nothing arrives');
  });
});

describe('tiles', () => {
  const media = (name: string, owner: string, kind: string, videoType?: string): ReceivedMedia<string> =>
    ({ source: { name, owner, media: kind, ...(videoType ? { videoType } : {}) }, track: `track:${name}` });

  it('shows ourselves first, then each participant with mute state from SourceInfo, then screen shares', () => {
    const tiles = tileModels(
      { id: 'me', name: 'Me', audioMuted: false, videoMuted: false, camera: 'cam' },
      [
        { id: 'a', name: 'Ada', sourceInfo: { 'a-a0': { muted: false }, 'a-v0': { muted: true, videoType: 'camera' } } },
        { id: 'b', sourceInfo: { 'b-a0': { muted: false }, 'b-v0': { muted: false }, 'b-v1': { muted: false, videoType: 'desktop' } } },
      ],
      [media('a-a0', 'a', 'audio'), media('a-v0', 'a', 'video', 'camera'), media('b-v0', 'b', 'video'), media('b-v1', 'b', 'video')],
    );
    assert.deepEqual(tiles.map((t) => [t.key, t.name, t.audioMuted, t.videoMuted, t.track ?? null]), [
      ['me', 'Me (you)', false, false, 'cam'],
      ['a', 'Ada', false, true, 'track:a-v0'],
      ['b', 'b', false, false, 'track:b-v0'],
      ['b-v1', 'b (screen)', true, false, 'track:b-v1'],
    ]);
  });

  it('counts sources without SourceInfo as muted and hides muted screen shares', () => {
    const tiles = tileModels({ id: 'me', name: 'Me', audioMuted: true, videoMuted: false }, [
      { id: 'a', name: 'Ada', sourceInfo: { 'a-v1': { muted: true, videoType: 'desktop' } } },
    ], [media('a-v1', 'a', 'video', 'desktop')]);
    assert.deepEqual(tiles.map((t) => [t.key, t.audioMuted, t.videoMuted]), [['me', true, true], ['a', true, true]]);
  });

  it('adds our own screen share as a tile', () => {
    const tiles = tileModels({ id: 'me', name: 'Me', audioMuted: false, videoMuted: false, screen: 's' }, [], []);
    assert.deepEqual(tiles.map((t) => [t.key, t.screen]), [['me', false], ['me-v1', true]]);
  });

  it('publishes our SourceInfo per sent source', () => {
    assert.deepEqual(ownSourceInfo('me', { audio: { muted: true }, video: { muted: false }, screen: true }), {
      'me-a0': { muted: true },
      'me-v0': { muted: false, videoType: 'camera' },
      'me-v1': { muted: false, videoType: 'desktop' },
    });
    assert.deepEqual(ownSourceInfo('me', { screen: false }), {});
  });
});

describe('getStats reader', () => {
  const report = new Map<string, Record<string, unknown>>([
    ['v', { type: 'inbound-rtp', kind: 'video', trackIdentifier: 't1', packetsReceived: 100, packetsLost: 2, framesDecoded: 50, framesPerSecond: 30 }],
    ['a', { type: 'inbound-rtp', kind: 'audio', trackIdentifier: 't2', packetsReceived: 200, packetsLost: 1, totalAudioEnergy: 0.5, audioLevel: 0.2 }],
    ['x', { type: 'inbound-rtp', kind: 'video', trackIdentifier: 'unknown', packetsReceived: 9 }],
    ['p', { type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.012 }],
  ]) as unknown as RTCStatsReport;
  const sources = new Map([['t1', { name: 'a-v0', owner: 'a' }], ['t2', { name: 'a-a0', owner: 'a' }]]);

  it('labels inbound streams with their source and reads the round-trip time', () => {
    const snapshot = readStats(report, sources);
    assert.deepEqual(snapshot.tracks.map((t) => [t.source, t.framesDecoded, t.totalAudioEnergy]), [['a-v0', 50, 0], ['a-a0', 0, 0.5]]);
    assert.equal(snapshot.rttMs, 12);
    assert.deepEqual(samplesByOwner(snapshot.tracks).get('a'), { packetsReceived: 300, packetsLost: 3, framesPerSecond: 30 });
    assert.equal(audioLevels(snapshot.tracks).get('a'), 0.2);
    assert.equal(snapshot.localCandidateType, undefined);
  });

  it('names the local candidate type of the selected pair of the transport', () => {
    const relayed = new Map<string, Record<string, unknown>>([
      ['T', { id: 'T', type: 'transport', selectedCandidatePairId: 'P2' }],
      ['P1', { id: 'P1', type: 'candidate-pair', localCandidateId: 'L1' }],
      ['P2', { id: 'P2', type: 'candidate-pair', localCandidateId: 'L2' }],
      ['L1', { id: 'L1', type: 'local-candidate', candidateType: 'host' }],
      ['L2', { id: 'L2', type: 'local-candidate', candidateType: 'relay' }],
    ]) as unknown as RTCStatsReport;
    assert.equal(readStats(relayed, sources).localCandidateType, 'relay');
  });
});

describe('failure messages', () => {
  const named = (name: string): Error => Object.assign(new Error('x'), { name });

  it('says what to do for each failing step', () => {
    assert.match(describeFailure('media', named('NotFoundError')), /No camera or microphone/);
    assert.match(describeFailure('media', named('NotAllowedError')), /refused/);
    assert.match(describeFailure('xmpp', new Error('WebSocket ECONNREFUSED')), /XMPP server is unreachable/);
    assert.match(describeFailure('conference', new IQError('timeout', undefined)), /focus\) is not answering/);
    assert.match(describeFailure('conference', new IQError('not-allowed', undefined)), /not allowed/);
    assert.match(describeFailure('room', new Error('cannot join the room: service-unavailable')), /room is full/);
    assert.match(describeFailure('room', new Error('cannot join the room: forbidden')), /not allowed to join/);
    assert.match(describeFailure('bridge'), /videobridge is unreachable/);
    assert.match(describeFailure('login', new LoginCancelled()), /did not sign in/);
    assert.match(describeFailure('login', new LoginRequired()), /does not let guests in/);
    assert.match(describeFailure('login', named('SASLError')), /did not accept the user name and password/);
    assert.match(describeFailure('reconnecting'), /lost; reconnecting/);
  });
});
