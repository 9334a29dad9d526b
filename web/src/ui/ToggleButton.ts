// A two-state control button: `aria-pressed` carries the state, the label says what pressing it does.
// A native <button>, so Enter and Space work and it sits in the tab order.

export class ToggleButton {
  constructor(
    private readonly button: HTMLButtonElement,
    private readonly labels: { off: string; on: string },
    onToggle: (pressed: boolean) => void,
  ) {
    button.addEventListener('click', () => onToggle(!this.pressed));
    this.set(false);
  }

  get pressed(): boolean {
    return this.button.getAttribute('aria-pressed') === 'true';
  }

  set(pressed: boolean): void {
    this.button.setAttribute('aria-pressed', String(pressed));
    const label = pressed ? this.labels.on : this.labels.off;
    this.button.setAttribute('aria-label', label);
    this.button.title = label;
  }

  set disabled(value: boolean) {
    this.button.disabled = value;
  }
}
