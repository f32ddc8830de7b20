// Paging and sorting of the List operations: `maxResults` 1..100 (default 10), an opaque
// `nextToken` (base64 of `{"offset":N}`, like the model's example `eyJvZmZzZXQiOjEwfQ==`),
// `sortFields` from a per-operation list and `sortDirection` ASC | DESC (default DESC).
import { WickrApiError } from "./errors";

export const DEFAULT_MAX_RESULTS = 10;
export const MAX_MAX_RESULTS = 100;

export interface PageRequest {
  maxResults: number;
  offset: number;
  sortField: string;
  direction: "ASC" | "DESC";
}

export function encodeNextToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), "utf8").toString("base64");
}

/** The offset a token stands for; BadRequestError when it is not one of ours. */
export function decodeNextToken(token: string): number {
  const invalid = () => WickrApiError.badRequest("The nextToken is not valid");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
  } catch {
    throw invalid();
  }
  const offset = (parsed as { offset?: unknown } | null)?.offset;
  if (typeof offset !== "number" || !Number.isInteger(offset) || offset < 0) throw invalid();
  return offset;
}

/** Reads the paging query members; ValidationError names each bad one. */
export function parsePageRequest(query: URLSearchParams, sortFields: readonly string[], defaultSortField: string): PageRequest {
  const reasons: Array<{ field: string; reason: string }> = [];
  let maxResults = DEFAULT_MAX_RESULTS;
  const rawMax = query.get("maxResults");
  if (rawMax !== null) {
    const n = /^[0-9]+$/.test(rawMax) ? Number(rawMax) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_MAX_RESULTS) {
      reasons.push({ field: "maxResults", reason: `maxResults must be an integer between 1 and ${MAX_MAX_RESULTS}` });
    } else {
      maxResults = n;
    }
  }
  const sortField = query.get("sortFields") ?? defaultSortField;
  if (!sortFields.includes(sortField)) {
    reasons.push({ field: "sortFields", reason: `sortFields must be one of ${sortFields.join(", ")}` });
  }
  const direction = query.get("sortDirection") ?? "DESC";
  if (direction !== "ASC" && direction !== "DESC") {
    reasons.push({ field: "sortDirection", reason: "sortDirection must be ASC or DESC" });
  }
  if (reasons.length > 0) throw WickrApiError.validation(reasons);
  const token = query.get("nextToken");
  const offset = token === null || token === "" ? 0 : decodeNextToken(token);
  return { maxResults, offset, sortField, direction: direction as "ASC" | "DESC" };
}

/** Sorts by the requested field (ties by `tieBreak`), then cuts the requested page. */
export function page<T>(
  items: T[],
  request: PageRequest,
  keyOf: (item: T, field: string) => string,
  tieBreak: (item: T) => string,
): { items: T[]; nextToken?: string } {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sign = request.direction === "ASC" ? 1 : -1;
  const sorted = [...items].sort(
    (a, b) => sign * (cmp(keyOf(a, request.sortField), keyOf(b, request.sortField)) || cmp(tieBreak(a), tieBreak(b))),
  );
  const end = request.offset + request.maxResults;
  const slice = sorted.slice(request.offset, end);
  return end < sorted.length ? { items: slice, nextToken: encodeNextToken(end) } : { items: slice };
}
