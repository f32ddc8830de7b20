// Loaded inside the provider process: WickrSecurityGroup as a dynamic provider.
import { makeDynamicProvider } from "../core/bridge";
import { wickrSecurityGroupDefinition } from "./definition";
import { WickrSecurityGroupHandler } from "./handler";

export const wickrSecurityGroupProvider = makeDynamicProvider(wickrSecurityGroupDefinition, new WickrSecurityGroupHandler());
