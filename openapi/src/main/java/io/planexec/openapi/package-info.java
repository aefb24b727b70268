/**
 * The operations of HTTP services described by OpenAPI 3 documents, served by an executor as tools: {@link
 * io.planexec.openapi.OpenApiConfig} reads the tools file, {@link io.planexec.openapi.OpenApiTools} registers a tool
 * per operation, its spec from the operation's method, path and schemas.
 */
package io.planexec.openapi;
