"use client";

import { useState } from "react";
import { secondaryButtonClass } from "./ui";

/**
 * Copies a value the person must paste elsewhere (a URL to register, an MCP URL, a DNS record) and says so for two
 * seconds. `label` is the button's text; `name` its accessible name when several copy buttons share a page.
 */
export function CopyButton({ text, label = "Copy", name }: { text: string; label?: string; name?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={secondaryButtonClass}
      aria-label={name}
      onClick={async () => {
        await navigator.clipboard?.writeText(text).catch(() => {});
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
    >
      {copied ? "Copied" : label}
    </button>
  );
}
