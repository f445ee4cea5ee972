// Sign in and create account.

import { session } from '../api.js';
import { h, nextId } from '../dom.js';
import { busy, showFormError } from '../dialogs.js';

function field(label, attrs, help) {
  const id = nextId('field');
  const helpId = help ? nextId('help') : null;
  return h('div', { class: 'field' },
    h('label', { for: id, class: 'label' }, label),
    h('input', { id, 'aria-describedby': helpId, ...attrs }),
    help ? h('p', { id: helpId, class: 'help', text: help }) : null);
}

/** The sign-in (`mode` "signin") or sign-up ("signup") page. */
export function render(mode, { onSignedIn, navigate }) {
  const signingUp = mode === 'signup';
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'auth-title' },
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true }),
    signingUp ? field('Name', { name: 'name', autocomplete: 'name', required: true, maxlength: 100 }) : null,
    field('Email', { name: 'email', type: 'email', autocomplete: 'email', required: true }),
    field('Password', {
      name: 'password', type: 'password', required: true,
      autocomplete: signingUp ? 'new-password' : 'current-password', minlength: signingUp ? 8 : null,
    }, signingUp ? 'At least 8 characters.' : null),
    h('button', { type: 'submit', class: 'button primary block' }, signingUp ? 'Create account' : 'Sign in'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      const { email, password } = form.elements;
      try {
        if (signingUp) await session.signUp(form.elements.name.value, email.value, password.value);
        else await session.signIn(email.value, password.value);
        await onSignedIn();
      } catch (error) {
        showFormError(form, error);
      }
    });
  });
  const switchLink = (path, text) => h('a', {
    href: `/dashboard/${path}`,
    onClick: (event) => { event.preventDefault(); navigate(path); },
  }, text);
  return h('main', { id: 'content', class: 'auth-page' },
    h('div', { class: 'auth-card' },
      h('div', { class: 'brand large' }, h('img', { src: '/dashboard/assets/favicon.svg', alt: '', width: 36, height: 36 }), 'Quire'),
      h('h1', { id: 'auth-title', text: signingUp ? 'Create your account' : 'Sign in to your dashboard' }),
      h('p', { class: 'muted', text: signingUp
        ? 'Your account comes with a personal project and a production environment.'
        : 'Manage API keys, members and activity of your projects.' }),
      form,
      h('p', { class: 'auth-switch' }, signingUp
        ? ['Already have an account? ', switchLink('signin', 'Sign in')]
        : ['New here? ', switchLink('signup', 'Create an account')])));
}
