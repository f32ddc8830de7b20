// The package's public surface: the two resources, their Args types and schemas.
export { WickrSecurityGroup, WickrSecurityGroupArgs, lookupWickrSecurityGroup } from "./wickr/resource";
export { CommvaultUserGroup, CommvaultUserGroupArgs, lookupCommvaultUserGroup } from "./commvault/resource";
export { wickrSecurityGroupInputs } from "./wickr/schema";
export { commvaultUserGroupInputs, CONSOLE_TYPES } from "./commvault/schema";
export { InputError, ServiceError } from "./core/errors";
export { importCommvaultUserGroup } from "./commvault/import";
export { importWickrSecurityGroup } from "./wickr/import";
export { importResource, exportStackEncrypted } from "./core/import";
export type { WickrSecurityGroupInputs, SecurityGroupSettings } from "./wickr/schema";
export type { CommvaultUserGroupInputs } from "./commvault/schema";
export type { ImportOptions } from "./core/import";
