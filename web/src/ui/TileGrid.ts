// The tile grid: one <figure> per TileModel (video, name, mute and quality indicators) plus one hidden <audio>
// per remote audio track. Reconciled by key after every change, so playing elements are never recreated.
import { gridColumns, stageColumns, useStage } from './Layout.js';
import { QUALITY_LABEL, type Quality } from './Quality.js';
import type { TileModel } from './Tiles.js';

interface TileElements {
  root: HTMLElement;
  video: HTMLVideoElement;
  caption: HTMLElement;
  audioMuted: HTMLElement;
  videoMuted: HTMLElement;
  quality: HTMLElement;
}

export class TileGrid {
  private readonly tiles = new Map<string, TileElements>();
  private readonly audios = new Map<string, HTMLAudioElement>();

  constructor(private readonly container: HTMLElement, private readonly audioContainer: HTMLElement) {}

  /** Shows `models`; `stage` is the key of the tile to enlarge, when stage view is on. */
  update(models: TileModel<MediaStreamTrack>[], stage: string | undefined, quality: ReadonlyMap<string, Quality>): void {
    const keys = new Set(models.map((m) => m.key));
    for (const [key, el] of this.tiles) {
      if (!keys.has(key)) {
        el.root.remove();
        this.tiles.delete(key);
      }
    }
    const staged = useStage(stage !== undefined, models.length) ? stage : undefined;
    this.container.dataset.layout = staged ? 'stage' : 'grid';
    this.container.style.setProperty('--columns', String(staged ? stageColumns(models.length) : gridColumns(models.length)));
    models.forEach((model, index) => {
      const el = this.tiles.get(model.key) ?? this.create(model.key);
      el.root.style.order = String(model.key === staged ? -1 : index);
      el.root.classList.toggle('on-stage', model.key === staged);
      this.show(el, model, quality.get(model.owner) ?? 'unknown');
    });
  }

  /** Plays every remote audio track in its own <audio> element, keyed by source name. */
  updateAudio(tracks: ReadonlyMap<string, MediaStreamTrack>): void {
    for (const [name, audio] of this.audios) {
      if (!tracks.has(name)) {
        audio.remove();
        this.audios.delete(name);
      }
    }
    for (const [name, track] of tracks) {
      let audio = this.audios.get(name);
      if (!audio) {
        audio = document.createElement('audio');
        audio.autoplay = true;
        audio.dataset.source = name;
        this.audioContainer.append(audio);
        this.audios.set(name, audio);
      }
      setTrack(audio, track);
    }
  }

  private show(el: TileElements, model: TileModel<MediaStreamTrack>, quality: Quality): void {
    el.root.dataset.owner = model.owner;
    el.root.dataset.screen = String(model.screen);
    el.root.setAttribute('aria-label', model.name);
    el.caption.textContent = model.name;
    setTrack(el.video, model.videoMuted ? undefined : model.track);
    el.video.hidden = model.videoMuted || !model.track;
    // Our own camera is shown mirrored, as people expect of a self view.
    el.video.classList.toggle('mirrored', model.local && !model.screen);
    el.audioMuted.hidden = model.screen || !model.audioMuted;
    el.videoMuted.hidden = model.screen || !model.videoMuted;
    // One dot per person: on the camera tile, not on the screen share.
    el.quality.hidden = model.local || model.screen;
    el.quality.dataset.quality = quality;
    el.quality.title = QUALITY_LABEL[quality];
    el.quality.setAttribute('aria-label', QUALITY_LABEL[quality]);
  }

  private create(key: string): TileElements {
    const root = document.createElement('figure');
    root.className = 'tile';
    root.dataset.key = key;
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    // Sound comes from the <audio> elements; a muted video element may always autoplay.
    video.muted = true;
    const caption = document.createElement('figcaption');
    const indicators = document.createElement('div');
    indicators.className = 'indicators';
    const audioMuted = indicator('audio-muted', 'microphone muted', 'mic off');
    const videoMuted = indicator('video-muted', 'camera off', 'cam off');
    const quality = indicator('quality', QUALITY_LABEL.unknown, '●');
    indicators.append(audioMuted, videoMuted, quality);
    root.append(video, caption, indicators);
    this.container.append(root);
    const el = { root, video, caption, audioMuted, videoMuted, quality };
    this.tiles.set(key, el);
    return el;
  }
}

function indicator(kind: string, label: string, symbol: string): HTMLElement {
  const span = document.createElement('span');
  span.className = `indicator ${kind}`;
  span.setAttribute('role', 'img');
  span.setAttribute('aria-label', label);
  span.title = label;
  span.textContent = symbol;
  return span;
}

/** Sets an element's track; a reused m-line keeps its receiver track, so compare tracks, not names. */
function setTrack(media: HTMLMediaElement, track: MediaStreamTrack | undefined): void {
  const current = (media.srcObject as MediaStream | null)?.getTracks()[0];
  if (current === track) return;
  media.srcObject = track ? new MediaStream([track]) : null;
}
