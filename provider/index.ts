// The package's public surface: the two resources, their Args types and schemas.
export { WickrSecurityGroup, WickrSecurityGroupArgs } from "./wickr/resource";
export { CommvaultUserGroup, CommvaultUserGroupArgs } from "./commvault/resource";
export { wickrSecurityGroupInputs } from "./wickr/schema";
export { commvaultUserGroupInputs, CONSOLE_TYPES } from "./commvault/schema";
export { InputError, ServiceError } from "./core/errors";
export { importCommvaultUserGroup } from "./commvault/import";
export { importWickrSecurityGroup } from "./wickr/import";
export { importResource, exportStackEncrypted } from "./core/import";
