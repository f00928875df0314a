// custcode's web page: the group tree, a folder's statistics and members, search, imports and
// re-evaluation runs, all read from the same HTTP API (relative URLs: the page is served by it).
// Performance marks "custcode:tree" and "custcode:members" say when each was shown (PageLoadBenchmark reads them).
"use strict";

// Sign-in (when the API names one at ui/sign-in.json, as it does behind the JWT authorizer): the
// authorization code flow with PKCE against the identity provider (a Cognito user pool's hosted
// sign-in in AWS); the ID token it gives is kept for the browser session and sent with every API
// call as a Bearer token. Only without a sign-in of its own does the page take a token another
// provider's redirect puts in the URL fragment (#id_token=…): with one, a fragment could plant
// someone else's token, past the state check. Locally without --oidc-issuer, and with IAM, there is none.
const TOKEN = "custcode.token", PKCE = "custcode.pkce";
let token = (() => {
  const kept = sessionStorage.getItem(TOKEN);
  return kept && !expired(kept) ? kept : null;
})();
function takeFragmentToken() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const given = fragment.get("id_token") || fragment.get("access_token");
  if (!given) return;
  history.replaceState(null, "", location.pathname + location.search);
  if (!signIn) {
    token = given;
    sessionStorage.setItem(TOKEN, given);
  }
}
function expired(jwt) {
  try {
    const claims = JSON.parse(atob(jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    return typeof claims.exp === "number" && claims.exp * 1000 < Date.now() + 30000;
  } catch (e) {
    return false;
  }
}
let signIn = null;
const b64url = bytes => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
async function startSignIn() {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const nonce = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state: nonce }));
  location.assign(signIn.authorizeUrl + "?" + new URLSearchParams({
    response_type: "code", client_id: signIn.clientId, redirect_uri: signIn.redirectUrl, scope: "openid email profile",
    state: nonce, code_challenge: challenge, code_challenge_method: "S256" }));
}
function signOut() {
  sessionStorage.removeItem(TOKEN);
  token = null;
  if (signIn && signIn.logoutUrl) {
    location.assign(signIn.logoutUrl + "?" + new URLSearchParams({ client_id: signIn.clientId, logout_uri: signIn.redirectUrl }));
  } else {
    location.reload();
  }
}
// Back from the provider with ?code=…&state=…: the code is exchanged for tokens from the browser
// (a public client: the PKCE verifier stands in for a secret), then the query is dropped.
async function finishSignIn() {
  const query = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PKCE) || "null");
  if (!query.has("code") && !query.has("error")) return;
  sessionStorage.removeItem(PKCE);
  history.replaceState(null, "", location.pathname);
  if (query.has("error")) throw new Error("sign-in failed: " + (query.get("error_description") || query.get("error")));
  if (!pending || pending.state !== query.get("state")) throw new Error("sign-in failed: the answer does not belong to this browser's sign-in");
  const response = await fetch(signIn.tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", client_id: signIn.clientId, code: query.get("code"),
      redirect_uri: signIn.redirectUrl, code_verifier: pending.verifier }) });
  const tokens = await response.json().catch(() => ({}));
  if (!response.ok || !tokens.id_token) throw new Error("sign-in failed: " + (tokens.error_description || tokens.error || response.status));
  token = tokens.id_token;
  sessionStorage.setItem(TOKEN, token);
}
function showAccount() {
  const account = document.getElementById("account");
  account.replaceChildren();
  if (!signIn) return;
  // The provider sends people back to the page's registered address only (in AWS the sign-in
  // API's, not the main API's): from anywhere else the button goes there first.
  const home = new URL(signIn.redirectUrl).origin === location.origin;
  account.append(token
    ? el("button", { id: "sign-out", type: "button", onclick: signOut }, "Sign out 退出")
    : el("button", { id: "sign-in", type: "button", class: "primary", onclick: home ? startSignIn : () => location.assign(signIn.redirectUrl) },
      "Sign in 登录"));
}
const api = async (path, options) => {
  const request = Object.assign({}, options || {});
  request.headers = Object.assign({ accept: "application/json" }, request.headers || {}, token ? { authorization: "Bearer " + token } : {});
  const response = await fetch(path, request);
  const body = await response.json().catch(() => ({}));
  if (response.status === 401 && signIn) {
    // No token, or one that has run out: the authorizer refuses before the function runs.
    sessionStorage.removeItem(TOKEN);
    token = null;
    showAccount();
    throw new Error("Sign in to see this 请先登录");
  }
  if (!response.ok) {
    const error = new Error(body.detail || body.title || body.message || response.status + " " + response.statusText);
    error.status = response.status;
    throw error;
  }
  return body;
};
const el = (tag, attrs, ...children) => {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined) e.setAttribute(k, v);
  });
  children.flat().forEach(c => e.append(c instanceof Node ? c : document.createTextNode(c === null || c === undefined ? "" : String(c))));
  return e;
};
const number = n => n === null || n === undefined ? "–" : Number(n).toLocaleString("en-US", { maximumFractionDigits: 2 });
const state = { folder: null, pages: [null], page: 0 };

// ---- tree ----
function node(n, depth) {
  const hasChildren = (n.children || []).length > 0;
  const li = el("li", { class: "node" + (hasChildren ? " collapsed" : ""), "data-path": n.path, "data-count": n.count });
  const toggle = el("span", { class: "toggle" }, hasChildren ? "▸" : "·");
  const row = el("div", { class: "row" }, toggle,
    el("span", { class: "label" }, n.label || n.folder, " ", el("small", {}, n.folder)),
    el("span", { class: "count" }, number(n.count)));
  row.addEventListener("click", () => {
    if (hasChildren) {
      li.classList.toggle("collapsed");
      toggle.textContent = li.classList.contains("collapsed") ? "▸" : "▾";
    }
    selectFolder(n.path);
  });
  li.append(row);
  if (hasChildren) li.append(el("ul", {}, n.children.map(c => node(c, depth + 1))));
  return li;
}

async function loadTree() {
  const tree = document.getElementById("tree");
  try {
    const index = await api("groups");
    tree.replaceChildren(el("div", { class: "muted", id: "tree-total", "data-total": index.total }, "all customers 全部: " + number(index.total)),
      el("ul", {}, (index.children || []).map(c => node(c, 0))));
    if (!(index.children || []).length) tree.append(el("p", { class: "muted" }, "No groups yet: drop a customer file into incoming/."));
    performance.mark("custcode:tree");
  } catch (e) {
    tree.replaceChildren(el("p", { class: "error" }, "groups: " + e.message));
  }
}

// ---- a folder ----
function bars(title, mix) {
  const entries = Object.entries(mix || {}).sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...entries.map(e => e[1]));
  return el("div", { class: "figure mix", "data-mix": title }, el("div", { class: "name" }, title),
    entries.map(([what, n]) => el("div", { class: "bar" }, el("span", { class: "what", title: what }, what),
      el("span", { class: "fill", style: "width:" + Math.round(100 * n / max) + "px" }), el("span", {}, number(n)))));
}

async function selectFolder(path) {
  state.folder = path;
  state.pages = [null];
  state.page = 0;
  document.querySelectorAll(".node.selected").forEach(n => n.classList.remove("selected"));
  const selected = document.querySelector('.node[data-path="' + CSS.escape(path) + '"]');
  if (selected) selected.classList.add("selected");
  document.getElementById("folder-title").textContent = path;
  const stats = document.getElementById("stats");
  stats.replaceChildren(el("span", { class: "muted" }, "loading…"));
  const members = loadMembers();
  try {
    const summary = await api("groups/" + path);
    const s = summary.statistics || {};
    document.getElementById("folder-title").textContent = (summary.label || path) + "  ·  " + path;
    stats.replaceChildren(
      el("div", { class: "figure" }, el("div", { class: "value", id: "stat-count" }, number(s.count !== undefined ? s.count : summary.total)), el("div", { class: "name" }, "customers 客户数")),
      el("div", { class: "figure" }, el("div", { class: "value", id: "stat-amount-sum" }, number(s.amount && s.amount.sum)), el("div", { class: "name" }, "amount sum 金额合计")),
      el("div", { class: "figure" }, el("div", { class: "value", id: "stat-amount-average" }, number(s.amount && s.amount.average)), el("div", { class: "name" }, "amount average 平均金额")),
      bars("tier 价值层级", s.mix && s.mix.tier),
      bars("lifecycle 生命周期", s.mix && s.mix.lifecycle));
  } catch (e) {
    stats.replaceChildren(el("span", { class: "error" }, e.message));
  }
  await members;
}

function memberRows(customers, body) {
  body.replaceChildren(...customers.map(c => el("tr", { "data-code": c.code, onclick: () => showCustomer(c.code) },
    el("td", {}, c.code), el("td", {}, c.name), el("td", {}, c.folder),
    el("td", {}, Object.values(c.keys || {}).filter(k => String(k).startsWith("tel:")).map(k => String(k).slice(4)).join(", ")))));
}

async function loadMembers() {
  const body = document.querySelector("#members tbody");
  const cursor = state.pages[state.page];
  try {
    const page = await api("groups/" + state.folder + "/customers?limit=20" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
    memberRows(page.items, body);
    state.pages[state.page + 1] = page.next;
    document.getElementById("page-info").textContent = "page " + (state.page + 1);
    document.getElementById("prev-page").disabled = state.page === 0;
    document.getElementById("next-page").disabled = !page.next;
    performance.mark("custcode:members");
  } catch (e) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: 4, class: "error" }, e.message)));
  }
}

// ---- a customer ----
async function showCustomer(code) {
  const box = document.getElementById("detail-body");
  box.replaceChildren(el("p", { class: "muted" }, "loading…"));
  document.getElementById("detail").hidden = false;
  try {
    const [c, history, why] = await Promise.all([api("customers/" + encodeURIComponent(code)), api("customers/" + encodeURIComponent(code) + "/history?limit=20"),
      api("customers/" + encodeURIComponent(code) + "/explain").catch(() => null)]);
    const dims = Object.entries(c.dimensions || {}).map(([d, v]) => [d, v.label + " (" + v.value + ")"]);
    box.replaceChildren(
      el("h2", { id: "detail-code" }, c.code, " ", el("small", { class: "muted" }, c.name)),
      el("dl", { id: "detail-fields" }, [["folder 分组", c.folder]].concat(dims, Object.entries(c.attributes || {}), [["keys", (c.keys || []).join(", ")]])
        .flatMap(([k, v]) => [el("dt", {}, k), el("dd", { "data-field": k }, v)])),
      el("h3", {}, "why here 分组依据"),
      el("ul", { id: "why" }, why ? why.dimensions.map(d => el("li", { "data-dimension": d.dimension }, el("b", {}, d.dimension + ": " + d.label), " — ", d.because))
        .concat(why.moves ? [el("li", { class: "error" }, "the next re-evaluation moves it to " + why.moves)] : []) : []),
      el("h3", {}, "history 历史"),
      el("table", { id: "history" }, el("tbody", {}, (history.changes || []).map(h =>
        el("tr", {}, el("td", {}, (h.at || "").replace("T", " ").slice(0, 19)), el("td", {}, h.kind), el("td", {}, h.importId || ""),
          el("td", {}, (h.fields || []).map(f => f.field + (f.to === undefined || f.to === null ? "" : " → " + f.to)).join("; ")))))));
  } catch (e) {
    box.replaceChildren(el("p", { class: "error" }, code + ": " + e.message));
  }
}

// ---- search ----
async function search(text) {
  const q = text.trim();
  if (!q) return;
  if (/^[A-Za-z]{1,8}\d{3,}$/.test(q)) {
    // Shaped like a code (NED000042), or a source id shaped like one (C0001): a code when one answers.
    const known = await api("customers/" + encodeURIComponent(q.toUpperCase())).then(() => true, e => e.status !== 404);
    if (known) return showCustomer(q.toUpperCase());
  }
  // A phone, then (all digits: 200345, 000777) a customer id or tax id; an email; anything else an id.
  const kinds = q.includes("@") ? ["email"] : /^[+\d][\d\s\-()]{5,}$/.test(q) ? ["phone", "sourceId", "taxId"] : ["sourceId", "taxId"];
  const words = { phone: "phone", sourceId: "customer id", taxId: "tax id", email: "email" };
  const box = document.getElementById("detail-body");
  document.getElementById("detail").hidden = false;
  box.replaceChildren(el("p", { class: "muted" }, "searching…"));
  try {
    let customers = [];
    for (const k of kinds) {
      try {
        customers = (await api("customers?" + k + "=" + encodeURIComponent(q))).customers || [];
      } catch (e) {
        if (k !== "phone" || e.status !== 400) throw e;
        customers = []; // not a phone number as the API reads one (000777): an id, maybe
      }
      if (customers.length) break;
    }
    if (customers.length === 1) return showCustomer(customers[0].code);
    const body = el("tbody");
    memberRows(customers, body);
    box.replaceChildren(el("h2", {}, customers.length ? customers.length + " found" : "nobody has " + kinds.map(k => words[k]).join(", ") + " " + q), el("table", { id: "found" }, body));
  } catch (e) {
    box.replaceChildren(el("p", { class: "error" }, e.message));
  }
}

// ---- imports and runs ----
// The rows a file of an import holds: duplicates.csv lists probable duplicates, not the rows repeated in the file.
const linkCount = (counts, name) => (counts || {})[name === "duplicates" ? "duplicateCandidates" : name] || 0;
async function loadImports() {
  const body = document.querySelector("#imports tbody");
  try {
    const list = await api("imports?limit=50");
    body.replaceChildren(...list.items.map(i => {
      const p = i.progress || {};
      const percent = i.status === "RUNNING" ? (p.percent !== undefined ? p.percent : null) : 100;
      const links = el("td", { class: "links" });
      const row = el("tr", { "data-import": i.importId, "data-status": i.status, "data-key": i.source && i.source.key },
        el("td", {}, i.importId), el("td", {}, i.source && i.source.key), el("td", { class: "status-" + i.status }, i.status),
        el("td", {}, percent === null ? (number(p.rowsRead) + " rows") : el("progress", { max: 100, value: percent }), " ", percent === null ? "" : Math.round(percent) + "%"),
        el("td", {}, number(i.accepted)), el("td", {}, number(i.rejected)), el("td", {}, (i.startedAt || "").replace("T", " ").slice(0, 19)), links);
      if (i.status !== "RUNNING") {
        // The report always; the rejected, conflicts and warnings files when they have rows.
        api("imports/" + i.importId).then(d => Object.entries(d.links || {})
          .filter(([name]) => name === "report" || linkCount(d.counts, name) > 0)
          .forEach(([name, url]) => links.append(el("a", { href: url, target: "_blank", rel: "noopener" },
            name === "report" ? name : name + " (" + linkCount(d.counts, name) + ")"), " "))).catch(() => {});
      }
      return row;
    }));
    if (list.items.some(i => i.status === "RUNNING") && !document.getElementById("view-imports").hidden) setTimeout(loadImports, 2000);
  } catch (e) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: 8, class: "error" }, e.message)));
  }
}

async function loadEvaluations() {
  const body = document.querySelector("#evaluations tbody");
  try {
    const list = await api("evaluations?limit=50");
    body.replaceChildren(...list.items.map(r => el("tr", { "data-run": r.runId, onclick: () => showEvaluation(r.runId) },
      el("td", {}, r.runId), el("td", {}, r.status, r.progress ? runProgress(r.progress) : ""), el("td", {}, r.asOf), el("td", {}, number(r.customers)), el("td", {}, number(r.changed)), el("td", {}, number(r.moved)))));
  } catch (e) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: 6, class: "error" }, e.message)));
  }
}

// A running run: its phase and how far it is (a bar when the number of customers is known).
function runProgress(p) {
  return el("span", { class: "state" }, " " + p.phase + " ",
    p.percent !== undefined ? el("progress", { max: 100, value: p.percent }) : "",
    " " + number(p.customersRead) + (p.customers !== undefined ? " of " + number(p.customers) : "") + " customers");
}

async function showEvaluation(runId) {
  const box = document.getElementById("evaluation");
  const r = await api("evaluations/" + runId);
  box.replaceChildren(el("h3", {}, runId), ...Object.entries(r.matrix || {}).map(([dimension, rows]) => {
    const tos = [...new Set(Object.values(rows).flatMap(Object.keys))].sort();
    return el("table", { class: "matrix", "data-dimension": dimension },
      el("thead", {}, el("tr", {}, el("th", {}, dimension + ": from → to"), tos.map(t => el("th", {}, t)))),
      el("tbody", {}, Object.entries(rows).map(([from, cols]) => el("tr", {}, el("th", {}, from), tos.map(t => el("td", {}, number(cols[t] || 0)))))));
  }));
}

// ---- file drop: a presigned PUT per file straight into incoming/, then its import watched ----
function upload(file) {
  const bar = el("progress", { max: 100, value: 0 });
  const stateText = el("span", { class: "state" }, "starting");
  const item = el("li", { "data-file": file.name }, el("strong", {}, file.name), bar, stateText);
  document.getElementById("uploads").prepend(item);
  const started = Date.now();
  api("uploads", { method: "POST", headers: { accept: "application/json", "content-type": "application/json" }, body: JSON.stringify({ name: file.name }) })
    .then(target => new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("PUT", target.url);
      xhr.upload.onprogress = e => { if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); stateText.textContent = "uploading " + bar.value + "%"; } };
      xhr.onload = () => xhr.status < 300 ? resolve(target) : reject(new Error("the upload was refused: " + xhr.status));
      xhr.onerror = () => reject(new Error("the upload failed (network, or the bucket's CORS rules)"));
      xhr.send(file);
    }))
    .then(target => {
      item.dataset.key = target.key;
      bar.value = 100;
      stateText.textContent = "uploaded, importing…";
      watch(target.key, started, item, stateText);
    })
    .catch(e => { stateText.textContent = e.message; stateText.className = "state error"; });
}

async function watch(key, since, item, stateText) {
  try {
    const list = await api("imports?limit=50");
    const mine = list.items.find(i => i.source && i.source.key === key && Date.parse(i.startedAt) >= since - 60000);
    if (mine) {
      item.dataset.import = mine.importId;
      const p = mine.progress || {};
      stateText.textContent = mine.status + (mine.status === "RUNNING"
        ? (p.percent !== undefined ? " " + Math.round(p.percent) + "%" : " " + number(p.rowsRead) + " rows") : " · " + number(mine.accepted) + " accepted, " + number(mine.rejected) + " rejected");
      stateText.className = "state status-" + mine.status;
      loadImports();
      if (mine.status !== "RUNNING") return;
    }
  } catch (e) {
    stateText.textContent = e.message;
  }
  setTimeout(() => watch(key, since, item, stateText), 1500);
}

const drop = document.getElementById("drop");
drop.addEventListener("dragover", e => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", e => { e.preventDefault(); drop.classList.remove("over"); [...e.dataTransfer.files].forEach(upload); });
document.getElementById("file").addEventListener("change", e => { [...e.target.files].forEach(upload); e.target.value = ""; });

// ---- wiring ----
document.querySelectorAll(".tab").forEach(tab => tab.addEventListener("click", () => {
  document.querySelectorAll(".tab").forEach(t => t.classList.toggle("active", t === tab));
  document.querySelectorAll(".view").forEach(v => { v.hidden = v.id !== "view-" + tab.dataset.view; });
  if (tab.dataset.view === "imports") loadImports();
  if (tab.dataset.view === "evaluations") loadEvaluations();
  if (tab.dataset.view === "groups") loadTree();
}));
document.getElementById("search").addEventListener("submit", e => { e.preventDefault(); search(document.getElementById("search-input").value); });
document.getElementById("detail-close").addEventListener("click", () => { document.getElementById("detail").hidden = true; });
document.getElementById("next-page").addEventListener("click", () => { state.page++; loadMembers(); });
document.getElementById("prev-page").addEventListener("click", () => { state.page = Math.max(0, state.page - 1); loadMembers(); });
(async () => {
  // The sign-in settings first (one small open file): they decide which token, if any, the tree is read with.
  try {
    signIn = (await fetch("ui/sign-in.json").then(r => r.json())).signIn;
    takeFragmentToken();
    if (signIn) await finishSignIn();
  } catch (e) {
    showAccount();
    document.getElementById("tree").replaceChildren(el("p", { class: "error" }, e.message));
    return;
  }
  showAccount();
  loadTree();
})();
