/** How the verbs that talk to Kafka find the cluster: options, config file, environment, or a running {@code dev}. */
package io.planexec.cli.cluster;
