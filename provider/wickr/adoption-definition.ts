// The adoption record's type, as the import helpers record it in a state (see adoption.ts). It
// has no settings of its own: imports give its outputs whole (`recorded`).
import { z } from "zod";
import type { ResourceDefinition } from "../core/definition";

export const wickrAdoptionRecordDefinition: ResourceDefinition = {
  module: "wickr",
  typeName: "WickrAdoptionRecord",
  inputs: z.object({}),
  controlProperties: [],
  serializedProvider: "provider/wickr/adoption-serialized",
  // The group's original settings: secret whenever the group's program marks an input secret.
  carriers: ["original"],
  // Its read gives back the recorded outputs (adoption.ts): an import records them as they are.
  readKeepsOutputs: true,
};

/** The name of a WickrSecurityGroup's adoption record. */
export const adoptionRecordName = (resourceName: string) => `${resourceName}-adoption`;
