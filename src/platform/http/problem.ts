import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";

/** RFC 9457 problem details: the one error format of the API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Field-level problems, each with a JSON pointer to the offending input. */
  errors?: { pointer: string; detail: string }[];
  [extension: string]: unknown;
}

export class HttpProblem extends Error {
  constructor(
    public status: number,
    public title: string,
    public detail?: string,
    public extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

export const notFound = (detail = "The resource does not exist or you may not see it.") =>
  new HttpProblem(404, "Not Found", detail);
export const forbidden = (detail = "You do not have permission to do this.") =>
  new HttpProblem(403, "Forbidden", detail);
export const unauthorized = (detail = "Sign in or send a valid access token.") =>
  new HttpProblem(401, "Unauthorized", detail);
export const badRequest = (detail: string, errors?: Problem["errors"]) =>
  new HttpProblem(400, "Bad Request", detail, errors ? { errors } : {});
export const conflict = (detail: string, extensions: Record<string, unknown> = {}) =>
  new HttpProblem(409, "Conflict", detail, extensions);

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  428: "Precondition Required",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

export function problemFor(error: FastifyError | HttpProblem | Error, request: FastifyRequest): Problem {
  if (error instanceof HttpProblem) {
    return {
      type: "about:blank",
      title: error.title,
      status: error.status,
      detail: error.detail,
      instance: request.url,
      ...error.extensions,
    };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const location = fastifyError.validationContext ?? "body";
    return {
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      detail: "The request did not match the schema.",
      instance: request.url,
      errors: fastifyError.validation.map((v) => ({
        pointer: `/${location}${v.instancePath || ""}${
          v.params && "missingProperty" in v.params ? `/${String(v.params.missingProperty)}` : ""
        }`,
        detail: v.message ?? "is invalid",
      })),
    };
  }
  const status = fastifyError.statusCode && fastifyError.statusCode >= 400 ? fastifyError.statusCode : 500;
  return {
    type: "about:blank",
    title: TITLES[status] ?? (status >= 500 ? "Internal Server Error" : "Bad Request"),
    status,
    // Internal errors never leak their message; client errors from Fastify are safe to show.
    detail: status >= 500 ? "Something went wrong on our side. It has been logged." : fastifyError.message,
    instance: request.url,
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type("application/problem+json").send(problem);
}

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith("/api/");
}
