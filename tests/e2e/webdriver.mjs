// A small W3C WebDriver client over fetch: just what the end-to-end tests use.
// tauri-driver listens on 127.0.0.1:4444 and forwards to WebKitWebDriver, which
// drives the app's real webview.

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriverError extends Error {
  constructor(command, status, value) {
    super(`${command}: ${value?.error ?? status}: ${value?.message ?? ""}`.trim());
    this.error = value?.error;
  }
}

async function call(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let value;
  try {
    value = JSON.parse(text).value;
  } catch {
    value = { message: text };
  }
  if (!response.ok) throw new WebDriverError(`${method} ${path}`, response.status, value);
  return value;
}

export class Element {
  constructor(session, id, description) {
    this.session = session;
    this.id = id;
    this.description = description;
  }
  #path(suffix) {
    return `/element/${this.id}${suffix}`;
  }
  click() {
    return this.session.command("POST", this.#path("/click"), {});
  }
  text() {
    return this.session.command("GET", this.#path("/text"));
  }
  attribute(name) {
    return this.session.command("GET", this.#path(`/attribute/${encodeURIComponent(name)}`));
  }
  property(name) {
    return this.session.command("GET", this.#path(`/property/${encodeURIComponent(name)}`));
  }
  enabled() {
    return this.session.command("GET", this.#path("/enabled"));
  }
  async type(text) {
    return this.session.command("POST", this.#path("/value"), { text });
  }
  clear() {
    return this.session.command("POST", this.#path("/clear"), {});
  }
  async find(xpath) {
    const value = await this.session.command("POST", this.#path("/element"), {
      using: "xpath",
      value: xpath,
    });
    return new Element(this.session, value[ELEMENT], xpath);
  }
}

export class Session {
  static async start(base, capabilities) {
    const value = await call(base, "POST", "/session", {
      capabilities: { alwaysMatch: capabilities },
    });
    return new Session(base, value.sessionId);
  }

  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  command(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  async find(xpath) {
    const value = await this.command("POST", "/element", { using: "xpath", value: xpath });
    return new Element(this, value[ELEMENT], xpath);
  }

  async findAll(xpath) {
    const values = await this.command("POST", "/elements", { using: "xpath", value: xpath });
    return values.map((value) => new Element(this, value[ELEMENT], xpath));
  }

  /** Polls until `xpath` matches (and `accept(element)` holds), or fails after `timeout` ms. */
  async waitFor(xpath, { timeout = 20000, accept } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        const element = await this.find(xpath);
        if (!accept || (await accept(element))) return element;
        last = new Error(`matched but not accepted: ${xpath}`);
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeout} ms waiting for ${xpath}: ${last?.message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  execute(script, args = []) {
    return this.command("POST", "/execute/sync", { script, args });
  }

  /** Runs `script` in the page; it ends by calling its last argument with the result. */
  executeAsync(script, args = []) {
    return this.command("POST", "/execute/async", { script, args });
  }

  /** A PNG of the window, as a Buffer. */
  async screenshot() {
    const base64 = await this.command("GET", "/screenshot");
    return Buffer.from(base64, "base64");
  }

  setWindowRect(rect) {
    return this.command("POST", "/window/rect", rect);
  }

  windowRect() {
    return this.command("GET", "/window/rect");
  }

  /**
   * Types `text` on the keyboard into whatever has focus, key by key (W3C
   * actions): what an agent's fingers do. "\uE007" is Enter, "\uE00C" Escape.
   */
  async keys(text) {
    const actions = [];
    for (const key of [...text]) actions.push({ type: "keyDown", value: key }, { type: "keyUp", value: key });
    await this.command("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
    await this.command("DELETE", "/actions");
  }

  /** Presses `keys` together (a modifier first), then lets them go: ("\uE009", "\uE007") is Ctrl+Enter. */
  async chord(...keys) {
    const actions = [
      ...keys.map((value) => ({ type: "keyDown", value })),
      ...keys.reverse().map((value) => ({ type: "keyUp", value })),
    ];
    await this.command("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
    await this.command("DELETE", "/actions");
  }

  /** The accessible name of the element that has focus (aria-label, or its label). */
  focusedName() {
    return this.execute(
      "const e = document.activeElement; if (!e) return null;" +
        " return e.getAttribute('aria-label') || (e.labels && e.labels[0] ? e.labels[0].textContent.trim() : e.textContent.trim());",
    );
  }

  async close() {
    try {
      await call(this.base, "DELETE", `/session/${this.id}`);
    } catch {
      // the app may already be gone
    }
  }
}

/** XPath string literal for any text (handles both kinds of quotes). */
export function literal(text) {
  if (!text.includes("'")) return `'${text}'`;
  if (!text.includes('"')) return `"${text}"`;
  return `concat('${text.split("'").join(`', "'", '`)}')`;
}

/** XPath for an element with this ARIA role (implicit or explicit) and accessible name. */
export function byRole(role, name) {
  const implicit = {
    button: ["button"],
    textbox: ["textarea", "input[not(@type) or @type='text' or @type='search']"],
    searchbox: ["input[@type='search']"],
    combobox: ["select"],
    radio: ["input[@type='radio']"],
    checkbox: ["input[@type='checkbox']"],
    switch: ["input[@type='checkbox']"],
    spinbutton: ["input[@type='number']"],
    navigation: ["nav"],
    main: ["main"],
    region: ["section"],
    article: ["article"],
    status: [],
    alert: [],
  }[role] ?? [];
  const named = `(@aria-label=${literal(name)} or normalize-space(.)=${literal(name)})`;
  const alternatives = [`*[@role='${role}' and ${named}]`, ...implicit.map((tag) => {
    const [element, condition] = tag.split("[");
    return condition ? `${element}[(${condition.slice(0, -1)}) and ${named}]` : `${element}[${named}]`;
  })];
  // Form controls are also named by their <label>: wrapping, or pointing at the id.
  const labelled = implicit
    .filter((tag) => ["input", "textarea", "select"].includes(tag.split("[")[0]))
    .flatMap((tag) => {
      const label = `label[normalize-space(.)=${literal(name)}]`;
      return [`${label}//${tag}`, `${tag.replace(/\[.*$/, "")}[@id=//${label}/@for]`];
    });
  return [...alternatives, ...labelled].map((alternative) => `//${alternative}`).join(" | ");
}
