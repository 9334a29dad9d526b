// The login form: shown when the XMPP server wants an account (no ANONYMOUS, `login: 'required'`, or an
// `anonymousDomain` that lets the user choose). Labelled inputs, the reason in an alert the screen reader reads,
// and focus on the first field.
import { LoginCancelled, type Credentials } from '../xmpp/Login.js';

export interface LoginElements {
  section: HTMLElement;
  form: HTMLFormElement;
  user: HTMLInputElement;
  password: HTMLInputElement;
  message: HTMLElement;
  guest: HTMLButtonElement;
  cancel: HTMLButtonElement;
}

export class LoginForm {
  constructor(private readonly el: LoginElements) {}

  /** Shows the form with `reason`; resolves with the credentials, or undefined for "join as a guest". */
  ask(reason: string, allowGuest: boolean): Promise<Credentials | undefined> {
    const { section, form, user, password, message, guest, cancel } = this.el;
    message.textContent = reason;
    guest.hidden = !allowGuest;
    password.value = '';
    section.hidden = false;
    (user.value ? password : user).focus();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        section.hidden = true;
        form.removeEventListener('submit', onSubmit);
        guest.removeEventListener('click', onGuest);
        cancel.removeEventListener('click', onCancel);
      };
      const onSubmit = (event: SubmitEvent): void => {
        event.preventDefault();
        done();
        resolve({ username: user.value.trim(), password: password.value });
      };
      const onGuest = (): void => { done(); resolve(undefined); };
      const onCancel = (): void => { done(); reject(new LoginCancelled()); };
      form.addEventListener('submit', onSubmit);
      guest.addEventListener('click', onGuest);
      cancel.addEventListener('click', onCancel);
    });
  }
}
