#!/usr/bin/env python3
"""Writes the audio-level traces the dominant-speaker tests replay (DominantSpeakerTests).

Each trace is a CSV of `time_ms,endpoint,dbov`: one line per audio packet an endpoint sent, every 20 ms with up to
4 ms of arrival jitter, carrying the RFC 6464 level (0 = loudest, 127 = silence). Levels are synthesised from a
fixed seed, so running this again writes the same files:

* speech: syllables of 120-260 ms at -22..-34 dBov, separated by 40-60 ms valleys at -38..-45 dBov, and about once
  a second a 60-100 ms pause between words at the speaker's noise level;
* a quiet microphone: -64..-74 dBov; a noisy one (fan, street): -40..-46 dBov;
* a cough: -8..-14 dBov for the given span;
* muted or DTX: no packets at all (an endpoint may also send digital silence, 127).

Run: python3 make_traces.py   (from this folder)
"""
import random

FRAME_MS = 20


def speech(rng):
    """Endless speech levels, one per frame."""
    while True:
        for _ in range(rng.randint(3, 6)):  # syllables until the next pause between words
            for _ in range(rng.randint(6, 13)):
                yield rng.randint(22, 34)
            for _ in range(rng.randint(2, 3)):
                yield rng.randint(38, 45)
        for _ in range(rng.randint(3, 5)):
            yield rng.randint(64, 74)


def constant(rng, low, high):
    while True:
        yield rng.randint(low, high)


def write(name, duration_ms, endpoints, seed):
    """endpoints: id -> list of (start_ms, end_ms, kind); kind is 'speech', 'quiet', 'noisy', 'cough', 'silence'
    (level 127) or 'none' (no packets). Frames outside every span are quiet."""
    rng = random.Random(seed)
    rows = []
    for endpoint, spans in endpoints.items():
        sources = {
            'speech': speech(rng), 'quiet': constant(rng, 64, 74), 'noisy': constant(rng, 40, 46),
            'cough': constant(rng, 8, 14), 'silence': constant(rng, 127, 127),
        }
        for frame in range(duration_ms // FRAME_MS):
            t = frame * FRAME_MS
            kind = next((k for (start, end, k) in spans if start <= t < end), 'quiet')
            if kind == 'none':
                continue
            rows.append((t + rng.randint(0, 4), endpoint, next(sources[kind])))
    rows.sort()
    with open(name, 'w') as f:
        f.write('# time_ms,endpoint,dbov - written by make_traces.py (seed %d); do not edit by hand\n' % seed)
        for t, endpoint, level in rows:
            f.write('%d,%s,%d\n' % (t, endpoint, level))


# A speaks, stops; B takes over; C is a quiet listener.
write('takeover.csv', 8000, {
    'a': [(500, 4000, 'speech')],
    'b': [(4000, 8000, 'speech')],
    'c': [],
}, seed=1)

# A speaks throughout, with one pause; B coughs twice while A speaks and once in A's pause.
write('cough.csv', 7000, {
    'a': [(500, 3000, 'speech'), (3000, 3400, 'quiet'), (3400, 7000, 'speech')],
    'b': [(2000, 2200, 'cough'), (3100, 3300, 'cough'), (5000, 5150, 'cough')],
}, seed=2)

# C sits in a noisy room and never speaks; A speaks for two seconds, then everyone is silent.
write('noise.csv', 8000, {
    'a': [(1000, 3000, 'speech')],
    'b': [],
    'c': [(0, 8000, 'noisy')],
}, seed=3)

# A and B take turns.
write('alternate.csv', 11000, {
    'a': [(500, 3000, 'speech'), (5500, 8000, 'speech')],
    'b': [(3000, 5500, 'speech'), (8000, 10500, 'speech')],
}, seed=4)

# A speaks, then stops sending (DTX); B sends digital silence; C a quiet microphone. Nobody speaks after 2.5 s.
write('silence.csv', 9000, {
    'a': [(500, 2500, 'speech'), (2500, 9000, 'none')],
    'b': [(0, 9000, 'silence')],
    'c': [],
}, seed=5)
