// The example stack: a Wickr network's field-team group and its default group, and a
// Commvault operations user group. The demo runs it in stages; `pulumi up` with the
// official CLI runs the stage named by the `demo:stage` config key.
import { CommvaultUserGroup, WickrSecurityGroup } from "../provider";

export type Stage = "initial" | "changed" | "noncompliant";

export interface ExampleOptions {
  stage: Stage;
  /** The Wickr network the groups live in (8 digits). */
  wickrNetworkId: string;
}

export function exampleProgram(opts: ExampleOptions) {
  return async () => {
    const changed = opts.stage !== "initial";
    const fieldTeam = new WickrSecurityGroup("field-team", {
      networkId: opts.wickrNetworkId,
      name: "field-team",
      securityGroupSettings: {
        lockoutThreshold: 10, // a STANDARD network refuses fewer than 10 (README, Choices)
        forceDeviceLockout: 3,
        maxTtl: 604800,
        maxBor: 86400,
        calling: { canStart11Call: true, canVideoCall: !changed, forceTcpCall: false },
        passwordRequirements:
          opts.stage === "noncompliant"
            ? { minLength: 6, lowercase: 0, uppercase: 0, numbers: 0, symbols: 0 }
            : { minLength: 12, lowercase: 1, uppercase: 1, numbers: 1, symbols: 1 },
        shredder: { canProcessManually: true, intensity: 60 },
        locationEnabled: true,
        locationAllowMaps: changed,
        quickResponses: ["On my way", "Copy that"],
        federationMode: 2,
        permittedNetworks: changed ? ["22334455", "11223344"] : ["11223344"],
      },
    });

    const networkDefault = new WickrSecurityGroup("network-default", {
      networkId: opts.wickrNetworkId,
      adopt: "default",
      securityGroupSettings: { lockoutThreshold: 10, forceDeviceLockout: 3, enableCrashReports: false },
    });

    const ops = new CommvaultUserGroup("ops", {
      name: "ops-team",
      description: changed ? "Operations engineers (on call)" : "Operations engineers",
      enabled: true,
      enableTwoFactorAuthentication: opts.stage === "noncompliant" ? "OFF" : "ON",
      enforceFSQuota: true,
      quotaLimitInGB: 250,
      laptopPlan: changed ? "Laptop-Silver" : "Laptop-Gold",
      users: changed ? ["alice", "carol", "dave"] : ["alice", "bob"],
      associatedExternalGroups: ["CORP\\ops-admins"],
      restrictConsoleTypes: ["COMMCELLCONSOLE", "WEBCONSOLE"],
    });

    return {
      fieldTeamGroupId: fieldTeam.groupId,
      defaultGroupId: networkDefault.groupId,
      defaultGroupDeletion: networkDefault.deletionBehavior,
      opsGroupId: ops.groupId,
      opsCompany: ops.company,
    };
  };
}
