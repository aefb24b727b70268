/**
 * The chaos run ({@link io.planexec.bench.chaos.ChaosRun}): planexec on a three-broker cluster of processes, its
 * planners and executors as processes, brokers, controllers, planners and executors killed, frozen and restarted on a
 * schedule while agents' plans run, with a ledger of every tool call, then checked against planexec's promises ({@link
 * io.planexec.bench.chaos.ChaosChecks}).
 */
package io.planexec.bench.chaos;
