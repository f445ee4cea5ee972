// The signed-in user's pending invitations to other projects, with Accept and Decline.

import { api } from './api.js';
import { h } from './dom.js';
import { toast } from './dialogs.js';
import { roleLabel } from './format.js';

/** The caller's pending invitations (an empty list when they cannot be read). */
export async function myInvitations() {
  try {
    return (await api('GET', '/api/teams/invitations/my')).data;
  } catch {
    return [];
  }
}

/** One banner per invitation; `onAnswered(projectId | null)` runs after an answer (the project joined, if any). */
export function invitationBanners(invitations, onAnswered) {
  if (!invitations.length) return null;
  const answer = async (invitation, verb) => {
    try {
      await api('POST', `/api/teams/invitations/${invitation.id}/${verb}`);
      toast(verb === 'accept' ? `You joined “${invitation.teamName}”` : 'Invitation declined');
      await onAnswered(verb === 'accept' ? invitation.teamId : null);
    } catch (error) {
      toast(error.message, 'error');
    }
  };
  return h('section', { class: 'invitation-banners', 'aria-label': 'Invitations' }, invitations.map((invitation) =>
    h('div', { class: 'callout info invitation-banner', 'data-testid': 'invitation-banner' },
      h('p', {}, 'You are invited to join ', h('strong', { text: invitation.teamName ?? 'a project' }),
        ` as ${roleLabel(invitation.role).toLowerCase()}.`),
      h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'button small secondary', onClick: () => answer(invitation, 'reject') }, 'Decline'),
        h('button', { type: 'button', class: 'button small primary', onClick: () => answer(invitation, 'accept') }, 'Accept')))));
}
