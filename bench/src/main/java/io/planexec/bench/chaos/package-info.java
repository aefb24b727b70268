/**
 * The chaos run ({@link io.planexec.bench.chaos.ChaosRun}): planexec on a broker, its planner and executors as
 * processes killed and restarted on a schedule while agents' plans run, with a ledger of every tool call, then checked
 * against planexec's promises.
 */
package io.planexec.bench.chaos;
