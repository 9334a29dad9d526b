"""A second, independent WebRTC peer for the bridge's media tests, built on Debian's python3-aiortc.

Protocol on stdin/stdout, one JSON object per line:
  in:  {"offer": "<SDP>", "seconds": <how long to run>}
  out: {"answer": "<SDP>"}                      once the answer is ready (candidates included)
  out: {"frames": n, "audio_frames": m, "state": "<ice state>"}   about every 0.5 s
  out: {"done": true, "frames": n, "audio_frames": m}
It sends aiortc's synthetic video and audio, and counts the frames it decodes from the bridge.
Must run with /usr/bin/python3 (Debian's interpreter, which has the modules).
"""
import asyncio
import json
import sys

import aioice.ice

# aioice leaves 127.0.0.1 out of its host candidates; the tests talk over loopback only.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"] if use_ipv4 else []

from aiortc import RTCPeerConnection, RTCSessionDescription  # noqa: E402
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError, VideoStreamTrack  # noqa: E402


def emit(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def count_frames(track, counters, key):
    while True:
        try:
            await track.recv()
        except MediaStreamError:
            return
        except Exception as error:  # noqa: BLE001 - report, do not hide, a decoder failure
            sys.stderr.write(f"{key}: {error!r}\n")
            return
        counters[key] += 1


async def main():
    request = json.loads(sys.stdin.readline())
    pc = RTCPeerConnection()
    counters = {"frames": 0, "audio_frames": 0}
    tasks = []

    @pc.on("track")
    def on_track(track):
        key = "frames" if track.kind == "video" else "audio_frames"
        tasks.append(asyncio.ensure_future(count_frames(track, counters, key)))

    await pc.setRemoteDescription(RTCSessionDescription(sdp=request["offer"], type="offer"))
    # addTrack reuses the transceiver the offer created for each kind and makes it send as well as receive.
    for kind in sorted({t.kind for t in pc.getTransceivers()}):
        pc.addTrack(VideoStreamTrack() if kind == "video" else AudioStreamTrack())
    answer = await pc.createAnswer()
    await pc.setLocalDescription(answer)
    emit({"answer": pc.localDescription.sdp})

    deadline = asyncio.get_event_loop().time() + float(request.get("seconds", 10))
    while asyncio.get_event_loop().time() < deadline:
        await asyncio.sleep(0.5)
        emit({"frames": counters["frames"], "audio_frames": counters["audio_frames"], "state": pc.iceConnectionState})
    emit({"done": True, "frames": counters["frames"], "audio_frames": counters["audio_frames"]})
    for task in tasks:
        task.cancel()
    await pc.close()


asyncio.run(main())
