// The Members page: invite people, change their roles, remove them, cancel pending invitations.

import { api } from '../api.js';
import { h, nextId } from '../dom.js';
import { busy, confirmDialog, showFormError, toast } from '../dialogs.js';
import { ROLES, formatDate, roleLabel } from '../format.js';

function inviteForm(ctx) {
  const emailId = nextId('invite-email');
  const roleId = nextId('invite-role');
  const form = h('form', { class: 'form inline-form', novalidate: true, 'aria-label': 'Invite a member' },
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true }),
    h('div', { class: 'field grow' },
      h('label', { for: emailId, class: 'label' }, 'Email'),
      h('input', { id: emailId, name: 'email', type: 'email', required: true, autocomplete: 'off', placeholder: 'colleague@example.com' })),
    h('div', { class: 'field' },
      h('label', { for: roleId, class: 'label' }, 'Role'),
      h('select', { id: roleId, name: 'role' }, ROLES.map((r) => h('option', { value: r.value, selected: r.value === 'member' }, r.label)))),
    h('button', { type: 'submit', class: 'button primary' }, 'Send invitation'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      try {
        const email = form.elements.email.value.trim();
        await api('POST', `/api/teams/${ctx.state.project.id}/members/invite`, { email, role: form.elements.role.value });
        toast(`Invitation sent to ${email}`);
        await ctx.refresh();
      } catch (error) {
        showFormError(form, error);
      }
    });
  });
  return form;
}

function roleControl(ctx, member, me) {
  if (member.role === 'owner' || member.userId === me) {
    return h('span', { class: `badge role ${member.role}` }, roleLabel(member.role));
  }
  // Choosing a role does nothing until Save: arrowing through a closed select must not send a change per step.
  const save = h('button', {
    type: 'button', class: 'button small primary', disabled: true, 'aria-label': `Save role of ${member.name}`,
    onClick: async () => {
      try {
        await api('PATCH', `/api/teams/${ctx.state.project.id}/members/${member.id}/role`, { role: select.value });
        toast(`${member.name} is now ${roleLabel(select.value).toLowerCase()}`);
      } catch (error) {
        toast(error.message, 'error');
      }
      await ctx.refresh();
    },
  }, 'Save');
  const select = h('select', {
    'aria-label': `Role of ${member.name}`,
    onChange: () => { save.disabled = select.value === member.role; },
  }, ROLES.map((r) => h('option', { value: r.value, selected: r.value === member.role }, r.label)));
  return h('div', { class: 'role-control' }, select, save);
}

function environmentsText(ctx, ids) {
  if (!ids) return 'All environments';
  const names = ids.map((id) => ctx.state.environments.find((e) => e.id === id)?.name ?? id);
  return names.length ? names.join(', ') : 'None';
}

function memberRow(ctx, member) {
  const me = ctx.state.user.id;
  const remove = async () => {
    const ok = await confirmDialog({
      title: `Remove ${member.name}?`,
      message: `${member.email} will lose access to “${ctx.state.project.name}” at once.`,
      confirmLabel: 'Remove member', danger: true,
    });
    if (!ok) return;
    try {
      await api('DELETE', `/api/teams/${ctx.state.project.id}/members/${member.id}`);
      toast(`${member.name} removed`);
    } catch (error) {
      toast(error.message, 'error');
    }
    await ctx.refresh();
  };
  const removable = member.role !== 'owner' && member.userId !== me;
  return h('tr', {},
    h('th', { scope: 'row', 'data-label': 'Member' },
      h('div', { class: 'person' },
        h('span', { class: 'avatar', 'aria-hidden': 'true', text: (member.name || member.email).slice(0, 1).toUpperCase() }),
        h('span', {}, h('span', { class: 'person-name', text: member.userId === me ? `${member.name} (you)` : member.name }),
          h('span', { class: 'person-email', text: member.email })))),
    h('td', { 'data-label': 'Role' }, roleControl(ctx, member, me)),
    h('td', { 'data-label': 'Environments', text: environmentsText(ctx, member.environmentIds) }),
    h('td', { 'data-label': 'Joined', text: formatDate(member.joinedAt) }),
    h('td', { 'data-label': 'Actions', class: 'actions-cell' }, removable
      ? h('button', { type: 'button', class: 'button small danger-outline', onClick: remove, 'aria-label': `Remove ${member.name}` }, 'Remove')
      : null));
}

function invitationRow(ctx, invitation) {
  const cancel = async () => {
    try {
      await api('DELETE', `/api/teams/${ctx.state.project.id}/invitations/${invitation.id}`);
      toast(`Invitation to ${invitation.email} cancelled`);
    } catch (error) {
      toast(error.message, 'error');
    }
    await ctx.refresh();
  };
  return h('li', { class: 'invitation' },
    h('span', { class: 'person-email', text: invitation.email }),
    h('span', { class: 'badge role' }, roleLabel(invitation.role)),
    h('span', { class: 'help' }, `expires ${formatDate(invitation.expiresAt)}`),
    h('button', { type: 'button', class: 'button small secondary', onClick: cancel, 'aria-label': `Cancel invitation to ${invitation.email}` }, 'Cancel'));
}

/** The page for `ctx.state.project`. */
export async function render(ctx) {
  const project = ctx.state.project;
  const [members, invitations] = await Promise.all([
    api('GET', `/api/teams/${project.id}/members`),
    api('GET', `/api/teams/${project.id}/invitations`),
  ]);
  return h('div', { class: 'page' },
    h('p', { class: 'muted' }, `People who can sign in to “${project.name}”. Owners and admins manage members, environments and keys; members work with templates and documents; viewers only read.`),
    h('section', { class: 'card', 'aria-labelledby': 'invite-title' },
      h('h2', { id: 'invite-title' }, 'Invite a member'),
      inviteForm(ctx),
      invitations.data.length ? h('div', {},
        h('h3', {}, 'Pending invitations'),
        h('ul', { class: 'invitations' }, invitations.data.map((i) => invitationRow(ctx, i)))) : null),
    h('section', { class: 'card table-card', 'aria-label': 'Members' },
      h('table', { class: 'table responsive' },
        h('caption', { class: 'visually-hidden' }, `Members of ${project.name}`),
        h('thead', {}, h('tr', {}, ['Member', 'Role', 'Environments', 'Joined'].map((t) => h('th', { scope: 'col', text: t })),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
        h('tbody', {}, members.data.map((m) => memberRow(ctx, m))))));
}
