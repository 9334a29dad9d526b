// The join page: room and display name, a camera preview, and the choice of camera and microphone. The
// preview's stream is the one the meeting sends, so the browser asks for permission once.
import { describeFailure } from './Failure.js';

export interface JoinChoice {
  room: string;
  name: string;
  stream?: MediaStream;
}

export interface JoinPageElements {
  form: HTMLFormElement;
  room: HTMLInputElement;
  name: HTMLInputElement;
  camera: HTMLSelectElement;
  microphone: HTMLSelectElement;
  preview: HTMLVideoElement;
  alert: (text: string) => void;
}

export class JoinPage {
  private stream?: MediaStream;

  constructor(private readonly el: JoinPageElements, private readonly videoSize: { width?: number; height: number }) {
    el.camera.addEventListener('change', () => { void this.startPreview(); });
    el.microphone.addEventListener('change', () => { void this.startPreview(); });
  }

  /** Starts the preview with the chosen devices; on failure says why and leaves the page usable without media. */
  async startPreview(): Promise<void> {
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = undefined;
    const device = (select: HTMLSelectElement): ConstrainDOMString | undefined => (select.value ? { exact: select.value } : undefined);
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: device(this.el.microphone) ? { deviceId: device(this.el.microphone)! } : true,
        video: { ...(device(this.el.camera) ? { deviceId: device(this.el.camera)! } : {}), height: this.videoSize.height, ...(this.videoSize.width ? { width: this.videoSize.width } : {}) },
      });
    } catch (error) {
      this.el.alert(describeFailure('media', error));
      return;
    }
    this.el.preview.srcObject = this.stream;
    await this.listDevices();
  }

  /** Resolves with the form's values once it is submitted; the preview stream goes to the meeting. */
  submitted(): Promise<JoinChoice> {
    return new Promise((resolve) => {
      this.el.form.addEventListener('submit', (event) => {
        event.preventDefault();
        this.setDisabled(true);
        const stream = this.stream;
        this.stream = undefined;
        resolve({ room: this.el.room.value.trim(), name: this.el.name.value.trim(), ...(stream ? { stream } : {}) });
      }, { once: true });
    });
  }

  setDisabled(disabled: boolean): void {
    for (const el of this.el.form.elements) (el as HTMLInputElement).disabled = disabled;
  }

  /** Device labels are only readable after permission was granted, so list them after the first preview. */
  private async listDevices(): Promise<void> {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const fill = (select: HTMLSelectElement, kind: MediaDeviceKind, track: MediaStreamTrack | undefined): void => {
      const current = track?.getSettings().deviceId ?? select.value;
      select.replaceChildren(...devices.filter((d) => d.kind === kind).map((d, i) => {
        const option = new Option(d.label || `${kind === 'videoinput' ? 'Camera' : 'Microphone'} ${i + 1}`, d.deviceId);
        option.selected = d.deviceId === current;
        return option;
      }));
    };
    fill(this.el.camera, 'videoinput', this.stream?.getVideoTracks()[0]);
    fill(this.el.microphone, 'audioinput', this.stream?.getAudioTracks()[0]);
  }
}
