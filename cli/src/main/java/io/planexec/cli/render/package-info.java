/** How the verbs show plan results, plan events and tool specs to people. */
package io.planexec.cli.render;
