// Message texts of kube-openapi's validation errors (`<path> in body ...`) and of the
// apimachinery field errors apiextensions turns some of them into. `name` is kube-openapi's
// dotted path of the value, empty for the root, which upstream prints as is.

import { goQuote } from './go-format.js';

export const openapiMessages = {
  type: (name: string, want: string, got: string) => `${name} in body must be of type ${want}: ${goQuote(got)}`,
  tooShort: (name: string, min: string) => `${name} in body should be at least ${min} chars long`,
  pattern: (name: string, pattern: string) => `${name} in body should match '${pattern}'`,
  multipleOf: (name: string, factor: string) => `${name} in body should be a multiple of ${factor}`,
  multipleOfMustBePositive: (name: string, factor: string) => `factor MultipleOf declared for ${name} must be positive: ${factor}`,
  maximum: (name: string, max: string, exclusive: boolean) =>
    exclusive ? `${name} in body should be less than ${max}` : `${name} in body should be less than or equal to ${max}`,
  minimum: (name: string, min: string, exclusive: boolean) =>
    exclusive ? `${name} in body should be greater than ${min}` : `${name} in body should be greater than or equal to ${min}`,
  unique: (name: string) => `${name} in body shouldn't contain duplicates`,
  tooFewItems: (name: string, min: string) => `${name} in body should have at least ${min} items`,
  tooFewProperties: (name: string, min: string) => `${name} in body should have at least ${min} properties`,
  forbiddenProperty: (name: string, key: string) => `${name}.${key} in body is a forbidden property`,
  anyOf: (name: string) => `${goQuote(name)} must validate at least one schema (anyOf)`,
  oneOf: (name: string, validated: number) =>
    `${goQuote(name)} must validate one and only one schema (oneOf). ${validated === 0 ? 'Found none valid' : `Found ${validated} valid alternatives`}`,
  allOf: (name: string, validated: number) => `${goQuote(name)} must validate all the schemas (allOf)${validated === 0 ? '. None validated' : ''}`,
  not: (name: string) => `${goQuote(name)} must not validate the schema (not)`,
};

/** field.TooLong's detail. */
export function tooLongDetail(max: number): string {
  return `may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`;
}

/** field.TooMany's detail (upstream uses it for maxProperties too, hence "items"). */
export function tooManyDetail(max: number): string {
  return `must have at most ${max} ${max === 1 ? 'item' : 'items'}`;
}
