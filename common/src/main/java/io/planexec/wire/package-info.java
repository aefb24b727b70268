/**
 * The JSON wire format: one strict, bounded parser ({@link io.planexec.wire.StrictJson}) and the codecs of every
 * message ({@link io.planexec.wire.WireFormat}). Errors are {@link io.planexec.wire.WireFormatException}s that say what
 * and where.
 */
package io.planexec.wire;
