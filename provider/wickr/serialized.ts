// What Pulumi serializes into every WickrSecurityGroup's state: this module's whole export, a proxy
// that loads the implementation (provider/wickr/runtime) inside the provider process. Installed
// under node_modules it is recorded as a `require` of this module (see provider/core/proxy.ts).
import { providerProxy } from "../core/proxy";

export = providerProxy("provider/wickr/runtime", "wickrSecurityGroupProvider");
