import AjvCompiler from "@fastify/ajv-compiler";
import { SerializerSelector } from "@fastify/fast-json-stringify-compiler";

type Validate = ((data: unknown) => boolean | Promise<unknown>) & { errors?: unknown };
type Compile<F> = (route: unknown) => F;

/**
 * Fastify compiles a validator and a serializer for each of our ~300 routes before it listens:
 * 0.4 s of every start, most of it for routes a given server may never see. These factories
 * wrap Fastify's own compilers (same Ajv options, formats and shared schemas) so that each
 * route's are compiled on its first request instead. A schema Ajv rejects then fails that
 * route's first request rather than the start; the bad-input test sends requests to every route
 * with a schema, so such a mistake still fails `npm test`.
 */
export const lazyCompilers = {
  buildValidator(externalSchemas: unknown, options: unknown): Compile<Validate> {
    const compile = (AjvCompiler() as unknown as (e: unknown, o: unknown) => Compile<Validate>)(
      externalSchemas,
      options,
    );
    return (route) => {
      let validate: Validate | undefined;
      const lazy: Validate = (data) => {
        validate ??= compile(route);
        const result = validate(data);
        // Fastify reads the errors from the function it was given.
        lazy.errors = validate.errors;
        return result;
      };
      return lazy;
    };
  },
  buildSerializer(externalSchemas: unknown, options: unknown): Compile<(data: unknown) => string> {
    const compile = (
      SerializerSelector() as unknown as (e: unknown, o: unknown) => Compile<(data: unknown) => string>
    )(externalSchemas, options);
    return (route) => {
      let serialize: ((data: unknown) => string) | undefined;
      return (data) => {
        serialize ??= compile(route);
        return serialize(data);
      };
    };
  },
};
