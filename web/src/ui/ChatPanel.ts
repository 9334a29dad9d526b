// The room's text chat (MUC groupchat): a log of messages with the sender's display name, and a send form.
import type { ChatMessage } from '../xmpp/MucRoom.js';

export class ChatPanel {
  constructor(private readonly log: HTMLElement, form: HTMLFormElement, input: HTMLInputElement, send: (text: string) => void) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      send(text);
      input.value = '';
    });
  }

  add(message: ChatMessage, senderName: string): void {
    const item = document.createElement('li');
    if (message.delayed) item.classList.add('history');
    const who = document.createElement('strong');
    who.textContent = `${senderName}: `;
    item.append(who, document.createTextNode(message.text));
    this.log.append(item);
    item.scrollIntoView({ block: 'nearest' });
  }
}
