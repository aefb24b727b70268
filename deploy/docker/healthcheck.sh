#!/bin/bash
# The image's health check: GET /health/ready on the service's own HTTP port (PLANEXEC_HTTP_PORT), with bash alone
# (no curl in a JRE image). Exits 0 when the service answers 200 (ready), 1 otherwise. Usage: healthcheck.sh [PORT]
set -u
port="${1:-${PLANEXEC_HTTP_PORT:-9400}}"
exec 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null || { echo "nothing listens on port $port" >&2; exit 1; }
printf 'GET /health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
IFS= read -r -t 5 status <&3 || { echo "no answer on port $port" >&2; exit 1; }
exec 3<&-
case "$status" in
  "HTTP/1."?" 200 "*) exit 0 ;;
  *) echo "not ready: ${status%$'\r'}" >&2; exit 1 ;;
esac
