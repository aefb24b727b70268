/** The {@code planexec} command line: one picocli command per verb. */
package io.planexec.cli;
