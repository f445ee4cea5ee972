// Modal dialogs (native <dialog>: focus is kept inside, Escape closes), confirmations, toasts, and the
// panel that shows a new secret once.

import { h, nextId } from './dom.js';

/**
 * Opens a modal dialog. `render(close)` returns its body; `close(value)` closes it and resolves the
 * returned promise with `value`. Escape, × and Cancel resolve `null`, or the value given to
 * `close.fallback(value)` (a dialog that has already done its work answers that work however it closes).
 */
export function openDialog({ title, description, render, wide = false }) {
  return new Promise((resolve) => {
    const titleId = nextId('dialog-title');
    let result = null;
    let fallback = null;
    const dialog = h('dialog', { class: wide ? 'dialog wide' : 'dialog', 'aria-labelledby': titleId });
    const close = (value = null) => {
      // While a request runs, only its own answer closes the dialog: Cancel and × (which pass null) wait.
      if (dialog.dataset.busy && value === null) return;
      result = value;
      dialog.close();
    };
    close.fallback = (value) => { fallback = value; };
    // Escape does not close a dialog while its request runs (the answer may carry a secret to show).
    dialog.addEventListener('cancel', (event) => {
      if (dialog.dataset.busy) event.preventDefault();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result ?? fallback);
    });
    dialog.append(
      h('header', { class: 'dialog-header' },
        h('h2', { id: titleId, text: title }),
        h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', onClick: () => close(null) }, '×')),
      description ? h('p', { class: 'dialog-description', text: description }) : null,
      render(close),
    );
    document.body.append(dialog);
    dialog.showModal();
    const first = dialog.querySelector('[autofocus], input, select, textarea, .dialog-actions button');
    first?.focus();
  });
}

/** Asks to confirm an action; resolves true when confirmed. */
export function confirmDialog({ title, message, confirmLabel, danger = false }) {
  return openDialog({
    title,
    render: (close) => h('div', {},
      h('p', { class: 'dialog-message', text: message }),
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'button secondary', autofocus: true, onClick: () => close(false) }, 'Cancel'),
        h('button', {
          type: 'button', class: danger ? 'button danger' : 'button primary',
          onClick: () => close(true),
        }, confirmLabel))),
  }).then((value) => value === true);
}

/** A short message in the corner; errors stay longer. */
export function toast(message, kind = 'success') {
  const box = document.getElementById('toasts');
  const item = h('div', { class: `toast ${kind}`, text: message });
  box.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

/** Copies text; resolves true when the clipboard took it. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** A new key, shown once: read-only field, Copy button, and the warning that it will not be shown again. */
export function secretPanel(secret, label = 'Your new API key') {
  const fieldId = nextId('secret');
  const input = h('input', {
    id: fieldId, class: 'secret-input mono', type: 'text', readonly: true, value: secret,
    spellcheck: 'false', autocomplete: 'off', 'data-testid': 'new-key-secret',
  });
  input.addEventListener('focus', () => input.select());
  const status = h('span', { class: 'copy-status', role: 'status' });
  const copy = h('button', {
    type: 'button', class: 'button primary', 'data-testid': 'copy-key',
    onClick: async () => {
      const copied = await copyText(secret);
      if (!copied) input.select();
      status.textContent = copied ? 'Copied to clipboard' : 'Press Ctrl+C (⌘C) to copy';
    },
  }, 'Copy');
  return h('div', { class: 'secret-panel' },
    h('div', { class: 'callout warning', role: 'alert' },
      h('strong', {}, 'Copy this key now. '),
      'It will not be shown again: Quire keeps only a fingerprint of it. If you lose it, rotate the key.'),
    h('label', { for: fieldId, class: 'label', text: label }),
    h('div', { class: 'secret-row' }, input, copy),
    status);
}

/** Shows an error of a form next to its fields (by `name`) and in a summary at its top. */
export function showFormError(form, error) {
  form.querySelectorAll('.field-error').forEach((el) => el.remove());
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  const summary = form.querySelector('.form-error');
  const fields = error.fieldErrors?.() ?? {};
  for (const [name, message] of Object.entries(fields)) {
    const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!input) continue;
    const id = nextId('err');
    input.setAttribute('aria-invalid', 'true');
    const described = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((d) => d && document.getElementById(d));
    input.setAttribute('aria-describedby', [...described, id].join(' '));
    input.closest('.field')?.append(h('p', { id, class: 'field-error', text: message }));
  }
  if (summary) {
    summary.textContent = error.message;
    summary.hidden = false;
    summary.focus();
  }
}

/**
 * The form of a dialog: an error summary, `fields`, then Cancel (closes with `null`) and `submitLabel`.
 * `onSubmit(form)` runs while the form is busy; what it throws is shown in the form.
 */
export function dialogForm({ fields, submitLabel, close, onSubmit }) {
  const form = h('form', { class: 'form', novalidate: true },
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true }),
    fields,
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'button secondary', onClick: () => close(null) }, 'Cancel'),
      h('button', { type: 'submit', class: 'button primary' }, submitLabel)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      try {
        await onSubmit(form);
      } catch (error) {
        showFormError(form, error);
      }
    });
  });
  return form;
}

/** Disables a form's submit button (and keeps its dialog open) while `work` runs. */
export async function busy(form, work) {
  const button = form.querySelector('[type="submit"]');
  const label = button?.textContent;
  const dialog = form.closest('dialog');
  if (dialog) dialog.dataset.busy = 'true';
  if (button) {
    button.disabled = true;
    button.textContent = 'Working…';
  }
  try {
    return await work();
  } finally {
    if (dialog) delete dialog.dataset.busy;
    if (button) {
      button.disabled = false;
      button.textContent = label;
    }
  }
}
