// The Apps page: the OAuth apps you allowed to act for you (revocable), and for owners and admins the project's
// registered apps with everyone's grants (each revocable; an app can be deleted).

import { api } from '../api.js';
import { h } from '../dom.js';
import { confirmDialog, toast } from '../dialogs.js';
import { formatDate } from '../format.js';

function scopeTags(scopes) {
  return h('ul', { class: 'tags' }, scopes.map((s) => h('li', { class: 'tag', text: s })));
}

async function revoke(ctx, grant, who) {
  const ok = await confirmDialog({
    title: `Revoke ${grant.app.name}?`, confirmLabel: 'Revoke access', danger: true,
    message: `${grant.app.name} loses access ${who} at once; every token it holds stops working.`,
  });
  if (!ok) return;
  try {
    await api('DELETE', `/api/oauth/grants/${grant.id}`);
    toast(`${grant.app.name} no longer has access`);
  } catch (error) {
    toast(error.message, 'error');
  }
  await ctx.refresh();
}

function grantTable(ctx, grants, { label, showUser, members }) {
  if (grants.length === 0) return h('p', { class: 'empty' }, 'None.');
  const environmentName = (id) => ctx.state.environments.find((e) => e.id === id)?.name ?? id;
  return h('div', { class: 'card table-card' }, h('table', { class: 'table', 'aria-label': label },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'App'), showUser ? h('th', { scope: 'col' }, 'User') : null,
      h('th', { scope: 'col' }, 'Environment'), h('th', { scope: 'col' }, 'Scopes'),
      h('th', { scope: 'col' }, 'Since'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
    h('tbody', {}, grants.map((g) => h('tr', { 'data-testid': 'grant-row' },
      h('td', {}, h('strong', { text: g.app.name })),
      showUser ? h('td', { text: members.get(g.userId) ?? g.userId }) : null,
      h('td', { text: environmentName(g.environmentId) }),
      h('td', {}, scopeTags(g.scopes)),
      h('td', { class: 'nowrap', text: formatDate(g.createdAt) }),
      h('td', { class: 'actions-cell' }, h('button', {
        type: 'button', class: 'button small danger', 'aria-label': `Revoke ${g.app.name}`,
        onClick: () => revoke(ctx, g, showUser ? 'for this user' : 'for you'),
      }, 'Revoke')))))));
}

async function deleteApp(ctx, app) {
  const ok = await confirmDialog({
    title: `Delete ${app.name}?`, confirmLabel: 'Delete app', danger: true,
    message: 'The app can no longer sign anyone in, and every grant and token of it ends.',
  });
  if (!ok) return;
  try {
    await api('DELETE', `/api/teams/${ctx.state.project.id}/oauth/apps/${app.id}`);
    toast(`${app.name} deleted`);
  } catch (error) {
    toast(error.message, 'error');
  }
  await ctx.refresh();
}

async function projectApps(ctx) {
  const project = ctx.state.project;
  const [apps, members] = await Promise.all([
    api('GET', `/api/teams/${project.id}/oauth/apps`), api('GET', `/api/teams/${project.id}/members?limit=100`)]);
  const names = new Map(members.data.map((m) => [m.userId, m.email]));
  if (apps.data.length === 0) {
    return h('p', { class: 'empty' }, 'No app is registered in this project. Register one with POST /api/oauth/register (see the OAuth docs).');
  }
  return apps.data.map((app) => h('section', { class: 'card', 'data-testid': 'project-app' },
    h('div', { class: 'page-intro' },
      h('div', {}, h('h3', { text: app.name }),
        h('p', { class: 'help' }, `${app.clientType} client · `, h('code', { class: 'mono', text: app.id }))),
      h('button', { type: 'button', class: 'button small secondary', onClick: () => deleteApp(ctx, app) }, 'Delete app')),
    grantTable(ctx, app.grants, { label: `Grants of ${app.name}`, showUser: true, members: names })));
}

/** The page for `ctx.state` (the project's part only for its owners and admins). */
export async function render(ctx) {
  const mine = await api('GET', '/api/oauth/grants');
  const isAdmin = ['owner', 'admin'].includes(ctx.state.project?.role);
  return h('div', { class: 'page' },
    h('section', { class: 'page' },
      h('h2', {}, 'Apps you allowed'),
      h('p', { class: 'muted' }, 'Apps that act for you through OAuth. Revoking one ends its access at once.'),
      grantTable(ctx, mine.data, { label: 'Apps you allowed', showUser: false })),
    isAdmin ? h('section', { class: 'page' },
      h('h2', {}, `Apps of “${ctx.state.project.name}”`),
      await projectApps(ctx)) : null);
}
