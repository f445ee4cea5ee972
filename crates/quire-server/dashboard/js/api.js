// The REST client of the dashboard: same-origin calls authenticated by the session cookie, with the CSRF
// token on every state-changing request and one silent session refresh when the access token runs out.

/** An error answer of the API (`{statusCode, code, message, relatedInfo}`) or a network failure. */
export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Field errors as `{field: message}` (from `relatedInfo.errors` of `ERR_VALID_001`). */
  fieldErrors() {
    const out = {};
    for (const e of this.details?.errors ?? []) out[e.field ?? e.path] = e.message;
    return out;
  }
}

/** The session's CSRF token, from its readable cookie (`__Host-quire_csrf` over https, `quire_csrf` over http). */
function csrfToken() {
  for (const name of ['__Host-quire_csrf', 'quire_csrf']) {
    const match = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
    if (match) return decodeURIComponent(match.slice(name.length + 1));
  }
  return '';
}

let onSignedOut = () => {};
/** Called when the session is over (refresh refused): the app shows the sign-in page. */
export function whenSignedOut(callback) {
  onSignedOut = callback;
}

let refreshing = null;
/** One refresh at a time, shared by every request that needs it. */
function refreshSession() {
  refreshing ??= send('POST', '/api/dashboard/session/refresh')
    .then(() => true, () => false)
    .finally(() => { refreshing = null; });
  return refreshing;
}

async function send(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (!['GET', 'HEAD'].includes(method)) headers['X-CSRF-Token'] = csrfToken();
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server could not be reached. Check your connection and try again.');
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) {
    // OAuth endpoints answer RFC 6749 errors (`error`, `error_description`) rather than the API's body.
    throw new ApiError(response.status, data?.code ?? data?.error ?? `HTTP_${response.status}`,
      data?.message ?? data?.error_description ?? `The server answered ${response.status}`, data?.relatedInfo);
  }
  return data;
}

function isSessionOver(error) {
  return error.status === 401 && ['ERR_AUTH_001', 'ERR_AUTH_003'].includes(error.code);
}

/**
 * Calls the API; on an expired or missing session, refreshes once and retries. When the refresh is
 * refused, the request is still retried once: another tab may have refreshed the shared cookies first.
 */
export async function api(method, path, body) {
  try {
    return await send(method, path, body);
  } catch (error) {
    if (!isSessionOver(error)) throw error;
    await refreshSession();
    try {
      return await send(method, path, body);
    } catch (retryError) {
      if (isSessionOver(retryError)) onSignedOut();
      throw retryError;
    }
  }
}

export const session = {
  signIn: (email, password) => send('POST', '/api/dashboard/session', { email, password }),
  signUp: (name, email, password) => send('POST', '/api/dashboard/signup', { name, email, password }),
  signOut: () => send('DELETE', '/api/dashboard/session'),
  /** The signed-in user, or null. */
  async current() {
    try {
      return await api('GET', '/api/auth/verify');
    } catch (error) {
      if (error.status === 401) return null;
      throw error;
    }
  },
};
