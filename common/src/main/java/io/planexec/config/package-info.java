/**
 * Configuration of the planexec services: one typed {@link org.apache.kafka.common.config.ConfigDef} per service,
 * filled from a properties file, {@code PLANEXEC_*} environment variables and command-line overrides
 * ({@link io.planexec.config.ConfigSources}), with a reference table generated for {@code docs/operations.md}
 * ({@link io.planexec.config.ConfigTables}).
 */
package io.planexec.config;
