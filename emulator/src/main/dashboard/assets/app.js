// The s2lite dashboard: a small single-page app with no dependencies and no build step.
// S2 data (create, delete, reconfigure, append, the live tail) goes through the S2 API under /v1,
// as s2-lite's dashboard does; the emulator's own state (listing with tails, records pages, the
// clock, fault rules, the journal, snapshots, reset) through the admin API under /_emulator.

const app = document.getElementById("app");
const ROOT = "/dashboard";
const OPERATIONS = [
  "append", "append_session", "read", "read_session", "check_tail",
  "list_basins", "create_basin", "ensure_basin", "get_basin_config", "reconfigure_basin", "delete_basin",
  "list_streams", "create_stream", "ensure_stream", "get_stream_config", "reconfigure_stream", "delete_stream",
  "other",
];

// --- small DOM helpers ---

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "value") el.value = value;
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function link(path, text) {
  return h("a", { href: ROOT + path, "data-link": true }, text);
}

function flash(message, error = false) {
  const msg = h("div", { class: error ? "msg error" : "msg" }, message);
  document.getElementById("flash").append(msg);
  setTimeout(() => msg.remove(), error ? 6000 : 2500);
}

function table(headers, rows, emptyText) {
  if (rows.length === 0) return h("div", { class: "empty" }, emptyText);
  return h("table", {}, h("thead", {}, h("tr", {}, headers.map((x) => h("th", {}, x)))), h("tbody", {}, rows));
}

function pretty(value) {
  return h("pre", {}, JSON.stringify(value, null, 2));
}

function fmtTime(ms) {
  const n = Number(ms);
  if (!Number.isFinite(n) || n <= 0) return "-";
  try { return new Date(n).toISOString(); } catch { return String(ms); }
}

// --- HTTP ---

class ApiError extends Error {
  constructor(status, code, message) {
    super(`${status}${code ? " " + code : ""}: ${message}`);
    this.status = status;
  }
}

async function call(method, path, { basin, json, body, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (basin) init.headers["s2-basin"] = basin;
  if (json !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(json);
  } else if (body !== undefined) {
    init.body = body;
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let data = null;
  if (text && (res.headers.get("content-type") || "").includes("json")) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    throw new ApiError(res.status, data && data.code, (data && data.message) || text || res.statusText);
  }
  return data !== null ? data : text;
}

const s2 = (method, path, options) => call(method, "/v1" + path, options);
const admin = (method, path, options) => call(method, "/_emulator" + path, options);

/** Runs an action from a button or form; reports failure instead of throwing. */
async function act(what, fn, after) {
  try {
    await fn();
    flash(what);
    if (after) await after();
  } catch (e) {
    flash(`${what} failed: ${e.message}`, true);
  }
}

function parseJsonField(text, what) {
  if (!text.trim()) return undefined;
  try { return JSON.parse(text); } catch (e) { throw new Error(`${what} is not JSON: ${e.message}`); }
}

// --- bytes ---

function b64ToBytes(b64) {
  const bin = atob(b64 || "");
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function show(bytes, mode) {
  if (mode === "hex") {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(bytes);
}

function headersText(pairs, mode) {
  return pairs.map(([n, v]) => `${show(b64ToBytes(n), mode)}: ${show(b64ToBytes(v), mode)}`).join("\n");
}

// --- the clock badge, on every page ---

async function refreshClock() {
  const badge = document.getElementById("clock-badge");
  try {
    const clock = await admin("GET", "/clock");
    badge.textContent = (clock.frozen ? "frozen " : "") + clock.now.replace("T", " ").replace(/\.\d+Z$/, "Z");
    badge.className = clock.frozen ? "badge frozen" : "badge";
  } catch {
    badge.textContent = "server unreachable";
  }
}

// --- routing ---

let cleanup = [];
function onLeave(fn) { cleanup.push(fn); }

function route() {
  for (const fn of cleanup) fn();
  cleanup = [];
  const path = decodeURI(location.pathname).replace(/\/+$/, "") || ROOT;
  const rest = location.pathname.replace(/^\/dashboard\/?/, "").replace(/\/+$/, "");
  const parts = rest === "" ? [] : rest.split("/").map(decodeURIComponent);
  let nav = "basins";
  app.replaceChildren();
  if (parts.length === 0) basinsPage();
  else if (parts[0] === "basins" && parts.length === 2) basinPage(parts[1]);
  else if (parts[0] === "basins" && parts.length === 4 && parts[2] === "streams") streamPage(parts[1], parts[3]);
  else if (parts[0] === "journal") { nav = "journal"; journalPage(); }
  else if (parts[0] === "faults") { nav = "faults"; faultsPage(); }
  else if (parts[0] === "clock") { nav = "clock"; clockPage(); }
  else if (parts[0] === "server") { nav = "server"; serverPage(); }
  else app.append(h("h1", {}, "Not found"), h("p", {}, "No page at ", path, ". ", link("", "Back to basins")));
  for (const a of document.querySelectorAll("header nav a")) {
    a.classList.toggle("active", a.dataset.nav === nav);
  }
}

function go(path) {
  history.pushState(null, "", ROOT + path);
  route();
}

document.addEventListener("click", (event) => {
  const a = event.target.closest("a[data-link]");
  if (!a || event.ctrlKey || event.metaKey || event.shiftKey || a.target) return;
  event.preventDefault();
  history.pushState(null, "", a.getAttribute("href"));
  route();
});
window.addEventListener("popstate", route);

/** Re-runs `load` every `ms` while the page is shown. */
function every(ms, load) {
  const timer = setInterval(load, ms);
  onLeave(() => clearInterval(timer));
}

const streamPath = (basin, stream) => `/basins/${encodeURIComponent(basin)}/streams/${encodeURIComponent(stream)}`;

// --- pages ---

function basinsPage() {
  const list = h("div", { id: "basins" });
  const load = async () => {
    try {
      const state = await admin("GET", "/state");
      list.replaceChildren(table(
        ["Basin", "Streams", "Create on append / read", "Default stream config", "Created", ""],
        state.basins.map((b) => h("tr", { "data-basin": b.name },
          h("td", {}, link(`/basins/${encodeURIComponent(b.name)}`, b.name), b.deleting ? h("span", { class: "pill bad" }, " deleting") : ""),
          h("td", {}, b.streams.length),
          h("td", {}, `${b.config.create_stream_on_append ? "yes" : "no"} / ${b.config.create_stream_on_read ? "yes" : "no"}`),
          h("td", { class: "mono" }, b.config.default_stream_config ? JSON.stringify(b.config.default_stream_config) : "-"),
          h("td", { class: "mono" }, b.created_at),
          h("td", {}, h("button", { class: "danger", onclick: () => act(`Deleted basin ${b.name}`,
            () => s2("DELETE", `/basins/${encodeURIComponent(b.name)}`), load) }, "Delete")),
        )),
        "No basins yet. Create one below, seed an init file on the Server page, or point an SDK at this server.",
      ));
    } catch (e) {
      list.replaceChildren(h("div", { class: "empty" }, `Cannot list basins: ${e.message}`));
    }
  };
  const name = h("input", { name: "basin", placeholder: "my-basin", required: true, pattern: "[a-z0-9][a-z0-9-]{6,46}[a-z0-9]" });
  const onAppend = h("input", { type: "checkbox", name: "create_stream_on_append" });
  const onRead = h("input", { type: "checkbox", name: "create_stream_on_read" });
  const config = h("textarea", { name: "default_stream_config", placeholder: '{"retention_policy": {"age": 86400}}' });
  const form = h("form", { id: "create-basin", onsubmit: (e) => {
    e.preventDefault();
    act(`Created basin ${name.value}`, () => s2("POST", "/basins", { json: { basin: name.value, config: {
      create_stream_on_append: onAppend.checked,
      create_stream_on_read: onRead.checked,
      default_stream_config: parseJsonField(config.value, "Default stream config"),
    } } }), async () => { name.value = ""; await load(); });
  } },
  h("label", {}, "Basin name", name),
  h("label", {}, "Default stream config (JSON, optional)", config),
  h("label", { class: "inline" }, onAppend, "create streams on append"),
  h("label", { class: "inline" }, onRead, "create streams on read"),
  h("button", { type: "submit" }, "Create basin"));
  app.append(h("h1", {}, "Basins"), h("section", { class: "panel" }, list), h("section", { class: "panel" }, h("h2", {}, "Create a basin"), form));
  load();
  every(3000, load);
}

function basinPage(basin) {
  const info = h("div");
  const streams = h("div", { id: "streams" });
  const load = async () => {
    try {
      const state = await admin("GET", "/state");
      const b = state.basins.find((x) => x.name === basin);
      if (!b) {
        info.replaceChildren(h("div", { class: "empty" }, `Basin ${basin} does not exist (any more).`));
        streams.replaceChildren();
        return;
      }
      info.replaceChildren(pretty(b.config));
      streams.replaceChildren(table(
        ["Stream", "Tail seq_num", "Last timestamp", "Live records", "Retention", "Storage", "Timestamping", "Delete on empty", ""],
        b.streams.map((s) => h("tr", { "data-stream": s.name },
          h("td", {}, link(streamPath(basin, s.name), s.name), s.deleting ? h("span", { class: "pill bad" }, " deleting") : ""),
          h("td", { class: "mono" }, s.tail.seq_num),
          h("td", { class: "mono" }, fmtTime(s.tail.timestamp)),
          h("td", { class: "mono" }, s.live_records),
          h("td", { class: "mono" }, JSON.stringify(s.config.retention_policy)),
          h("td", {}, s.config.storage_class),
          h("td", {}, s.config.timestamping ? s.config.timestamping.mode : "-"),
          h("td", { class: "mono" }, s.config.delete_on_empty ? s.config.delete_on_empty.min_age_secs + " s" : "-"),
          h("td", {}, h("button", { class: "danger", onclick: () => act(`Deleted stream ${s.name}`,
            () => s2("DELETE", `/streams/${encodeURIComponent(s.name)}`, { basin }), load) }, "Delete")),
        )),
        "No streams in this basin.",
      ));
    } catch (e) {
      info.replaceChildren(h("div", { class: "empty" }, `Cannot load: ${e.message}`));
    }
  };
  const name = h("input", { name: "stream", placeholder: "orders/eu", required: true });
  const config = h("textarea", { name: "config", placeholder: '{"retention_policy": {"age": 86400}}' });
  const patch = h("textarea", { name: "reconfiguration", placeholder: '{"create_stream_on_append": true}' });
  app.append(
    h("div", { class: "crumbs" }, link("", "Basins"), " / ", basin),
    h("h1", {}, basin),
    h("div", { class: "grid" },
      h("section", { class: "panel" }, h("h2", {}, "Config"), info,
        h("form", { class: "stack", onsubmit: (e) => {
          e.preventDefault();
          act("Reconfigured basin", () => s2("PATCH", `/basins/${encodeURIComponent(basin)}`, { json: parseJsonField(patch.value, "Reconfiguration") || {} }), load);
        } }, h("label", {}, "Reconfigure (JSON patch: absent keeps, null clears)", patch), h("button", { type: "submit" }, "Reconfigure"))),
      h("section", { class: "panel" }, h("h2", {}, "Create a stream"),
        h("form", { class: "stack", id: "create-stream", onsubmit: (e) => {
          e.preventDefault();
          act(`Created stream ${name.value}`, () => s2("POST", "/streams", { basin, json: { stream: name.value, config: parseJsonField(config.value, "Config") } }),
            async () => { name.value = ""; await load(); });
        } }, h("label", {}, "Stream name", name), h("label", {}, "Config (JSON, optional)", config), h("button", { type: "submit" }, "Create stream")),
        h("p", { class: "muted" }, h("button", { class: "danger", onclick: () => act(`Reset basin ${basin}`,
          () => admin("POST", `/reset?basin=${encodeURIComponent(basin)}`), () => go("")) }, "Reset this basin"),
          " forgets it at once, with its streams and records."))),
    h("section", { class: "panel" }, h("h2", {}, "Streams"), streams),
  );
  load();
  every(3000, load);
}

function streamPage(basin, stream) {
  let mode = "text";
  let from = 0;
  const pageSize = 25;
  const meta = h("div");
  const records = h("div", { id: "records" });
  const fromInput = h("input", { type: "number", min: 0, value: 0, style: "width: 110px" });
  const modeSelect = h("select", { id: "body-format", onchange: () => { mode = modeSelect.value; loadRecords(); renderLive(); } },
    h("option", { value: "text" }, "bodies as text"), h("option", { value: "hex" }, "bodies as hex"));
  const loadRecords = async () => {
    try {
      const page = await admin("GET", `/records?basin=${encodeURIComponent(basin)}&stream=${encodeURIComponent(stream)}&seq_num=${from}&count=${pageSize}`);
      meta.replaceChildren(h("div", { class: "row" },
        h("span", { class: "pill" }, `tail ${page.tail.seq_num}`),
        h("span", { class: "pill" }, `last timestamp ${fmtTime(page.tail.timestamp)}`),
        h("span", { class: "pill" }, `trim point ${page.trim_point}`),
        page.cipher ? h("span", { class: "pill warn" }, `encrypted (${page.cipher})`) : ""));
      records.replaceChildren(table(["seq_num", "Timestamp", "Headers", "Body"],
        page.records.map((r) => h("tr", { "data-seq": r.seq_num },
          h("td", { class: "mono" }, r.seq_num),
          h("td", { class: "mono" }, fmtTime(r.timestamp)),
          h("td", { class: "mono body" }, r.encrypted ? "(encrypted)" : headersText(r.headers, mode)),
          h("td", { class: "mono body" }, r.encrypted ? "(encrypted)" : show(b64ToBytes(r.body), mode)))),
        `No records from seq_num ${from} (tail ${page.tail.seq_num}).`));
    } catch (e) {
      records.replaceChildren(h("div", { class: "empty" }, `Cannot read: ${e.message}`));
    }
  };
  const pager = h("div", { class: "row" },
    h("button", { class: "secondary", onclick: () => { from = Math.max(0, from - pageSize); fromInput.value = from; loadRecords(); } }, "Previous"),
    h("label", { class: "inline" }, "from seq_num", fromInput),
    h("button", { class: "secondary", onclick: () => { from = Number(fromInput.value) || 0; loadRecords(); } }, "Go"),
    h("button", { class: "secondary", onclick: () => { from += pageSize; fromInput.value = from; loadRecords(); } }, "Next"),
    modeSelect);

  // Live tail: an SSE read session from the tail, through the S2 API.
  const liveRows = [];
  const liveList = h("div", { id: "live-tail", class: "live" });
  const liveStatus = h("span", { id: "live-status", class: "pill" }, "stopped");
  let controller = null;
  const renderLive = () => {
    liveList.replaceChildren(table(["seq_num", "Timestamp", "Headers", "Body"],
      liveRows.slice().reverse().map((r) => h("tr", { "data-seq": r.seq_num },
        h("td", { class: "mono" }, r.seq_num),
        h("td", { class: "mono" }, fmtTime(r.timestamp)),
        h("td", { class: "mono body" }, headersText(r.headers || [], mode)),
        h("td", { class: "mono body" }, show(b64ToBytes(r.body), mode)))),
      "Waiting for new records..."));
  };
  const setStatus = (text, kind) => { liveStatus.textContent = text; liveStatus.className = `pill ${kind || ""}`; };
  const startLive = async () => {
    stopLive();
    const mine = new AbortController();
    controller = mine;
    setStatus("connecting", "warn");
    try {
      const res = await fetch(`/v1/streams/${encodeURIComponent(stream)}/records?tail_offset=0`, {
        headers: { "s2-basin": basin, accept: "text/event-stream", "s2-format": "base64" },
        signal: mine.signal,
      });
      if (!res.ok) {
        const body = await res.text();
        setStatus(`failed: ${res.status}`, "bad");
        flash(`Live tail failed: ${res.status} ${body}`, true);
        return;
      }
      setStatus("live", "good");
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let name = "message";
          let data = "";
          for (const line of event.split("\n")) {
            if (line.startsWith("event:")) name = line.slice(6).trim();
            else if (line.startsWith("data:")) data += line.slice(5).trim();
          }
          if (name === "batch") {
            const batch = JSON.parse(data);
            for (const r of batch.records) liveRows.push(r);
            if (liveRows.length > 200) liveRows.splice(0, liveRows.length - 200);
            renderLive();
          } else if (name === "error") {
            setStatus("ended with an error", "bad");
            flash(`Live tail: ${data}`, true);
          }
        }
      }
      if (controller === mine) setStatus("ended", "");
    } catch (e) {
      if (e.name !== "AbortError") {
        setStatus("disconnected", "bad");
      }
    }
  };
  const stopLive = () => {
    if (controller) {
      controller.abort();
      controller = null;
    }
    setStatus("stopped", "");
  };
  onLeave(stopLive);

  // Append (lite's "studio"): a JSON append through the S2 API.
  const body = h("textarea", { name: "body", placeholder: "record body (text)" });
  const headers = h("textarea", { name: "headers", placeholder: "name: value (one header per line)" });
  const appendForm = h("form", { class: "stack", id: "append", onsubmit: (e) => {
    e.preventDefault();
    const hs = headers.value.split("\n").filter((l) => l.trim()).map((l) => {
      const i = l.indexOf(":");
      return i < 0 ? [l.trim(), ""] : [l.slice(0, i).trim(), l.slice(i + 1).trim()];
    });
    act("Appended", () => s2("POST", `/streams/${encodeURIComponent(stream)}/records`, { basin, json: { records: [{ body: body.value, headers: hs }] } }),
      async () => { body.value = ""; await loadRecords(); });
  } }, h("label", {}, "Body", body), h("label", {}, "Headers", headers), h("button", { type: "submit" }, "Append record"));

  app.append(
    h("div", { class: "crumbs" }, link("", "Basins"), " / ", link(`/basins/${encodeURIComponent(basin)}`, basin), " / ", stream),
    h("h1", {}, stream, h("small", {}, `in ${basin}`)),
    h("section", { class: "panel" }, h("h2", {}, "Records"), meta, pager, records),
    h("div", { class: "grid" },
      h("section", { class: "panel" }, h("h2", {}, "Live tail ", liveStatus),
        h("div", { class: "row" }, h("button", { id: "live-start", class: "secondary", onclick: startLive }, "Restart"),
          h("button", { id: "live-stop", class: "secondary", onclick: stopLive }, "Stop")),
        liveList),
      h("section", { class: "panel" }, h("h2", {}, "Append"), appendForm)),
  );
  renderLive();
  loadRecords();
  startLive();
  every(3000, loadRecords);
}

function journalPage() {
  const operation = h("select", { name: "operation" }, h("option", { value: "" }, "any operation"), OPERATIONS.map((o) => h("option", { value: o }, o)));
  const basin = h("input", { name: "basin", placeholder: "basin" });
  const streamPrefix = h("input", { name: "stream_prefix", placeholder: "stream prefix" });
  const status = h("input", { name: "status", placeholder: "status", style: "width: 80px" });
  const auto = h("input", { type: "checkbox", checked: true });
  const out = h("div", { id: "journal" });
  const load = async () => {
    const q = new URLSearchParams({ limit: "200" });
    if (operation.value) q.set("operation", operation.value);
    if (basin.value) q.set("basin", basin.value);
    if (streamPrefix.value) q.set("stream_prefix", streamPrefix.value);
    if (status.value) q.set("status", status.value);
    try {
      const journal = await admin("GET", `/journal?${q}`);
      const rows = [];
      for (const e of journal.requests.slice().reverse()) {
        const detail = h("tr", { class: "detail", hidden: true }, h("td", { colspan: 9 },
          h("div", { class: "grid" },
            h("div", {}, h("h2", {}, "Headers"), h("pre", {}, e.headers.map(([n, v]) => `${n}: ${v}`).join("\n"))),
            h("div", {}, h("h2", {}, "Body"), h("pre", {}, `${e.body.bytes} bytes${e.body.content_type ? ", " + e.body.content_type : ""}${e.body.content_encoding ? ", " + e.body.content_encoding : ""}${e.body.truncated ? ", truncated" : ""}\n\n${e.body.text ?? ""}`)))));
        rows.push(h("tr", { class: "clickable", "data-id": e.id, onclick: () => { detail.hidden = !detail.hidden; } },
          h("td", { class: "mono" }, e.id),
          h("td", { class: "mono" }, e.at.replace("T", " ")),
          h("td", {}, e.method),
          h("td", {}, e.operation),
          h("td", {}, e.basin ?? ""),
          h("td", {}, e.stream ?? ""),
          h("td", {}, h("span", { class: `pill ${e.status >= 400 || e.status === 0 ? "bad" : "good"}` }, e.completed ? (e.status || "no response") : `${e.status} (open)`)),
          h("td", { class: "mono" }, `${e.duration_ms.toFixed(1)} ms`),
          h("td", {}, e.fault_rule ? h("span", { class: "pill warn" }, e.fault_rule) : "")), detail);
      }
      out.replaceChildren(
        h("p", { class: "muted" }, `${journal.requests.length} shown, newest first; the journal keeps ${journal.capacity}${journal.dropped ? `, ${journal.dropped} older ones dropped` : ""}. Click a row for its headers and body.`),
        table(["#", "At", "Method", "Operation", "Basin", "Stream", "Status", "Duration", "Fault"], rows, "No requests recorded."));
    } catch (e) {
      out.replaceChildren(h("div", { class: "empty" }, `Cannot load the journal: ${e.message}`));
    }
  };
  app.append(h("h1", {}, "Request journal"),
    h("section", { class: "panel" },
      h("form", { onsubmit: (e) => { e.preventDefault(); load(); } },
        h("label", {}, "Operation", operation), h("label", {}, "Basin", basin), h("label", {}, "Stream prefix", streamPrefix),
        h("label", {}, "Status", status), h("button", { type: "submit" }, "Filter"),
        h("label", { class: "inline" }, auto, "refresh every 2 s"),
        h("button", { type: "button", id: "clear-journal", class: "danger", onclick: () => act("Cleared the journal", () => admin("DELETE", "/journal"), load) }, "Clear"))),
    h("section", { class: "panel" }, out));
  load();
  every(2000, () => { if (auto.checked) load(); });
}

function describeAction(a) {
  if (a.error) return `error ${a.error.status} ${a.error.code}`;
  if (a.latency) return `latency ${a.latency}`;
  if (a.drop_session) return `drop session after ${a.drop_session.after_messages} messages`;
  return "close connection";
}

function faultsPage() {
  const list = h("div", { id: "faults" });
  const load = async () => {
    try {
      const { rules } = await admin("GET", "/faults");
      list.replaceChildren(table(["Id", "Operations", "Basin", "Stream", "Action", "Fired", "Remaining", "Probability", "Expires", ""],
        rules.map((r) => h("tr", { "data-rule": r.id },
          h("td", { class: "mono" }, r.id),
          h("td", {}, r.operations.length ? r.operations.join(", ") : "any"),
          h("td", {}, r.basin ?? (r.basin_prefix ? `${r.basin_prefix}*` : "any")),
          h("td", {}, r.stream ?? (r.stream_prefix ? `${r.stream_prefix}*` : "any")),
          h("td", {}, describeAction(r.action)),
          h("td", { class: "mono" }, r.fired),
          h("td", { class: "mono" }, r.remaining ?? "unlimited"),
          h("td", { class: "mono" }, r.probability + (r.seed !== null ? ` (seed ${r.seed})` : "")),
          h("td", { class: "mono" }, r.expires_at ?? "never"),
          h("td", {}, h("button", { class: "danger", onclick: () => act(`Removed ${r.id}`, () => admin("DELETE", `/faults/${r.id}`), load) }, "Remove")))),
        "No fault rules: every request is served normally."));
    } catch (e) {
      list.replaceChildren(h("div", { class: "empty" }, `Cannot load: ${e.message}`));
    }
  };
  const operation = h("select", { name: "operation" }, h("option", { value: "" }, "any operation"), OPERATIONS.map((o) => h("option", { value: o }, o)));
  const basin = h("input", { name: "basin", placeholder: "any" });
  const basinPrefix = h("input", { name: "basin_prefix", placeholder: "none" });
  const stream = h("input", { name: "stream", placeholder: "any" });
  const streamPrefix = h("input", { name: "stream_prefix", placeholder: "none" });
  const kind = h("select", { name: "action" },
    h("option", { value: "error" }, "error"), h("option", { value: "latency" }, "latency"),
    h("option", { value: "drop_session" }, "drop session"), h("option", { value: "close_connection" }, "close connection"));
  const status = h("input", { name: "status", value: "503", style: "width: 70px" });
  const code = h("input", { name: "code", placeholder: "default for status", style: "width: 150px" });
  const latency = h("input", { name: "latency", value: "500ms", style: "width: 90px" });
  const after = h("input", { name: "after_messages", value: "1", style: "width: 70px" });
  const times = h("input", { name: "times", value: "1", placeholder: "unlimited", style: "width: 80px" });
  const probability = h("input", { name: "probability", value: "1", style: "width: 70px" });
  const seed = h("input", { name: "seed", placeholder: "random", style: "width: 80px" });
  const expires = h("input", { name: "expires_after", placeholder: "never", style: "width: 90px" });
  const form = h("form", { id: "add-fault", onsubmit: (e) => {
    e.preventDefault();
    const action = kind.value === "error" ? { error: { status: Number(status.value), ...(code.value ? { code: code.value } : {}) } }
      : kind.value === "latency" ? { latency: latency.value }
        : kind.value === "drop_session" ? { drop_session: { after_messages: Number(after.value) } }
          : { close_connection: {} };
    const rule = { action };
    if (operation.value) rule.operation = operation.value;
    if (basin.value) rule.basin = basin.value;
    if (basinPrefix.value) rule.basin_prefix = basinPrefix.value;
    if (stream.value) rule.stream = stream.value;
    if (streamPrefix.value) rule.stream_prefix = streamPrefix.value;
    if (times.value) rule.times = Number(times.value);
    if (probability.value && Number(probability.value) !== 1) rule.probability = Number(probability.value);
    if (seed.value) rule.seed = Number(seed.value);
    if (expires.value) rule.expires_after = expires.value;
    act("Added a fault rule", () => admin("POST", "/faults", { json: rule }), load);
  } },
  h("label", {}, "Operation", operation), h("label", {}, "Basin", basin), h("label", {}, "Basin prefix", basinPrefix),
  h("label", {}, "Stream", stream),
  h("label", {}, "Stream prefix", streamPrefix), h("label", {}, "Action", kind), h("label", {}, "Status", status),
  h("label", {}, "Code", code), h("label", {}, "Latency", latency), h("label", {}, "Drop after messages", after),
  h("label", {}, "Times", times), h("label", {}, "Probability", probability), h("label", {}, "Seed", seed),
  h("label", {}, "Expires after", expires), h("button", { type: "submit" }, "Add fault"));
  app.append(h("h1", {}, "Fault rules"),
    h("section", { class: "panel" }, h("p", { class: "muted" }, "Rules are checked in order; the first that matches and fires acts on an S2 request. Admin and dashboard requests are never faulted."), list,
      h("div", { class: "row" }, h("button", { class: "danger", id: "clear-faults", onclick: () => act("Cleared the fault rules", () => admin("DELETE", "/faults"), load) }, "Clear all"))),
    h("section", { class: "panel" }, h("h2", {}, "Add a fault"), form));
  load();
  every(2000, load);
}

function clockPage() {
  const now = h("div", { id: "clock-now", class: "big" });
  const state = h("div", { id: "clock-state" });
  const load = async () => {
    try {
      const clock = await admin("GET", "/clock");
      now.textContent = clock.now;
      state.replaceChildren(h("span", { class: clock.frozen ? "pill warn" : "pill good" }, clock.frozen ? "frozen" : "running"));
    } catch (e) {
      now.textContent = `Cannot read the clock: ${e.message}`;
    }
    refreshClock();
  };
  const by = h("input", { name: "by", value: "1h", style: "width: 120px" });
  const to = h("input", { name: "to", placeholder: "2030-01-01T00:00:00Z", style: "width: 240px" });
  const advance = (d) => act(`Advanced the clock by ${d}`, () => admin("POST", "/clock/advance", { json: { by: d } }), load);
  app.append(h("h1", {}, "Clock"),
    h("section", { class: "panel" }, now, state,
      h("p", { class: "muted" }, "Everything that reads time follows this clock: arrival timestamps, retention, delete-on-empty, heartbeats, fault expiry. Moving it runs what became due at once.")),
    h("div", { class: "grid" },
      h("section", { class: "panel" }, h("h2", {}, "Freeze or resume"), h("div", { class: "row" },
        h("button", { id: "freeze", onclick: () => act("Froze the clock", () => admin("POST", "/clock/freeze"), load) }, "Freeze"),
        h("button", { id: "resume", class: "secondary", onclick: () => act("Resumed the clock", () => admin("POST", "/clock/resume"), load) }, "Resume"))),
      h("section", { class: "panel" }, h("h2", {}, "Advance"),
        h("form", { id: "advance-clock", onsubmit: (e) => { e.preventDefault(); advance(by.value); } },
          h("label", {}, "By (e.g. 90s, 1h30m, 8d)", by), h("button", { type: "submit" }, "Advance")),
        h("div", { class: "row", style: "margin-top: 10px" }, ["1m", "1h", "1d", "8d"].map((d) => h("button", { class: "secondary", onclick: () => advance(d) }, `+${d}`)))),
      h("section", { class: "panel" }, h("h2", {}, "Set"),
        h("form", { id: "set-clock", onsubmit: (e) => { e.preventDefault(); act("Set the clock", () => admin("POST", "/clock/set", { json: { to: to.value } }), load); } },
          h("label", {}, "To (RFC 3339)", to), h("button", { type: "submit" }, "Set")))));
  load();
  every(1000, load);
}

function serverPage() {
  const config = h("div", { id: "server-config" });
  const snapshots = h("div", { id: "snapshots" });
  const basinSelect = h("select", { name: "basin" });
  const loadSnapshots = async () => {
    try {
      const list = await admin("GET", "/snapshots");
      snapshots.replaceChildren(table(["Name", "Taken at", "Basins", "Streams", "Records", "Size", ""],
        list.snapshots.map((s) => h("tr", {},
          h("td", {}, s.name), h("td", { class: "mono" }, s.created_at), h("td", {}, s.basins), h("td", {}, s.streams),
          h("td", {}, s.records), h("td", {}, `${s.bytes} B`),
          h("td", { class: "row" },
            h("button", { onclick: () => act(`Restored ${s.name}`, () => admin("POST", `/snapshots/${encodeURIComponent(s.name)}/restore`)) }, "Restore"),
            h("a", { href: `/_emulator/snapshots/${encodeURIComponent(s.name)}`, download: `${s.name}.jsonl` }, "Download"),
            h("button", { class: "danger", onclick: () => act(`Deleted ${s.name}`, () => admin("DELETE", `/snapshots/${encodeURIComponent(s.name)}`), loadSnapshots) }, "Delete")))),
        "No snapshots kept in memory."));
      const state = await admin("GET", "/state");
      basinSelect.replaceChildren(...state.basins.map((b) => h("option", { value: b.name }, b.name)));
    } catch (e) {
      snapshots.replaceChildren(h("div", { class: "empty" }, `Cannot load: ${e.message}`));
    }
  };
  (async () => {
    try {
      const info = await call("GET", `${ROOT}/config.json`);
      config.replaceChildren(h("table", {}, h("tbody", {}, Object.entries(info).map(([k, v]) =>
        h("tr", {}, h("th", {}, k), h("td", { class: "mono" }, v !== null && typeof v === "object" ? JSON.stringify(v) : String(v)))))));
    } catch (e) {
      config.replaceChildren(h("div", { class: "empty" }, `Cannot load: ${e.message}`));
    }
  })();
  const name = h("input", { name: "name", placeholder: "seeded", required: true });
  const seed = h("textarea", { name: "seed", placeholder: '{"basins": [{"name": "my-basin-1", "streams": [{"name": "events"}]}]}' });
  const upload = h("input", { type: "file", name: "file", accept: ".jsonl,.ndjson,application/x-ndjson" });
  app.append(h("h1", {}, "Server"),
    h("div", { class: "grid" },
      h("section", { class: "panel" }, h("h2", {}, "Configuration"), config),
      h("section", { class: "panel" }, h("h2", {}, "Reset"),
        h("p", { class: "muted" }, "Forget every basin, stream and record now (the clock, fault rules and journal stay)."),
        h("form", { id: "reset-all", onsubmit: (e) => { e.preventDefault(); act("Reset all state", () => admin("POST", "/reset"), loadSnapshots); } },
          h("button", { type: "submit", class: "danger" }, "Reset everything")),
        h("form", { id: "reset-basin", style: "margin-top: 12px", onsubmit: (e) => {
          e.preventDefault();
          act(`Reset basin ${basinSelect.value}`, () => admin("POST", `/reset?basin=${encodeURIComponent(basinSelect.value)}`), loadSnapshots);
        } }, h("label", {}, "One basin", basinSelect), h("button", { type: "submit", class: "danger" }, "Reset basin")))),
    h("section", { class: "panel" }, h("h2", {}, "Snapshots"), snapshots,
      h("form", { id: "save-snapshot", style: "margin-top: 12px", onsubmit: (e) => {
        e.preventDefault();
        act(`Saved snapshot ${name.value}`, () => admin("POST", "/snapshots", { json: { name: name.value } }), loadSnapshots);
      } }, h("label", {}, "Name", name), h("button", { type: "submit" }, "Take snapshot"),
      h("a", { href: "/_emulator/snapshot", download: "s2lite-snapshot.jsonl" }, "Download the current state")),
      h("form", { id: "upload-snapshot", style: "margin-top: 12px", onsubmit: (e) => {
        e.preventDefault();
        const file = upload.files[0];
        if (!file) { flash("Choose a snapshot file first", true); return; }
        act(`Restored ${file.name}`, async () => admin("POST", "/restore", { body: await file.text() }), loadSnapshots);
      } }, h("label", {}, "Restore from a file", upload), h("button", { type: "submit" }, "Restore file"))),
    h("section", { class: "panel" }, h("h2", {}, "Seed"),
      h("form", { class: "stack", id: "seed", onsubmit: (e) => {
        e.preventDefault();
        act("Applied the init file", () => admin("POST", "/seed", { body: seed.value, headers: { "content-type": "application/json" } }), loadSnapshots);
      } }, h("label", {}, "Init file JSON (the --init-file format): basins and streams are created or reconfigured", seed),
      h("button", { type: "submit" }, "Apply"))));
  loadSnapshots();
}

refreshClock();
setInterval(refreshClock, 2000);
route();
