// What Pulumi serializes into every Wickr adoption record's state (see serialized.ts).
import { providerProxy } from "../core/proxy";

export = providerProxy("provider/wickr/adoption", "wickrAdoptionRecordProvider");
