// The API Keys page: the current environment's keys with usage, and create, rotate, revoke, reactivate,
// delete.

import { api } from '../api.js';
import { usageChart } from '../chart.js';
import { h } from '../dom.js';
import { confirmDialog, toast } from '../dialogs.js';
import { formatDate, formatDateTime, formatNumber, relativeTime, scopeLabel } from '../format.js';
import { createKeyDialog, editKeyDialog, rotateKeyDialog } from './key_dialogs.js';

const STATUS_LABELS = { active: 'Active', revoked: 'Revoked', expired: 'Expired' };

/** Asks for an environment: keys belong to one, and the page shows only that one's. */
function chooseEnvironment(ctx) {
  const { state } = ctx;
  return h('section', { class: 'card empty-state', 'data-testid': 'choose-environment' },
    h('h2', {}, 'Choose an environment'),
    h('p', { class: 'muted' }, 'API keys belong to one environment and can see nothing of the others. Select the environment whose keys you want to manage.'),
    h('div', { class: 'choice-list' }, state.environments.map((env) => h('button', {
      type: 'button', class: 'choice', 'data-environment': env.name,
      onClick: () => ctx.switchTo({ environmentId: env.id }),
    }, h('span', { class: 'choice-name', text: env.name }), h('span', { class: 'choice-hint' }, 'Manage keys →')))));
}

function statusBadge(key) {
  const rotating = key.status === 'active' && key.rotatedTo;
  return h('div', { class: 'status-cell' },
    h('span', { class: `badge ${key.status}`, 'data-testid': 'key-status' }, STATUS_LABELS[key.status] ?? key.status),
    rotating ? h('span', { class: 'help' }, `Rotated; works until ${formatDateTime(key.graceUntil)}`) : null,
    key.status === 'active' && key.expiresAt ? h('span', { class: 'help' }, `Expires ${formatDate(key.expiresAt)}`) : null,
    key.monthlyDocumentQuota ? h('span', { class: 'help' }, `${formatNumber(key.monthlyDocumentQuota)} documents/month`) : null);
}

async function act(ctx, work, message) {
  try {
    await work();
    toast(message);
  } catch (error) {
    toast(error.message, 'error');
  }
  await ctx.refresh();
}

function actions(ctx, key) {
  const button = (label, onClick, kind = 'secondary') => h('button', {
    type: 'button', class: `button small ${kind}`, onClick, 'aria-label': `${label} ${key.name}`,
  }, label);
  const revoke = async () => {
    const ok = await confirmDialog({
      title: `Revoke “${key.name}”?`,
      message: 'Every request made with this key will be refused at once (on every server). You can reactivate it later.',
      confirmLabel: 'Revoke key', danger: true,
    });
    if (ok) await act(ctx, () => api('POST', `/api/v1/api-keys/${key.id}/revoke`), `“${key.name}” revoked`);
  };
  const reactivate = () => act(ctx, () => api('POST', `/api/v1/api-keys/${key.id}/reactivate`), `“${key.name}” reactivated`);
  const remove = async () => {
    const ok = await confirmDialog({
      title: `Delete “${key.name}”?`,
      message: 'The key is removed for good, with its usage history. This cannot be undone.',
      confirmLabel: 'Delete key', danger: true,
    });
    if (ok) await act(ctx, () => api('DELETE', `/api/v1/api-keys/${key.id}`), `“${key.name}” deleted`);
  };
  const rotate = async () => {
    if (await rotateKeyDialog(key)) {
      toast(`“${key.name}” rotated`);
      await ctx.refresh();
    }
  };
  const edit = async () => {
    if (await editKeyDialog(key)) {
      toast(`“${key.name}” updated`);
      await ctx.refresh();
    }
  };
  return h('div', { class: 'row-actions' },
    button('Edit', edit),
    key.status === 'active' && !key.rotatedTo ? button('Rotate', rotate) : null,
    key.status === 'revoked' ? button('Reactivate', reactivate) : null,
    key.status === 'active' ? button('Revoke', revoke, 'danger-outline') : null,
    button('Delete', remove, 'danger-outline'));
}

function keyRow(ctx, key, usage) {
  const cell = (label, ...content) => h('td', { 'data-label': label }, content);
  return h('tr', { 'data-key-id': key.id, 'data-key-name': key.name },
    h('th', { scope: 'row', 'data-label': 'Name' },
      h('div', { class: 'key-identity' },
        h('span', { class: 'key-name', text: key.name }),
        h('code', { class: 'mono prefix', title: 'Key prefix' }, `${key.prefix}…`))),
    cell('Permissions', h('ul', { class: 'tags' }, key.permissions.map((p) => h('li', { class: 'tag', text: scopeLabel(p) })))),
    cell('Created', h('time', { datetime: key.createdAt, title: formatDateTime(key.createdAt) }, formatDate(key.createdAt))),
    cell('Last used', key.lastUsedAt
      ? h('time', { datetime: key.lastUsedAt, title: formatDateTime(key.lastUsedAt) }, relativeTime(key.lastUsedAt))
      : h('span', { class: 'muted' }, 'Never')),
    cell('Requests', h('div', { class: 'usage-cell' },
      h('span', {},
        h('span', { class: 'number', 'data-testid': 'total-requests' }, formatNumber(key.totalRequests)),
        h('span', { class: 'help inline' }, ' in total')),
      usage ? usageChart(usage.days) : null)),
    cell('Status', statusBadge(key)),
    h('td', { 'data-label': 'Actions', class: 'actions-cell' }, actions(ctx, key)));
}

/** The page for `ctx.state.environment`. */
export async function render(ctx) {
  const { state } = ctx;
  if (!state.project) return h('p', { class: 'empty' }, 'You are not a member of any project yet.');
  if (!['owner', 'admin'].includes(state.project.role)) {
    return h('p', { class: 'empty' }, 'Only project owners and admins can manage API keys. Ask one of them for a key.');
  }
  if (!state.environment) return chooseEnvironment(ctx);
  const environment = state.environment;
  const query = `environmentId=${encodeURIComponent(environment.id)}`;
  const [list, usage] = await Promise.all([
    api('GET', `/api/v1/api-keys?${query}&limit=100`),
    api('GET', `/api/v1/api-keys/usage?${query}`).catch(() => ({ data: [] })),
  ]);
  const usageOf = new Map(usage.data.map((report) => [report.keyId, report]));
  const create = async () => {
    if (await createKeyDialog(environment)) await ctx.refresh();
  };
  const table = list.data.length === 0
    ? h('div', { class: 'card empty-state' },
      h('h2', {}, 'No API keys yet'),
      h('p', { class: 'muted' }, `Create a key to call the API from your code. It will only see the “${environment.name}” environment.`))
    : h('div', { class: 'card table-card' },
      h('table', { class: 'table responsive', 'data-testid': 'keys-table' },
        h('caption', { class: 'visually-hidden' }, `API keys of the ${environment.name} environment`),
        h('thead', {}, h('tr', {}, ['Name', 'Permissions', 'Created', 'Last used', 'Requests · 30 days', 'Status']
          .map((t) => h('th', { scope: 'col', text: t })), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
        h('tbody', {}, list.data.map((key) => keyRow(ctx, key, usageOf.get(key.id))))),
      list.total > list.data.length
        ? h('p', { class: 'help table-note' }, `Showing ${list.data.length} of ${list.total} keys; manage the others with the API or \`quire keys list\`.`)
        : null);
  return h('div', { class: 'page' },
    h('div', { class: 'page-intro' },
      h('p', { class: 'muted' },
        'Keys authenticate your servers with ', h('code', {}, 'Authorization: Bearer fm_…'),
        '. Each key has its own permissions and sees only this environment.'),
      h('button', { type: 'button', class: 'button primary', onClick: create, 'data-testid': 'create-key' }, 'Create New API Key')),
    table);
}
