// The admin token (the server's RNNSCOPE_ADMIN_TOKEN) as the lecturer typed it, kept for this tab
// only (sessionStorage), so that the writes of the model store (models/store.js) and of the
// corpus page (corpus/job.js) send it: `Authorization: Bearer <token>`. Typed once on either
// page, it serves both in the same tab.

const KEY = "rnnscope.adminToken";

// sessionStorage throws in a third-party frame (the page in a notebook's iframe): no token kept there.
function kept() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function adminHeaders() {
  const token = kept()?.getItem(KEY);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

// A token to send from now on; "" or null forgets it.
export function setAdminToken(token) {
  if (token) kept()?.setItem(KEY, token);
  else kept()?.removeItem(KEY);
}

// `init` of an api.js request() that writes: the token's header added.
export const asAdmin = (init = {}) => ({ ...init, headers: { ...adminHeaders(), ...init.headers } });
