// The serialized provider of the test-only EchoItem (see provider/core/proxy.ts).
import { providerProxy } from "../../../provider/core/proxy";

export = providerProxy("test/support/echo/runtime", "echoItemProvider");
