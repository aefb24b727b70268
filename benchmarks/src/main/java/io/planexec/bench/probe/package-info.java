/**
 * Measurements outside {@code planexec bench}, behind design decisions and operating figures written down in
 * docs/benchmarks.md and docs/operations.md: each a class with a {@code main}, run from the planexec jar ({@code
 * cli/target/planexec.jar}), which holds the harness and the embedded broker.
 */
package io.planexec.bench.probe;
