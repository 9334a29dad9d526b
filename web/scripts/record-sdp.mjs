// Regenerates the recorded Chromium SDP fixtures in test/fixtures/chromium/.
//
// Runs Debian's Chromium headless (switches of DESIGN.md §5, a fresh profile), serves a blank page on
// 127.0.0.1, and drives one RTCPeerConnection through a bridge session built from the session-initiate
// fixture: offer → answer (+ simulcast munging), source-remove, source-add (reusing the freed m-line),
// screen share. The offers carry
// no remote candidates, so the browser sends no connectivity checks anywhere; gathered host candidates are
// rewritten to documentation addresses before they are stored. Bounded: the whole run times out after 60 s.
import { build } from 'esbuild';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'test/fixtures');
const out = join(fixtures, 'chromium');
const deadline = setTimeout(() => { console.error('record-sdp: timed out'); process.exit(1); }, 60_000);

// The translation code under test, bundled for Node.
const libFile = join(root, 'build/record-lib.mjs');
await build({
  stdin: {
    contents: `export * from './src/jingle/index.ts'; export { parseXml } from './src/xmpp/Xml.ts';`,
    resolveDir: root, loader: 'ts',
  },
  outfile: libFile, bundle: true, format: 'esm', platform: 'node', packages: 'external', logLevel: 'warning',
});
const lib = await import(pathToFileURL(libFile).href);

const jingleOf = async (name) => lib.parseXml(await readFile(join(fixtures, name), 'utf8')).getChild('jingle', 'urn:xmpp:jingle:1');
const offer = lib.readBridgeOffer(await jingleOf('session-initiate-json.xml'));
offer.transport.candidates = [];
const remote = new lib.RemoteDescription(offer);
const munger = new lib.SimulcastMunger();

// Only loopback: a blank page from 127.0.0.1 (a secure context, so getUserMedia works).
const server = createServer((_, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><title>sdp</title>'); });
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const profile = await mkdtemp(join(tmpdir(), 'record-sdp-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required'],
});
try {
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(url);
  const version = await page.evaluate(() => navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? 'unknown');

  await page.evaluate(async () => {
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
    window.recording = { pc, stream, candidates: [] };
    pc.onicecandidate = (e) => { if (e.candidate) window.recording.candidates.push(e.candidate.candidate); };
  });

  // One negotiation round: remote offer → answer; local tracks attached to the m-lines named in `send`.
  const negotiate = async (send) => page.evaluate(async ({ sdp, send }) => {
    const { pc, stream } = window.recording;
    await pc.setRemoteDescription({ type: 'offer', sdp });
    for (const t of pc.getTransceivers()) {
      const what = send[t.mid];
      if (!what) continue;
      let track = what === 'desktop' ? window.recording.desktop : stream.getTracks().find((x) => x.kind === what);
      if (what === 'desktop' && !track) {
        const canvas = document.createElement('canvas');
        canvas.width = 1280; canvas.height = 720;
        const draw = () => { const g = canvas.getContext('2d'); g.fillStyle = `hsl(${Date.now() % 360},50%,50%)`; g.fillRect(0, 0, 1280, 720); };
        draw(); setInterval(draw, 100);
        track = window.recording.desktop = canvas.captureStream(10).getVideoTracks()[0];
      }
      await t.sender.replaceTrack(track);
      t.direction = 'sendonly';
      t.sender.setStreams(stream);
    }
    return (await pc.createAnswer()).sdp;
  }, { sdp: remote.toSdp(), send });
  const apply = async (sdp) => page.evaluate(async (sdp) => {
    const { pc } = window.recording;
    await pc.setLocalDescription({ type: 'answer', sdp });
    const started = Date.now();
    while (pc.iceGatheringState !== 'complete' && Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 50));
    return {
      local: pc.localDescription.sdp,
      transceivers: pc.getTransceivers().map((t) => ({ mid: t.mid, direction: t.currentDirection })),
      encodings: Object.fromEntries(pc.getTransceivers().map((t) => [t.mid, t.sender.getParameters().encodings.length])),
    };
  }, sdp);

  const files = {};
  const send = { audio: 'audio', video: 'video' };
  const camera = new Set(['video']);
  files['offer.sdp'] = remote.toSdp();
  const answer = await negotiate(send);
  files['answer.sdp'] = answer;
  const first = await apply(munger.munge(answer, camera));
  files['local-munged.sdp'] = first.local;

  remote.removeSources(lib.readJingleSources(await jingleOf('source-remove-json.xml')));
  files['offer-source-remove.sdp'] = remote.toSdp();
  const second = await apply(munger.munge(await negotiate(send), camera));
  files['local-source-remove.sdp'] = second.local;

  remote.addSources(lib.readJingleSources(await jingleOf('source-add-xml.xml')));
  files['offer-source-add.sdp'] = remote.toSdp();
  const third = await apply(munger.munge(await negotiate(send), camera));
  files['local-source-add.sdp'] = third.local;

  const desktopMid = remote.addLocalSection('video');
  files['offer-screen-share.sdp'] = remote.toSdp();
  const fourth = await apply(munger.munge(await negotiate({ ...send, [desktopMid]: 'desktop' }), camera));
  files['local-screen-share.sdp'] = fourth.local;

  const candidates = await page.evaluate(() => window.recording.candidates);
  const meta = {
    chromium: version,
    desktopMid,
    encodings: { first: first.encodings, screenShare: fourth.encodings },
    transceivers: fourth.transceivers,
    candidates: candidates.map(documentationAddresses),
  };

  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  for (const [name, sdp] of Object.entries(files)) await writeFile(join(out, name), documentationAddresses(sdp));
  await writeFile(join(out, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  console.log(`record-sdp: Chromium ${version}, ${Object.keys(files).length} SDP files, camera encodings ${first.encodings.video}`);
} finally {
  await context.close();
  server.close();
  await rm(profile, { recursive: true, force: true });
  clearTimeout(deadline);
}

// Host addresses of the recording machine are replaced (RFC 5737 / RFC 3849) so fixtures do not depend on it.
function documentationAddresses(text) {
  return text
    .replace(/(candidate:\S+ \d \S+ \d+ )(\S+)/g, (_, head, ip) => head + (ip.startsWith('127.') || ip === '::1' ? ip : ip.includes(':') ? '2001:db8::1' : '192.0.2.10'))
    .replace(/(raddr )(\S+)/g, (_, head, ip) => head + (ip.includes(':') ? '2001:db8::1' : '192.0.2.10'));
}
