// The OAuth consent page (`/dashboard/authorize?…`, reached from `/oauth/authorize`): which app asks, who
// registered it, what it may do; the user picks the environment and allows or denies.

import { api } from '../api.js';
import { h, nextId } from '../dom.js';
import { busy, showFormError } from '../dialogs.js';

function card(...children) {
  return h('main', { id: 'content', class: 'auth-page' },
    h('div', { class: 'auth-card consent' },
      h('div', { class: 'brand large' }, h('img', { src: '/dashboard/assets/favicon.svg', alt: '', width: 36, height: 36 }), 'Quire'),
      children));
}

/** The request's parameters, as the client sent them. */
function requestParams() {
  return Object.fromEntries(new URLSearchParams(location.search));
}

/** The page for the request in the URL. */
export async function render() {
  let details;
  try {
    details = await api('GET', `/api/oauth/authorize${location.search}`);
  } catch (error) {
    return card(h('h1', { id: 'consent-title', text: 'This app cannot be authorized' }),
      h('p', { class: 'callout error', role: 'alert', 'data-testid': 'consent-error', text: error.message }),
      h('p', { class: 'muted' }, 'Tell the app’s developer; nothing was shared.'));
  }
  if (details.redirectTo) {
    location.assign(details.redirectTo);
    return card(h('h1', { id: 'consent-title', text: 'Returning to the app…' }));
  }
  const envId = nextId('field');
  const form = h('form', { class: 'form', 'aria-labelledby': 'consent-title', 'data-testid': 'consent-form' },
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true }),
    h('div', { class: 'field' },
      h('label', { for: envId, class: 'label' }, 'Environment the app works in'),
      h('select', { id: envId, name: 'environment', required: true, 'data-testid': 'consent-environment' },
        details.environments.map((e) => h('option', { value: e.id, text: e.name })))),
    h('div', { class: 'consent-actions' },
      h('button', { type: 'submit', name: 'decision', value: 'deny', class: 'button secondary', 'data-testid': 'consent-deny' }, 'Deny'),
      h('button', { type: 'submit', name: 'decision', value: 'allow', class: 'button primary', 'data-testid': 'consent-allow' }, 'Allow')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const decision = event.submitter?.value === 'allow' ? 'allow' : 'deny';
    busy(form, async () => {
      try {
        const answer = await api('POST', '/api/oauth/authorize',
          { ...requestParams(), decision, environmentId: form.elements.environment.value });
        location.assign(answer.redirectTo);
      } catch (error) {
        showFormError(form, error);
      }
    });
  });
  const registrant = details.registeredBy ? `${details.registeredBy.name} (${details.registeredBy.email})` : 'an unknown user';
  return card(
    h('h1', { id: 'consent-title' }, 'Authorize ', h('span', { 'data-testid': 'consent-app', text: details.app.name })),
    h('p', { class: 'muted' }, 'This app was registered in ', h('strong', { text: details.project?.name ?? '' }),
      ' by ', h('span', { 'data-testid': 'consent-registrant', text: registrant }), '.'),
    h('h2', { class: 'consent-subtitle' }, 'It asks to act for you and:'),
    h('ul', { class: 'consent-scopes', 'data-testid': 'consent-scopes' },
      details.scopes.map((s) => h('li', {}, h('strong', { text: s.label }), ' ', h('code', { class: 'mono', text: s.name })))),
    h('p', { class: 'help' }, 'It can never do more than your own role allows. You can revoke access any time under “Apps”.'),
    form);
}
