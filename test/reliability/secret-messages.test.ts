// Issue 19, defect 9 and the scrubber's gaps, through the real engine against the emulators: no
// value the program marks secret, and no credential in any form (a 3-character password, a token
// given without its prefix and with whitespace), appears in the output of a failing command;
// every message names the resource by its Pulumi resource name. And a create's preview shows
// nothing the user did not write (no hidden secrecy mark).
import * as pulumi from "@pulumi/pulumi";
import { COMMVAULT_TEST_ACCESS_TOKEN, createCommvaultEmulator } from "../../emulators/commvault";
import { EmulatorControl } from "../../emulators/core/control-client";
import type { EmulatorServer } from "../../emulators/core/server";
import { DEFAULT_NETWORK_ID } from "../../emulators/wickr";
import { CommvaultUserGroup, WickrSecurityGroup } from "../../provider";
import { TestStack } from "../support/engine";
import { Bed, testBed } from "./support";

const failure = (p: Promise<unknown>) =>
  p.then(
    () => "succeeded",
    (e: Error) => e.message, // the CLI's stdout and stderr of the failing command
  );

describe("no secret value in messages (issue 19, defect 9)", () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await testBed();
  });
  afterAll(() => bed.close());
  beforeEach(async () => {
    await bed.commvault.reset();
    await bed.wickr.reset();
  });

  it("a refused PUT of a group with a secret name names the resource, never the name", async () => {
    const secretName = "cv-secret-group-name-4242";
    const program = (description: string) => async () => {
      new CommvaultUserGroup("secret-named", { name: pulumi.secret(secretName), description });
    };
    const stack = await bed.stack(program("before"));
    await stack.up();
    // The service echoes the group's name in its refusal, as Commvault's messages do.
    await bed.commvault.faults([{ kind: "errorCode", errorCode: 587, message: `user group "${secretName}" cannot be updated now`, match: { operation: "UpdateUserGroup" } }]);
    stack.setProgram(program("after"));
    const message = await failure(stack.up());
    expect(message).toMatch(/CommvaultUserGroup "secret-named" \(id \d+\): commvault UpdateUserGroup failed: HTTP 200 errorCode 587/);
    expect(message).not.toContain(secretName);
  });

  it("the preview's check of a secret users list names the path, never the user", async () => {
    const ghost = "ghost-secret-member-8080";
    const stack = await bed.stack(async () => {
      new CommvaultUserGroup("ghostly", { name: "cv-ghostly", users: pulumi.secret(["alice", ghost]) });
    });
    const message = await failure(stack.preview());
    expect(message).toMatch(/users\[1\]/);
    expect(message).toContain("no user");
    expect(message).not.toContain(ghost);
  });

  it("Wickr's plan refusal names the resource, never the secret group name", async () => {
    const secretName = "wickr-secret-group-name-3131";
    // A setting the pricing page calls PREMIUM-only (not checked at preview) on a STANDARD network.
    await bed.wickr.service("variant", { premiumOnly: "pricing" });
    const stack = await bed.stack(async () => {
      new WickrSecurityGroup("plan-refused", { networkId: DEFAULT_NETWORK_ID, name: pulumi.secret(secretName), securityGroupSettings: { checkForUpdates: false } });
    });
    const message = await failure(stack.up());
    expect(message).toMatch(/WickrSecurityGroup "plan-refused"[^\n]*the network's plan \(STANDARD\) does not allow securityGroupSettings\.checkForUpdates/);
    expect(message).not.toContain(secretName);
  });

  it("a create's preview shows only what the program declared: no secrecy mark, no hidden input", async () => {
    const stack = await bed.stack(async () => {
      new CommvaultUserGroup("previewed", { name: "cv-previewed", description: pulumi.secret("previewed-secret-2718") });
      new WickrSecurityGroup("previewed-w", { networkId: DEFAULT_NETWORK_ID, name: "wickr-previewed", securityGroupSettings: { lockoutThreshold: 12 } });
    });
    const preview = await stack.preview();
    expect(preview.stdout).toContain("cv-previewed"); // the create is shown
    expect(preview.stdout).toContain("lockoutThreshold");
    expect(preview.stdout).not.toMatch(/carries declared values|__secrets|__identity|\breported\b|\badoptedState\b/);
    expect(preview.stdout).not.toContain("previewed-secret-2718");
  });
});

describe("credentials in every form stay out of the output (issue 19, scrubber)", () => {
  const SHORT_PASSWORD = "Q7#";
  let server: EmulatorServer;
  let control: EmulatorControl;
  let url: string;
  beforeAll(async () => {
    server = createCommvaultEmulator({ credentials: { username: "short", password: SHORT_PASSWORD } });
    url = await server.listen(0);
    control = new EmulatorControl(server.controlUrl);
  });
  afterAll(() => server.close());
  beforeEach(() => control.reset());

  const program = (description: string) => async () => {
    new CommvaultUserGroup("creds", { name: `cv-creds-${description.length}`, description });
  };

  it("a 3-character password echoed by the service appears in no output", async () => {
    const stack = await TestStack.create(program("one"), {
      config: { "commvault:url": { value: url }, "commvault:username": { value: "short" }, "commvault:password": { value: SHORT_PASSWORD, secret: true } },
    });
    try {
      await stack.up(); // the short password logs in
      const b64 = Buffer.from(SHORT_PASSWORD).toString("base64");
      await control.faults([{ kind: "errorCode", errorCode: 5, message: `password ${SHORT_PASSWORD} (${b64}) expires today`, match: { operation: "UpdateUserGroup" } }]);
      stack.setProgram(program("two"));
      const message = await failure(stack.up());
      expect(message).toContain("expires today"); // the service's message is there
      expect(message).not.toContain(SHORT_PASSWORD);
      expect(message).not.toContain(b64);
      const log = JSON.stringify(await control.log());
      expect(log).not.toContain(b64);
    } finally {
      await stack.dispose();
    }
  });

  it("a token given bare and with whitespace, echoed bare by the service, appears in no output", async () => {
    const bare = COMMVAULT_TEST_ACCESS_TOKEN.replace(/^QSDK /, "");
    const stack = await TestStack.create(program("one"), {
      config: { "commvault:url": { value: url }, "commvault:token": { value: `  ${bare}\n`, secret: true } },
    });
    try {
      await stack.up(); // the provider adds the QSDK prefix and trims
      await control.faults([{ kind: "errorCode", errorCode: 5, message: `token=${bare}. is read-only`, match: { operation: "UpdateUserGroup" } }]);
      stack.setProgram(program("two"));
      const message = await failure(stack.up());
      expect(message).toContain("is read-only");
      expect(message).not.toContain(bare);
    } finally {
      await stack.dispose();
    }
  });
});
