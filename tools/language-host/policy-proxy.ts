// The Analyzer server the engine talks to while a policy pack starts. A Node policy pack
// reads its stack and config from the environment when it starts, but the engine tells them
// only after the pack runs (`ConfigureStack`). So the host answers as the pack first, takes
// the stack configuration, then lets the pack start with it, and from then on forwards every
// call to the pack unchanged. States, in order:
//   listening   - the engine has the proxy's port; Handshake is answered here
//   configured  - ConfigureStack arrived (or another call came first: no configuration)
//   attached    - the pack printed its port; the configuration was passed on; calls flow
//   (failed)    - the pack exited before printing a port: every waiting call fails
import type * as Grpc from "@grpc/grpc-js";
import { analyzerGrpc, analyzerPb, grpc } from "./sdk";
import type { AnalyzerPb } from "./sdk";
import type { StackConfiguration } from "./runtime-options";

/** gRPC channel limits of @pulumi/policy's own server (400 MB): a stack's resources can be large. */
export const MESSAGE_LIMITS = {
  "grpc.max_receive_message_length": 400 * 1024 * 1024,
  "grpc.max_send_message_length": 400 * 1024 * 1024,
};

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(err: Error): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // a pack that never starts is reported where it is awaited
  return { promise, resolve, reject };
}

function stackConfigurationOf(req: AnalyzerPb.AnalyzerStackConfigureRequest): StackConfiguration {
  return {
    stack: req.getStack(),
    project: req.getProject(),
    organization: req.getOrganization(),
    dryRun: req.getDryRun(),
    config: req.getConfigMap().toArray(),
    secretKeys: req.getConfigSecretKeysList(),
  };
}

export class PolicyPackProxy {
  private readonly server = new grpc.Server(MESSAGE_LIMITS);
  private readonly configuration = deferred<AnalyzerPb.AnalyzerStackConfigureRequest | undefined>();
  private readonly pack = deferred<Grpc.Client>();
  private packClient?: Grpc.Client;

  private constructor() {
    const handlers: Grpc.UntypedServiceImplementation = {};
    for (const [name, method] of Object.entries(analyzerGrpc.AnalyzerService)) {
      handlers[name] = (call: Grpc.ServerUnaryCall<unknown, unknown>, callback: Grpc.sendUnaryData<unknown>) =>
        this.forward(method, call.request, callback);
    }
    handlers.handshake = (_call: Grpc.ServerUnaryCall<unknown, unknown>, callback: Grpc.sendUnaryData<unknown>) =>
      callback(null, new analyzerPb.AnalyzerHandshakeResponse());
    handlers.configureStack = (
      call: Grpc.ServerUnaryCall<AnalyzerPb.AnalyzerStackConfigureRequest, unknown>,
      callback: Grpc.sendUnaryData<unknown>,
    ) => {
      this.configuration.resolve(call.request);
      callback(null, new analyzerPb.AnalyzerStackConfigureResponse());
    };
    this.server.addService(analyzerGrpc.AnalyzerService, handlers);
  }

  /** Listening on a free loopback port; the engine is to be given that port. */
  static async listen(): Promise<{ proxy: PolicyPackProxy; port: number }> {
    const proxy = new PolicyPackProxy();
    const port = await new Promise<number>((resolve, reject) =>
      proxy.server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    return { proxy, port };
  }

  /** The stack the engine configured, or undefined when it called something else first (`pulumi policy publish`). */
  async stackConfiguration(): Promise<StackConfiguration | undefined> {
    const req = await this.configuration.promise;
    return req && stackConfigurationOf(req);
  }

  /** The pack listens on `port`: pass it the stack configuration, then let calls through. */
  async attach(port: number): Promise<void> {
    const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), MESSAGE_LIMITS);
    this.packClient = client;
    const configured = await this.configuration.promise;
    if (configured) {
      const method = analyzerGrpc.AnalyzerService.configureStack;
      try {
        await new Promise<unknown>((resolve, reject) =>
          client.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, configured, (err, res) =>
            err && err.code !== grpc.status.UNIMPLEMENTED ? reject(err) : resolve(res),
          ),
        );
      } catch (err) {
        const failure = new Error(`policy pack configuration failed: ${(err as Error).message}`);
        this.pack.reject(failure);
        throw failure;
      }
    }
    this.pack.resolve(client);
  }

  /** The pack will never listen (it exited first): calls waiting for it fail with `reason`. */
  fail(reason: string): void {
    this.configuration.resolve(undefined);
    this.pack.reject(new Error(reason));
  }

  close(): void {
    this.packClient?.close();
    this.server.forceShutdown();
  }

  private forward(method: Grpc.MethodDefinition<unknown, unknown>, request: unknown, callback: Grpc.sendUnaryData<unknown>): void {
    // A call before ConfigureStack means the engine will not configure a stack: start the pack without one.
    this.configuration.resolve(undefined);
    this.pack.promise.then(
      (client) => client.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, request, callback),
      (err: Error) => callback({ code: grpc.status.UNAVAILABLE, details: `policy pack not started: ${err.message}` }),
    );
  }
}
