"use client";

import { useState } from "react";
import { secondaryButtonClass } from "./ui";

/** Copies a value the person must paste elsewhere (a callback URL, a DNS record), and says so for two seconds. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={secondaryButtonClass}
      aria-label={label === "Copy" ? undefined : label}
      onClick={async () => {
        await navigator.clipboard?.writeText(text).catch(() => {});
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
    >
      {copied ? "Copied" : "Copy"}
    </button>
  );
}
