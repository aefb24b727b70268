/** Crash points: where a fault test makes a service die as if killed, at an exact moment. */
package io.planexec.faults;
