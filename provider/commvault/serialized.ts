// What Pulumi serializes into every CommvaultUserGroup's state: this module's whole export, a proxy
// that loads the implementation (provider/commvault/runtime) inside the provider process. Installed
// under node_modules it is recorded as a `require` of this module (see provider/core/proxy.ts).
import { providerProxy } from "../core/proxy";

export = providerProxy("provider/commvault/runtime", "commvaultUserGroupProvider");
