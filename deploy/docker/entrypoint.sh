#!/bin/sh
# The entry point of the planexec image: runs one planexec verb (planner, executor, dev, submit, tools, top, ...) on
# the image's JRE, with the arguments given. Works outside the image too, given the jar:
#   PLANEXEC_HOME_DIR=/path/with/planexec.jar deploy/docker/entrypoint.sh executor --help
#
#   PLANEXEC_HOME_DIR             where planexec.jar (and the class-data archive planexec.jsa) are (/opt/planexec)
#   PLANEXEC_CLASSPATH            jars or directories of tools, ':'-separated, after planexec's jar (an executor serves
#                                 the ToolProviders it finds there)
#   PLANEXEC_MAX_RAM_PERCENTAGE   the heap's share of the container's memory limit (50: the planner's RocksDB stores
#                                 and the JVM itself live outside the heap)
#   PLANEXEC_JAVA_OPTS            further JVM options (a -Xmx there wins over the percentage)
#   PLANEXEC_CDS                  off: start without the class-data archive
# Every planexec setting can also be given as an environment variable (PLANEXEC_BOOTSTRAP_SERVERS,
# PLANEXEC_HTTP_PORT, ...): docs/operations.md lists them.
set -eu

home="${PLANEXEC_HOME_DIR:-/opt/planexec}"
jar="$home/planexec.jar"
if [ ! -f "$jar" ]; then
  echo "planexec: no $jar (set PLANEXEC_HOME_DIR to the directory of planexec.jar)" >&2
  exit 2
fi

cds=""
if [ "${PLANEXEC_CDS:-on}" != "off" ] && [ -f "$home/planexec.jsa" ]; then
  # -Xshare:auto: a JVM that cannot use the archive (another JDK build) starts without it
  cds="-XX:SharedArchiveFile=$home/planexec.jsa -Xshare:auto"
fi

# shellcheck disable=SC2086 # the option lists are meant to be split into words
exec java \
  -XX:MaxRAMPercentage="${PLANEXEC_MAX_RAM_PERCENTAGE:-50}" \
  -XX:+ExitOnOutOfMemoryError \
  $cds \
  ${PLANEXEC_JAVA_OPTS:-} \
  -Dplanexec.home="${TMPDIR:-/tmp}/planexec" \
  -cp "$jar${PLANEXEC_CLASSPATH:+:$PLANEXEC_CLASSPATH}" \
  io.planexec.cli.PlanexecCli "$@"
