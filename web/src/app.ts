// The page's entry: the join page, then one meeting, then a "you left" notice. Also exposes `window.jitsiNet`
// so end-to-end tests can read what the page receives without scraping the DOM.
import { JoinPage } from './ui/JoinPage.js';
import { JoinFailure, Meeting, type MeetingConfig } from './ui/Meeting.js';
import type { RemoteTrackStats } from './ui/MediaStats.js';

declare global {
  interface Window {
    jitsiNetConfig: MeetingConfig;
    jitsiNet?: {
      endpointId: string;
      stats(): Promise<RemoteTrackStats[]>;
      /** Remote <audio> elements: which source each plays and whether it is playing. */
      audio(): Array<{ source: string; playing: boolean }>;
      /** Shares a track as the screen (tests without a display to capture). */
      shareTrack(track: MediaStreamTrack): Promise<void>;
      /** Caps the height of every received video (undefined: the layout decides); `?maxHeight=180` sets it at join. */
      setMaxHeight(height: number | undefined): void;
    };
  }
}

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
};
const status = (text: string): void => { $('status').textContent = text; };
const alert = (text: string): void => {
  const el = $('alert');
  el.textContent = text;
  el.hidden = !text;
};

/** `?video=180` asks the camera for 320×180 (small video for tests and weak machines); the default is 720p. */
function videoSize(): { width?: number; height: number } {
  const height = Number(new URLSearchParams(location.search).get('video'));
  return height > 0 ? { width: Math.round((height * 16) / 9), height } : { height: 720 };
}

async function main(): Promise<void> {
  const join = new JoinPage({
    form: $('join'), room: $('room'), name: $('name'), camera: $('camera'), microphone: $('microphone'), preview: $('preview'), alert,
  }, videoSize());
  const room = new URLSearchParams(location.search).get('room');
  if (room) ($('room') as HTMLInputElement).value = room;
  void join.startPreview();
  for (;;) {
    const choice = await join.submitted();
    alert('');
    try {
      const meeting = await Meeting.join(window.jitsiNetConfig, choice.room, choice.name, choice.stream, {
        tiles: $('tiles'), audio: $('remote-audio'), participants: $('participants'), chatLog: $('chat-log'),
        chatForm: $('chat-form'), chatInput: $('chat-input'), audioButton: $('toggle-audio'), videoButton: $('toggle-video'),
        screenButton: $('toggle-screen'), stageButton: $('toggle-stage'), leaveButton: $('leave'), status, alert,
      });
      window.jitsiNet = {
        endpointId: meeting.endpointId,
        stats: async () => (await meeting.stats()).tracks,
        audio: () => [...document.querySelectorAll<HTMLAudioElement>('#remote-audio audio')]
          .map((a) => ({ source: a.dataset.source ?? '', playing: !a.paused && a.readyState >= 2 && a.currentTime > 0 })),
        shareTrack: (track) => meeting.shareTrack(track),
        setMaxHeight: (height) => meeting.setMaxHeight(height),
      };
      const maxHeight = Number(new URLSearchParams(location.search).get('maxHeight'));
      if (maxHeight > 0) meeting.setMaxHeight(maxHeight);
      $('join-page').hidden = true;
      $('meeting').hidden = false;
      $('toggle-audio').focus();
      window.addEventListener('pagehide', () => meeting.leave());
      await meeting.ended;
      $('meeting').hidden = true;
      $('join-page').hidden = false;
      status('You left the meeting.');
      window.jitsiNet = undefined;
      // The camera was released on leave; show a fresh preview for the next join.
      join.setDisabled(false);
      void join.startPreview();
    } catch (error) {
      status('');
      alert(error instanceof JoinFailure ? error.message : `Could not join: ${error instanceof Error ? error.message : String(error)}`);
      join.setDisabled(false);
      // The stream was handed over; start a new preview so the next try has media.
      choice.stream?.getTracks().forEach((t) => t.stop());
      void join.startPreview();
    }
  }
}

void main();
