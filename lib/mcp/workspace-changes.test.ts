import { describe, expect, it } from "vitest";
import { frozenClock } from "@/lib/time/clock";
import { CHANGE_CLOCK_MARGIN_MS, createWorkspaceChanges } from "./workspace-changes";

const at = (iso: string) => new Date(iso);

describe("the workspace changes the gateway has heard", () => {
  it("puts in doubt a token issued before a change of its workspace, and not one of another workspace", () => {
    const clock = frozenClock("2026-06-01T12:00:00Z");
    const changes = createWorkspaceChanges(clock);
    // Before the listening connected, nothing was heard: a token in doubt only once a change is heard.
    expect(changes.predatesChange("contoso", at("2026-06-01T11:59:00Z"))).toBe(false);
    changes.heard("contoso");
    expect(changes.predatesChange("contoso", at("2026-06-01T11:59:00Z"))).toBe(true);
    expect(changes.predatesChange("fabrikam", at("2026-06-01T11:59:00Z"))).toBe(false);
  });

  it("trusts a token issued after the change once the margin for instances' clocks has passed", () => {
    const clock = frozenClock("2026-06-01T12:00:00Z");
    const changes = createWorkspaceChanges(clock);
    changes.heard("contoso");
    expect(changes.predatesChange("contoso", new Date(clock.now().getTime() + CHANGE_CLOCK_MARGIN_MS))).toBe(true);
    expect(changes.predatesChange("contoso", new Date(clock.now().getTime() + CHANGE_CLOCK_MARGIN_MS + 1000))).toBe(false);
  });

  it("puts every earlier token of every workspace in doubt when the listening connects again", () => {
    const clock = frozenClock("2026-06-01T12:00:00Z");
    const changes = createWorkspaceChanges(clock);
    changes.heardAll();
    expect(changes.predatesChange("contoso", at("2026-06-01T11:59:59Z"))).toBe(true);
    expect(changes.predatesChange("fabrikam", at("2026-06-01T11:50:00Z"))).toBe(true);
    expect(changes.predatesChange("fabrikam", at("2026-06-01T12:00:06Z"))).toBe(false);
  });

  it("doubts a token that does not say when it was issued", () => {
    expect(createWorkspaceChanges(frozenClock("2026-06-01T12:00:00Z")).predatesChange("contoso", null)).toBe(true);
  });

  it("forgets a change once no live token can predate it, and remembers a newer one", () => {
    const clock = frozenClock("2026-06-01T12:00:00Z");
    const changes = createWorkspaceChanges(clock);
    changes.heard("contoso");
    clock.advance(10 * 60_000);
    changes.heard("fabrikam");
    clock.advance(11 * 60_000);
    changes.heard("northwind");
    // contoso's change (21 minutes ago) is forgotten; fabrikam's (11 minutes ago) is kept.
    expect(changes.predatesChange("contoso", at("2026-06-01T11:59:00Z"))).toBe(false);
    expect(changes.predatesChange("fabrikam", at("2026-06-01T12:09:00Z"))).toBe(true);
  });
});
