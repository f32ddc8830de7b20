// Reading a service's answer tolerantly: unknown members are kept (loose schemas), and an
// answer whose known members are missing or of the wrong type is a clear ServiceError,
// never a crash further on.
import { z } from "zod";
import { ServiceError } from "./errors";
import { formatPath } from "./validate";

export function readAnswer<S extends z.ZodType>(service: string, operation: string, schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.length ? formatPath(i.path) : "(body)"}: ${i.message}`).join("; ");
    throw new ServiceError({ service, operation, status: 200, code: "MalformedResponse", serviceMessage: `unexpected answer (${where})` });
  }
  return parsed.data;
}
