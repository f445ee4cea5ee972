// The project and environment switcher of the sidebar, and the "new environment" dialog.

import { api } from './api.js';
import { h, nextId } from './dom.js';
import { dialogForm, openDialog, toast } from './dialogs.js';

/** Selects for the current project and environment; `onChange({projectId?, environmentId?})`. */
export function switcher(state, onChange) {
  const projectId = nextId('project');
  const environmentId = nextId('environment');
  const projectSelect = h('select', {
    id: projectId, name: 'project', 'data-testid': 'project-select',
    onChange: (e) => onChange({ projectId: e.target.value }),
  }, state.projects.map((p) => h('option', { value: p.id, selected: p.id === state.project?.id }, p.name)));
  const environmentSelect = h('select', {
    id: environmentId, name: 'environment', 'data-testid': 'environment-select',
    onChange: (e) => onChange({ environmentId: e.target.value || null }),
  },
  h('option', { value: '', selected: !state.environment }, 'Select an environment…'),
  state.environments.map((env) => h('option', { value: env.id, selected: env.id === state.environment?.id }, env.name)));
  const canManage = ['owner', 'admin'].includes(state.project?.role);
  return h('div', { class: 'switcher' },
    h('div', { class: 'field compact' }, h('label', { for: projectId, class: 'label' }, 'Project'), projectSelect),
    h('div', { class: 'field compact' }, h('label', { for: environmentId, class: 'label' }, 'Environment'), environmentSelect),
    canManage ? h('button', {
      type: 'button', class: 'link-button', onClick: () => newEnvironment(state, onChange),
    }, '+ New environment') : null);
}

/** Asks for a name and creates an environment in the current project, then switches to it. */
export async function newEnvironment(state, onChange) {
  const created = await openDialog({
    title: 'New environment',
    description: 'Environments keep keys, templates and documents apart, such as production and staging.',
    render: (close) => {
      const nameId = nextId('env-name');
      return dialogForm({
        fields: h('div', { class: 'field' },
          h('label', { for: nameId, class: 'label' }, 'Name'),
          h('input', { id: nameId, name: 'name', required: true, maxlength: 50, placeholder: 'staging', autofocus: true })),
        submitLabel: 'Create environment',
        close,
        onSubmit: async (form) => {
          const name = form.elements.name.value.trim();
          close(await api('POST', `/api/teams/${state.project.id}/environments`, { name }));
        },
      });
    },
  });
  if (created) {
    toast(`Environment “${created.name}” created`);
    onChange({ environmentId: created.id, reload: true });
  }
}
