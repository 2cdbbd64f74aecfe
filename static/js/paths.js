// Where this app's "/" is, as the browser sees it, and app paths made into URLs from there.
//
//   appUrl("/api/v1/trace?text=hi")  -> "http://host/<root>/api/v1/trace?text=hi"
//   appUrl("/tasks?lang=ko")         -> a link to the tasks page, under the same root
//
// The page may be served under a path prefix that a proxy strips: jupyter-server-proxy's
// /user/<name>/proxy/<port>/, an nginx `location /rnnscope/`, a notebook's port forwarding.
// An app path written from the host's own "/" would leave the prefix behind, so the page
// writes every path from the app's "/" (as the server's routes are written) and this module
// puts the page's root in front: the server renders it into <html data-root> (root() in
// server/prefix.py: "./" relative to the page, or the prefix the proxy names). api.js
// does it for every request; links, scripts and anything else the page points to call appUrl().
export const ROOT = new URL(document.documentElement.dataset.root || "./", location.href);

export function appUrl(path) {
  return new URL(String(path).replace(/^\//, ""), ROOT).href;
}
