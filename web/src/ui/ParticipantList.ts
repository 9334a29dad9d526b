// The people in the meeting, by display name, with their microphone and camera state in words.
import type { TileModel } from './Tiles.js';

export class ParticipantList {
  constructor(private readonly list: HTMLElement) {}

  update(tiles: readonly TileModel<unknown>[]): void {
    this.list.replaceChildren(...tiles.filter((t) => !t.screen).map((t) => {
      const item = document.createElement('li');
      item.dataset.owner = t.owner;
      const state = [t.audioMuted ? 'muted' : '', t.videoMuted ? 'camera off' : ''].filter(Boolean).join(', ');
      item.textContent = state ? `${t.name} — ${state}` : t.name;
      return item;
    }));
  }
}
