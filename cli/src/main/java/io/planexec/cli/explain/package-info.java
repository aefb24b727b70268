/** The renderings of {@code planexec explain}: text, JSON, Graphviz dot and Mermaid. */
package io.planexec.cli.explain;
