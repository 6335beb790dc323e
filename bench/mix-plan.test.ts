import { describe, expect, it } from "vitest";
import type { MixData } from "./generate/mix-data";
import {
  autosave,
  autosaveSlots,
  type Browser,
  describeMix,
  pickWeighted,
  type SignedInContext,
  settleAutosave,
  signedInMix,
  signedOutMix,
} from "./mix-plan";

/** Returns the given numbers in turn, as a stand-in for Math.random. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

const data: MixData = {
  people: [],
  schools: [0, 1].map((s) => ({
    formPath: `/form/${s}`,
    reportPath: `/report/${s}`,
    responseApiPath: `/api/v1/responses/r${s}`,
    autosaves: [
      { path: `/api/v1/responses/r${s}/sections/a`, sectionKey: "a", ratingItems: ["a1", "a2"], version: 4 },
    ],
  })),
  communityPath: "/communities/c",
  longTopicPath: "/communities/c/topics/long",
  replyTopicPaths: ["/communities/c/topics/long", "/communities/c/topics/other"],
  districtDashboardPath: "/measures/dashboards/district/d",
  stateDirectoryPath: "/directory/states/MD",
  directorySearchPath: "/directory/schools?q=x",
};

const browser = (school: number, onDistrictTeam = false): Browser => ({
  cookie: `smh_session=s${school}${onDistrictTeam ? "d" : ""}`,
  csrfToken: `token-${school}`,
  school,
  onDistrictTeam,
});

function signedIn(): SignedInContext {
  const browsers = [browser(0), browser(1), browser(0, true)];
  return {
    data,
    browsers,
    districtBrowsers: browsers.filter((b) => b.onDistrictTeam),
    slots: autosaveSlots(data),
    counter: { replies: 0 },
  };
}

describe("pickWeighted", () => {
  const entries = [
    { label: "a", weight: 1 },
    { label: "b", weight: 3 },
  ];
  it("splits [0, 1) in proportion to the weights", () => {
    expect(pickWeighted(entries, () => 0).label).toBe("a");
    expect(pickWeighted(entries, () => 0.24).label).toBe("a");
    expect(pickWeighted(entries, () => 0.25).label).toBe("b");
    expect(pickWeighted(entries, () => 0.999).label).toBe("b");
  });

  it("chooses each entry about as often as its share over many draws", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed - 1) / 2147483646;
    };
    let b = 0;
    for (let i = 0; i < 20_000; i++) if (pickWeighted(entries, random).label === "b") b++;
    expect(b / 20_000).toBeGreaterThan(0.73);
    expect(b / 20_000).toBeLessThan(0.77);
  });
});

describe("the mixes", () => {
  it("give signed-in people 5% writes and describe their shares", () => {
    const mix = signedInMix();
    const total = mix.reduce((s, e) => s + e.weight, 0);
    const writes = mix.filter((e) => e.write).reduce((s, e) => s + e.weight, 0);
    expect(writes / total).toBeCloseTo(0.05);
    expect(describeMix(mix)).toContain("write: reply 2.5%");
  });

  it("send signed-out visitors without cookies, asking for compression", () => {
    for (const entry of signedOutMix(data)) {
      const request = entry.build(undefined, () => 0.5)!;
      expect(request.method).toBe("GET");
      expect(request.headers.cookie).toBeUndefined();
      expect(request.headers["accept-encoding"]).toContain("br");
    }
  });

  it("reads a school's form and report as a member of that school, the dashboard as a district member", () => {
    const ctx = signedIn();
    const byLabel = (label: string) => signedInMix().find((e) => e.label === label)!;
    const form = byLabel("assessment form section").build(ctx, sequence(0.5))!;
    expect(form.path).toBe("/form/1");
    expect(form.headers.cookie).toBe("smh_session=s1");
    const dashboard = byLabel("district dashboard").build(ctx, sequence(0))!;
    expect(dashboard.headers.cookie).toBe("smh_session=s0d");
  });

  it("posts a reply with the person's own CSRF token, each body different", () => {
    const ctx = signedIn();
    const reply = signedInMix().find((e) => e.label === "write: reply")!;
    const first = reply.build(ctx, sequence(0.4, 0.9))!;
    const second = reply.build(ctx, sequence(0.4, 0.9))!;
    expect(first.method).toBe("POST");
    expect(first.path).toBe("/communities/c/topics/other/replies");
    const form = new URLSearchParams(first.body);
    expect(form.get("_csrf")).toBe("token-1");
    expect(first.headers.cookie).toBe("smh_session=s1");
    expect(first.body).not.toBe(second.body);
  });
});

describe("autosave", () => {
  it("sends the section's current version, by a member of its school, and holds the section until answered", () => {
    const ctx = signedIn();
    const request = autosave(ctx, () => 0.99)!;
    expect(request.path).toBe("/api/v1/responses/r1/sections/a");
    expect(request.headers.cookie).toBe("smh_session=s1");
    expect(JSON.parse(request.body!)).toEqual({ version: 4, answers: { a1: 5, a2: 5 } });
    expect(request.slot!.busy).toBe(true);
    // The other section is the only free one now.
    expect(autosave(ctx, () => 0.99)!.path).toBe("/api/v1/responses/r0/sections/a");
    expect(autosave(ctx, () => 0.99)).toBeNull();
    settleAutosave(request.slot!, 200, JSON.stringify({ version: 5, changed: true }));
    expect(request.slot).toMatchObject({ busy: false, version: 5 });
    // The next save changes the answers again.
    expect(JSON.parse(autosave(ctx, () => 0.99)!.body!).answers.a1).toBe(6);
  });

  it("keeps the version after a failed save, and moves it by one when the answer cannot be read", () => {
    const ctx = signedIn();
    const slot = ctx.slots[0]!;
    settleAutosave(slot, 503, "");
    expect(slot.version).toBe(4);
    settleAutosave(slot, 200, "\u001f\u008b compressed");
    expect(slot.version).toBe(5);
  });
});
