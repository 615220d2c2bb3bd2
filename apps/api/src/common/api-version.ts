/**
 * The API's version (semver, NL API Design Rules /core/version-header and /core/uri-version): the
 * major version is in the path (`/api/v1`), the full version in the `API-Version` header of every
 * API response and in the OpenAPI document. Raise it with every change to the API and write the
 * change in docs/api-changelog.md: patch for fixes, minor for additions, a new major (and path)
 * for anything that breaks a client.
 */
export const API_VERSION = '1.3.0';

/** The response header that carries API_VERSION (exposed to browsers through CORS). */
export const API_VERSION_HEADER = 'API-Version';
