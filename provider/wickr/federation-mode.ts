// The numbering of `federationMode`, decided once. The Wickr model contradicts itself: the
// docs on the member itself (in SecurityGroupSettings and in SecurityGroupSettingsRequest)
// say 0 none, 1 federated, 2 restricted; only the UpdateSecurityGroup input's member doc
// says 0 local, 1 restricted, 2 global. Two of three, and both on the member itself, agree:
// this project uses 0 none, 1 federated, 2 restricted (README, "Choices").
export const FederationMode = {
  /** No federation outside the network. */
  none: 0,
  /** Federated with all networks. */
  federated: 1,
  /** Federated with the permitted networks only (`permittedNetworks`). */
  restricted: 2,
} as const;

export type FederationModeValue = (typeof FederationMode)[keyof typeof FederationMode];

export const FEDERATION_MODE_VALUES: readonly FederationModeValue[] = Object.values(FederationMode);
