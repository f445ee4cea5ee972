// Display helpers: dates, numbers and the names of permissions and roles.

/** Key scopes with their dashboard labels and what they grant (API.md §2). */
export const SCOPES = [
  { value: 'documents:generate', label: 'Generate Documents', help: 'Generate PDF, Excel and CSV files; read templates and jobs.' },
  { value: 'templates:manage', label: 'Manage Templates', help: 'Create, edit, publish and delete templates and assets.' },
  { value: 'analytics:view', label: 'View Analytics', help: 'Read document and template analytics and usage reports.' },
  { value: 'project:manage', label: 'Manage Project', help: 'Invite members, change roles, manage webhook subscriptions.' },
];

export const ROLES = [
  { value: 'admin', label: 'Admin', help: 'Members, environments, keys, templates, documents, analytics' },
  { value: 'member', label: 'Member', help: 'Templates, documents, analytics' },
  { value: 'viewer', label: 'Viewer', help: 'Read only' },
];

export function scopeLabel(value) {
  return SCOPES.find((s) => s.value === value)?.label ?? value;
}

export function roleLabel(value) {
  if (value === 'owner') return 'Owner';
  return ROLES.find((r) => r.value === value)?.label ?? value;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
});
const numberFormat = new Intl.NumberFormat();

export function formatDate(iso) {
  return iso ? dateFormat.format(new Date(iso)) : '—';
}

export function formatDateTime(iso) {
  return iso ? dateTimeFormat.format(new Date(iso)) : '—';
}

export function formatNumber(n) {
  return numberFormat.format(n ?? 0);
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", else the date. */
export function relativeTime(iso) {
  if (!iso) return 'Never';
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 45) return 'Just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  if (seconds < 7 * 86400) return `${Math.round(seconds / 86400)} days ago`;
  return formatDate(iso);
}

const NOUNS = {
  api_key: 'API key', environment: 'environment', project: 'project', template: 'template',
  webhook: 'webhook', asset: 'asset', member: 'member',
};

/** Activity actions in words: `api_key.created` → "created API key". */
export function describeAction(action) {
  const [kind, verb = ''] = action.split('.');
  return `${verb.replaceAll('_', ' ')} ${NOUNS[kind] ?? kind.replaceAll('_', ' ')}`.trim();
}
