/**
 * The JSON wire format: one strict, bounded parser ({@link io.planexec.wire.StrictJson}), the codecs of every message
 * ({@link io.planexec.wire.WireFormat}), and a plan's results as tool messages per dialect ({@link
 * io.planexec.wire.ToolMessages}). Errors are {@link io.planexec.wire.WireFormatException}s that say what and where.
 * The formats are documented in docs/protocol.md, with JSON Schemas in docs/schemas/.
 */
package io.planexec.wire;
