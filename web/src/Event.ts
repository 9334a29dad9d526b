/** A typed event with any number of listeners; a throwing listener does not stop the others. */
export class Event<T> {
  private listeners: Array<(value: T) => void> = [];

  on(listener: (value: T) => void): () => void {
    this.listeners.push(listener);
    return () => { this.listeners = this.listeners.filter((l) => l !== listener); };
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        console.error(error);
      }
    }
  }
}
