// The Activity page: who did what, when, in the current project (newest first, paged).

import { api } from '../api.js';
import { h } from '../dom.js';
import { describeAction, formatDateTime, relativeTime } from '../format.js';

const PAGE_SIZE = 25;

/** What an entry was about, from its (never secret) details. */
function target(entry) {
  const d = entry.details ?? {};
  if (entry.targetType === 'api_key') return [h('strong', { text: d.name ?? entry.targetId }), d.prefix ? h('code', { class: 'mono' }, ` ${d.prefix}…`) : null];
  if (d.email) return h('strong', { text: d.email });
  if (d.name) return h('strong', { text: d.name });
  return h('code', { class: 'mono', text: entry.targetId });
}

/** Sentences of membership changes, which read better than "verb noun target". */
const MEMBER_SENTENCES = {
  'member.invited': (t, d) => ['invited ', t, d.role ? ` as ${d.role}` : ''],
  'member.role_changed': (t, d) => ['changed the role of ', t, d.role ? ` to ${d.role}` : ''],
  'member.removed': (t) => ['removed ', t],
  'member.joined': () => ['joined the project'],
  'member.invitation_cancelled': (t) => ['cancelled the invitation of ', t],
  'member.invitation_rejected': () => ['declined an invitation'],
};

/** "<actor> <what happened>" for one entry. */
function sentence(entry) {
  const build = MEMBER_SENTENCES[entry.action];
  const what = build ? build(target(entry), entry.details ?? {}) : [describeAction(entry.action), ' ', target(entry)];
  return [h('span', { class: 'actor', text: entry.actorLabel }), ' ', what];
}

/** The page for `ctx.state.project`. */
export async function render(ctx) {
  const project = ctx.state.project;
  const page = Math.max(1, Number(new URLSearchParams(location.search).get('page')) || 1);
  const list = await api('GET', `/api/teams/${project.id}/activity?limit=${PAGE_SIZE}&page=${page}`);
  const environmentName = (id) => ctx.state.environments.find((e) => e.id === id)?.name;
  const goTo = (n) => {
    history.pushState(null, '', `/dashboard/activity?page=${n}`);
    ctx.refresh();
  };
  if (list.data.length === 0) {
    return h('div', { class: 'card empty-state' }, h('h2', {}, 'No activity yet'),
      h('p', { class: 'muted' }, 'Changes to keys, members, environments and templates will be listed here.'));
  }
  return h('div', { class: 'page' },
    h('p', { class: 'muted' }, `Who changed what in “${project.name}”. Secrets never appear here.`),
    h('section', { class: 'card' },
      h('ol', { class: 'timeline', 'data-testid': 'activity-list' }, list.data.map((entry) => h('li', { class: 'timeline-item' },
        h('div', { class: 'timeline-main' },
          sentence(entry),
          entry.environmentId && environmentName(entry.environmentId)
            ? h('span', { class: 'tag env', text: environmentName(entry.environmentId) }) : null),
        h('time', { class: 'help', datetime: entry.createdAt, title: formatDateTime(entry.createdAt) }, relativeTime(entry.createdAt)))))),
    list.totalPages > 1 ? h('nav', { class: 'pager', 'aria-label': 'Activity pages' },
      h('button', { type: 'button', class: 'button small secondary', disabled: page <= 1, onClick: () => goTo(page - 1) }, '← Newer'),
      h('span', { class: 'help' }, `Page ${page} of ${list.totalPages}`),
      h('button', { type: 'button', class: 'button small secondary', disabled: page >= list.totalPages, onClick: () => goTo(page + 1) }, 'Older →')) : null);
}
