// Loaded inside the provider process: CommvaultUserGroup as a dynamic provider.
import { makeDynamicProvider } from "../core/bridge";
import { commvaultUserGroupDefinition } from "./definition";
import { CommvaultUserGroupHandler } from "./handler";

export const commvaultUserGroupProvider = makeDynamicProvider(commvaultUserGroupDefinition, new CommvaultUserGroupHandler());
