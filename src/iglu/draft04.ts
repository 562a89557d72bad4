/**
 * The one ajv set-up for Iglu schemas, which are JSON Schema draft-04: the loader checks schema files
 * against the draft-04 meta-schema with it, the collector validates events with it, and the generator
 * compiles standalone validators with it.
 */
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** An ajv instance for draft-04. */
export type Draft04Ajv = InstanceType<typeof AjvDraft04.default>;

/** ajv's options, plus whether to add ajv-formats' format checks. */
export type Draft04Options = NonNullable<ConstructorParameters<typeof AjvDraft04.default>[0]> & {
  /** Add ajv-formats' checks (date-time, email, uri, ...). @default true */
  withFormats?: boolean;
};

/**
 * A draft-04 ajv that reports every error and is not strict: Iglu schemas carry `self` and a `$schema`
 * ajv does not know, and an unknown format (which igluctl only warns about) must not stop a schema.
 */
export function draft04Ajv(options: Draft04Options = {}): Draft04Ajv {
  const { withFormats = true, ...ajvOptions } = options;
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, ...ajvOptions });
  if (withFormats) addFormats.default(ajv);
  return ajv;
}
