// The dashboard app: session, the current project and environment, the page shell and the router.

import { api, session, whenSignedOut } from './api.js';
import { h, replace } from './dom.js';
import { toast } from './dialogs.js';
import { roleLabel } from './format.js';
import { switcher } from './switcher.js';
import { invitationBanners, myInvitations } from './invitations.js';
import * as signin from './pages/signin.js';
import * as keys from './pages/keys.js';
import * as members from './pages/members.js';
import * as activity from './pages/activity.js';
import * as apps from './pages/apps.js';
import * as consent from './pages/consent.js';

const BASE = '/dashboard';

/** Pages of a signed-in user; `admin` pages are for project owners and admins. */
const PAGES = {
  keys: { title: 'API Keys', module: keys, admin: false },
  members: { title: 'Members', module: members, admin: true },
  activity: { title: 'Activity', module: activity, admin: true },
  apps: { title: 'Apps', module: apps, admin: false },
};

const state = { user: null, projects: [], project: null, environments: [], environment: null, invitations: [] };

const remember = {
  project: (id) => localStorage.setItem('quire.project', id),
  environment: (projectId, id) => {
    if (id) localStorage.setItem(`quire.environment.${projectId}`, id);
    else localStorage.removeItem(`quire.environment.${projectId}`);
  },
  recall: (key) => localStorage.getItem(key),
};

function pageName() {
  const rest = location.pathname.slice(BASE.length).replace(/^\/+|\/+$/g, '');
  return rest || 'keys';
}

/** Where to go after signing in: a page that sent the user to sign in first (the OAuth consent page). */
const returnTo = {
  set: () => sessionStorage.setItem('quire.returnTo', location.pathname + location.search),
  take: () => {
    const path = sessionStorage.getItem('quire.returnTo');
    sessionStorage.removeItem('quire.returnTo');
    return path?.startsWith(`${BASE}/`) ? path : null;
  },
};

/** The OAuth consent page: outside the shell, after sign-in. */
async function showConsent(root) {
  document.title = 'Authorize an app · Quire';
  const user = state.user ?? await session.current().catch(() => null);
  if (!user) {
    returnTo.set();
    navigate('signin', { replace: true });
    return;
  }
  replace(root, await consent.render());
  root.querySelector('select, button')?.focus();
}

/** Goes to a dashboard path without reloading. */
export function navigate(path, { replace: replaceEntry = false } = {}) {
  const url = path.startsWith('/') ? path : `${BASE}/${path}`;
  if (replaceEntry) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  route();
}

async function loadProjects(preferred = null) {
  const [list, invitations] = await Promise.all([api('GET', '/api/teams?limit=100'), myInvitations()]);
  state.projects = list.data;
  state.invitations = invitations;
  const wanted = preferred ?? remember.recall('quire.project');
  state.project = state.projects.find((p) => p.id === wanted)
    ?? state.projects.find((p) => p.isPersonal) ?? state.projects[0] ?? null;
  // A link may name the environment (`?environment=ws_…`); only on the first load of the page.
  await loadEnvironments(new URLSearchParams(location.search).get('environment'));
}

/** The current project's environments, and the one to show: `linked`, else the one remembered, else none. */
async function loadEnvironments(linked = null) {
  state.environments = [];
  state.environment = null;
  const project = state.project;
  if (!project) return;
  remember.project(project.id);
  const list = await api('GET', `/api/teams/${project.id}/environments`);
  // Switched again meanwhile: these environments belong to a project no longer shown.
  if (state.project !== project) return;
  state.environments = list.data;
  const find = (id) => state.environments.find((e) => e.id === id);
  state.environment = find(linked) ?? find(remember.recall(`quire.environment.${project.id}`)) ?? null;
}

/** Applies a switcher change and shows the current page again. */
async function switchTo({ projectId, environmentId, reload = false }) {
  try {
    if (projectId && projectId !== state.project?.id) {
      state.project = state.projects.find((p) => p.id === projectId) ?? state.project;
      await loadEnvironments();
    }
    if (reload) {
      const list = await api('GET', `/api/teams/${state.project.id}/environments`);
      state.environments = list.data;
    }
    if (environmentId !== undefined) {
      state.environment = state.environments.find((e) => e.id === environmentId) ?? null;
      remember.environment(state.project.id, state.environment?.id);
    }
    history.replaceState(null, '', `${BASE}/${pageName()}`);
    // Focus stays on the switcher the user is working with.
    const focus = projectId ? 'project-select' : environmentId !== undefined ? 'environment-select' : null;
    await route({ focus });
  } catch (error) {
    toast(error.message, 'error');
  }
}

function environmentBadge() {
  if (!state.environment) {
    return h('span', { class: 'env-badge none', 'data-testid': 'current-environment' }, 'No environment selected');
  }
  const live = /prod/i.test(state.environment.name);
  return h('span', { class: `env-badge ${live ? 'live' : 'test'}`, 'data-testid': 'current-environment' },
    h('span', { class: 'dot', 'aria-hidden': 'true' }),
    h('span', { class: 'visually-hidden' }, 'Current environment: '),
    h('span', { class: 'env-name', text: state.environment.name, title: state.environment.name }));
}

function navLink(name, page, current) {
  return h('a', {
    href: `${BASE}/${name}`, class: name === current ? 'nav-link active' : 'nav-link',
    'aria-current': name === current ? 'page' : false,
    onClick: (event) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      document.body.classList.remove('menu-open');
      navigate(name);
    },
  }, page.title);
}

async function signOut() {
  try {
    await session.signOut();
  } catch (error) {
    // Still signed in on the server: say so rather than pretend (think of a shared computer).
    toast(`Sign-out failed: ${error.message}`, 'error');
    return;
  }
  state.user = null;
  navigate('signin', { replace: true });
}

function shell(current, page, content) {
  const isAdmin = ['owner', 'admin'].includes(state.project?.role);
  const nav = Object.entries(PAGES).filter(([, p]) => !p.admin || isAdmin).map(([name, p]) => navLink(name, p, current));
  const menuButton = h('button', {
    type: 'button', class: 'menu-button', 'aria-controls': 'sidebar', 'aria-expanded': 'false',
    onClick: (event) => {
      const open = document.body.classList.toggle('menu-open');
      event.currentTarget.setAttribute('aria-expanded', String(open));
      if (open) document.querySelector('#sidebar select, #sidebar a')?.focus();
    },
  }, h('span', { 'aria-hidden': 'true' }, '☰'), h('span', { class: 'visually-hidden' }, 'Menu'));
  return h('div', { class: 'shell' },
    h('aside', { id: 'sidebar', class: 'sidebar', 'aria-label': 'Dashboard' },
      h('a', { class: 'brand', href: `${BASE}/keys` }, h('img', { src: `${BASE}/assets/favicon.svg`, alt: '', width: 28, height: 28 }), 'Quire'),
      switcher(state, switchTo),
      h('nav', { class: 'nav', 'aria-label': 'Main' }, nav),
      h('div', { class: 'account' },
        h('div', { class: 'account-name', text: state.user.name }),
        h('div', { class: 'account-email', text: state.user.email }),
        h('div', { class: 'account-role', text: state.project ? `${roleLabel(state.project.role)} of ${state.project.name}` : '' }),
        h('button', { type: 'button', class: 'button secondary small', onClick: signOut, 'data-testid': 'sign-out' }, 'Sign out'))),
    h('div', { class: 'main' },
      h('header', { class: 'topbar' },
        menuButton,
        h('div', { class: 'context' },
          h('span', { class: 'project-name', text: state.project?.name ?? 'No project' }),
          h('span', { class: 'separator', 'aria-hidden': 'true' }, '/'),
          environmentBadge()),
        h('a', { class: 'topbar-link', href: '/docs' }, 'API docs')),
      h('main', { id: 'content', class: 'content', tabindex: '-1' },
        invitationBanners(state.invitations, async (joined) => {
          await loadProjects(joined);
          await route();
        }),
        h('h1', { class: 'page-title', text: page.title }),
        content)));
}

let routing = 0;
/** Shows the page of the current URL; `focus` names the `data-testid` to focus afterwards. */
export async function route({ focus = null } = {}) {
  const ticket = ++routing;
  const root = document.getElementById('app');
  const name = pageName();
  if (name === 'signin' || name === 'signup') {
    document.title = name === 'signin' ? 'Sign in · Quire' : 'Create account · Quire';
    replace(root, signin.render(name, { onSignedIn: start, navigate }));
    root.querySelector('input')?.focus();
    return;
  }
  if (name === 'authorize') {
    await showConsent(root);
    return;
  }
  if (!state.user) {
    await start();
    return;
  }
  const page = Object.hasOwn(PAGES, name) ? PAGES[name] : null;
  if (!page) {
    navigate('keys', { replace: true });
    return;
  }
  document.title = `${page.title} · Quire`;
  const ctx = { state, navigate, refresh: () => route(), switchTo };
  let content;
  try {
    content = page.admin && !['owner', 'admin'].includes(state.project?.role)
      ? h('p', { class: 'empty' }, 'Only project owners and admins can see this page.')
      : await page.module.render(ctx);
  } catch (error) {
    content = h('div', { class: 'callout error', role: 'alert' }, error.message);
  }
  if (ticket !== routing) return;
  const focusContent = root.querySelector('.shell') !== null;
  replace(root, shell(name, page, content));
  const target = focus ? root.querySelector(`[data-testid="${focus}"]`) : focusContent ? root.querySelector('#content') : null;
  target?.focus({ preventScroll: true });
}

/** Loads the signed-in user and their projects, then shows the page (or the sign-in page). */
async function start() {
  try {
    state.user = await session.current();
    if (!state.user) {
      navigate('signin', { replace: true });
      return;
    }
    await loadProjects();
    if (['signin', 'signup'].includes(pageName())) history.replaceState(null, '', returnTo.take() ?? `${BASE}/keys`);
    await route();
  } catch (error) {
    replace(document.getElementById('app'), h('div', { class: 'callout error boot', role: 'alert' }, error.message));
  }
}

whenSignedOut(() => {
  if (!state.user) return;
  state.user = null;
  toast('Your session has ended. Please sign in again.', 'error');
  navigate('signin', { replace: true });
});
window.addEventListener('popstate', () => route());
// The drawer of narrow screens closes with Escape or a click beside it.
function closeMenu() {
  if (!document.body.classList.contains('menu-open')) return;
  document.body.classList.remove('menu-open');
  const button = document.querySelector('.menu-button');
  button?.setAttribute('aria-expanded', 'false');
  button?.focus();
}
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') closeMenu();
});
document.addEventListener('click', (event) => {
  if (document.body.classList.contains('menu-open') && !event.target.closest('.sidebar, .menu-button')) closeMenu();
});
route();
