/**
 * The demo tools that {@code planexec dev} and {@code planexec demo} register: modeled on the in-process design's
 * examples (weather, news, users, files), plus tools that sleep, fail, fail at first, or declare no resources. Their
 * state (users, files) lives in memory in the process; files never touch the disk.
 */
package io.planexec.standalone.demo;
