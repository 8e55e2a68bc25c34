// Guards for two rules of the project: only src/ipc/ talks to Tauri, and no
// component uses inline styles (the CSP is `style-src 'self'`).
import { describe, expect, it } from "vitest";

const sources = import.meta.glob<string>(["./**/*.{ts,tsx}", "!./**/*.test.{ts,tsx}"], {
  query: "?raw",
  import: "default",
  eager: true,
});

describe("source boundaries", () => {
  it("finds the sources", () => {
    expect(Object.keys(sources)).toContain("./App.tsx");
    expect(Object.keys(sources)).toContain("./ipc/tauri.ts");
  });

  it("imports @tauri-apps only inside src/ipc/", () => {
    const offenders = Object.entries(sources)
      .filter(([path, text]) => !path.startsWith("./ipc/") && text.includes("@tauri-apps"))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });

  it("has no inline style attributes or injected styles", () => {
    const offenders = Object.entries(sources)
      .filter(([, text]) => /\bstyle=\{|dangerouslySetInnerHTML|\.style\.|<style/.test(text))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });
});
