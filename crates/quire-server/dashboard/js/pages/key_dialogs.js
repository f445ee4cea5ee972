// The dialogs of the API Keys page: create a key, rotate a key; both end by showing the new key once.

import { api } from '../api.js';
import { h, nextId, replace } from '../dom.js';
import { dialogForm, openDialog, secretPanel } from '../dialogs.js';
import { SCOPES } from '../format.js';

const GRACE_PERIODS = [
  { seconds: 0, label: 'None: the old key stops working now' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86400, label: '24 hours', selected: true },
  { seconds: 7 * 86400, label: '7 days' },
];

/**
 * Swaps a dialog's form for the new key and a Done button. From then on the dialog answers the key without
 * its secret however it is closed (Done, ×, Escape), so the list is refreshed either way.
 */
function showSecret(container, created, close, note) {
  if (container.isConnected) {
    fillSecret(container, created, close, note);
    return;
  }
  // The dialog was closed while the key was being made (a browser may insist on Escape): show the key in a new
  // dialog rather than lose it.
  openDialog({
    title: `“${created.name}” was created`,
    render: (again) => {
      const next = h('div');
      fillSecret(next, created, again, note);
      return next;
    },
  });
}

function fillSecret(container, created, close, note) {
  const { key: secret, ...withoutSecret } = created;
  close.fallback(withoutSecret);
  replace(container,
    note ? h('p', { class: 'dialog-message', text: note }) : null,
    secretPanel(secret),
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'button secondary', onClick: () => close(withoutSecret) }, 'Done')));
  container.querySelector('[data-testid="copy-key"]')?.focus();
}

/** The end of the chosen local day, as an ISO timestamp. */
function endOfDay(date) {
  return new Date(`${date}T23:59:59`).toISOString();
}

function tomorrow() {
  const d = new Date(Date.now() + 86400000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A `YYYY-MM-DD` date input value for an ISO timestamp, in local time. */
function dateValue(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The fields a key is made of: name, permissions, expiration date, own rate limit and monthly quota. */
function keyFields(key) {
  const nameId = nextId('key-name');
  const expiryId = nextId('key-expiry');
  const expiryHelp = nextId('key-expiry-help');
  const limitId = nextId('key-limit');
  const limitHelp = nextId('key-limit-help');
  const quotaId = nextId('key-quota');
  const quotaHelp = nextId('key-quota-help');
  const granted = key?.permissions ?? ['documents:generate'];
  return [
    h('div', { class: 'field' },
      h('label', { for: nameId, class: 'label' }, 'Name'),
      h('input', { id: nameId, name: 'name', required: true, maxlength: 100, placeholder: 'e.g. Billing service', value: key?.name, autofocus: true })),
    h('fieldset', { class: 'field permissions' },
      h('legend', { class: 'label' }, 'Permissions'),
      h('div', { class: 'checkbox-grid' }, SCOPES.map((scope) => {
        const id = nextId('scope');
        return h('div', { class: 'checkbox' },
          h('input', { type: 'checkbox', id, name: 'permissions', value: scope.value, checked: granted.includes(scope.value) }),
          h('label', { for: id },
            h('span', { class: 'checkbox-label', text: scope.label }),
            h('span', { class: 'help', text: scope.help })));
      }))),
    h('div', { class: 'field-row' },
      h('div', { class: 'field' },
        h('label', { for: expiryId, class: 'label' }, 'Expiration date ', h('span', { class: 'optional' }, '(optional)')),
        h('input', { id: expiryId, name: 'expiresAt', type: 'date', min: tomorrow(), value: dateValue(key?.expiresAt), 'aria-describedby': expiryHelp }),
        h('p', { id: expiryHelp, class: 'help', text: 'The key stops working at the end of this day. Empty: it does not expire.' })),
      h('div', { class: 'field' },
        h('label', { for: limitId, class: 'label' }, 'Rate limit ', h('span', { class: 'optional' }, '(optional)')),
        h('input', {
          id: limitId, name: 'rateLimitPerMinute', type: 'number', min: 1, max: 1000000, inputmode: 'numeric',
          placeholder: 'Server default', value: key?.rateLimitPerMinute ?? null, 'aria-describedby': limitHelp,
        }),
        h('p', { id: limitHelp, class: 'help', text: 'Requests per minute for this key.' })),
      h('div', { class: 'field' },
        h('label', { for: quotaId, class: 'label' }, 'Monthly documents ', h('span', { class: 'optional' }, '(optional)')),
        h('input', {
          id: quotaId, name: 'monthlyDocumentQuota', type: 'number', min: 1, max: 100000000, inputmode: 'numeric',
          placeholder: 'No quota', value: key?.monthlyDocumentQuota ?? null, 'aria-describedby': quotaHelp,
        }),
        h('p', { id: quotaHelp, class: 'help', text: 'Documents per calendar month (UTC), then 429.' }))),
  ];
}

/** The values of `keyFields`, as the API takes them (`null` clears expiration and rate limit). */
function keyValues(form) {
  const expiry = form.elements.expiresAt.value;
  const limit = form.elements.rateLimitPerMinute.value;
  const quota = form.elements.monthlyDocumentQuota.value;
  return {
    name: form.elements.name.value.trim(),
    permissions: [...form.querySelectorAll('input[name="permissions"]:checked')].map((c) => c.value),
    expiresAt: expiry ? endOfDay(expiry) : null,
    rateLimitPerMinute: limit ? Number(limit) : null,
    monthlyDocumentQuota: quota ? Number(quota) : null,
  };
}

/** "Create New API Key": resolves the created key (without its secret shown again) or null. */
export function createKeyDialog(environment) {
  return openDialog({
    title: 'Create New API Key',
    description: `The key will belong to the “${environment.name}” environment and see nothing of any other.`,
    wide: true,
    render: (close) => {
      const container = h('div');
      container.append(dialogForm({
        fields: keyFields(null),
        submitLabel: 'Create key',
        close,
        onSubmit: async (form) => {
          const { expiresAt, rateLimitPerMinute, monthlyDocumentQuota, ...rest } = keyValues(form);
          const created = await api('POST', '/api/v1/api-keys', {
            environmentId: environment.id,
            ...rest,
            ...(expiresAt ? { expiresAt } : {}),
            ...(rateLimitPerMinute ? { rateLimitPerMinute } : {}),
            ...(monthlyDocumentQuota ? { monthlyDocumentQuota } : {}),
          });
          showSecret(container, created, close, `“${created.name}” is ready.`);
        },
      }));
      return container;
    },
  });
}

/** Edit a key's name, permissions, expiration and rate limit: resolves the updated key or null. */
export function editKeyDialog(key) {
  return openDialog({
    title: `Edit “${key.name}”`,
    description: 'Changes apply to the next request made with this key; its secret stays the same.',
    wide: true,
    render: (close) => {
      return dialogForm({
        fields: keyFields(key),
        submitLabel: 'Save changes',
        close,
        onSubmit: async (form) => {
          const values = keyValues(form);
          // An unchanged past date would be refused as "must be in the future": send expiration only when edited.
          if (dateValue(key.expiresAt) === form.elements.expiresAt.value) delete values.expiresAt;
          close(await api('PATCH', `/api/v1/api-keys/${key.id}`, values));
        },
      });
    },
  });
}

/** Rotate with a grace period: resolves the new key or null. */
export function rotateKeyDialog(key) {
  return openDialog({
    title: `Rotate “${key.name}”`,
    description: 'Rotation issues a new secret with the same name and permissions. The old secret keeps working for the grace period you choose, so you can deploy the new one first.',
    render: (close) => {
      const container = h('div');
      const graceId = nextId('grace');
      container.append(dialogForm({
        fields: h('div', { class: 'field' },
          h('label', { for: graceId, class: 'label' }, 'Grace period for the old key'),
          h('select', { id: graceId, name: 'gracePeriodSeconds', 'data-testid': 'grace-period' },
            GRACE_PERIODS.map((g) => h('option', { value: g.seconds, selected: g.selected ?? false }, g.label)))),
        submitLabel: 'Rotate key',
        close,
        onSubmit: async (form) => {
          const gracePeriodSeconds = Number(form.elements.gracePeriodSeconds.value);
          const created = await api('POST', `/api/v1/api-keys/${key.id}/rotate`, { gracePeriodSeconds });
          showSecret(container, created, close, gracePeriodSeconds === 0
            ? 'The old key no longer works. Use this new key from now on.'
            : 'The old key keeps working until its grace period ends. Deploy this new key before then.');
        },
      }));
      return container;
    },
  });
}
