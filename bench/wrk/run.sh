#!/bin/sh
# Runs the two wrk scripts against a node and prints, besides wrk's latency percentiles, the
# node's CPU time per request (user + system, from /proc/PID/stat): on a machine shared with
# other work, wall-clock latency follows the neighbours' load, CPU per request much less so.
#
# usage: bench/wrk/run.sh NODE_PID [URL] [SECONDS] [LABEL]
# Run from the folder holding queries.txt (ScaleBench --write-only); COUNT as for search-by-id.lua.
pid=${1:?node pid}; url=${2:-http://127.0.0.1:8080}; secs=${3:-20}; label=${4:-run}
here=$(cd "$(dirname "$0")" && pwd)
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
for s in search-by-pdq search-by-id; do
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  c0=$(cpu)
  out=$(wrk -t2 -c16 -d"${secs}s" --latency -s "$here/$s.lua" "$url" 2>&1)
  c1=$(cpu)
  n=$(echo "$out" | awk '/requests in/{print $1}')
  printf '%s %s load[%s] p50 %s p90 %s p99 %s req/s %s cpu_ms/req %s errors %s\n' "$label" "$s" "$load" \
    "$(echo "$out" | awk '/ 50%/{print $2}')" "$(echo "$out" | awk '/ 90%/{print $2}')" \
    "$(echo "$out" | awk '/ 99%/{print $2}')" "$(echo "$out" | awk '/Requests\/sec/{print $2}')" \
    "$(echo "$c0 $c1 $n $ticks" | awk '{printf "%.3f", ($2 - $1) * 1000 / $4 / $3}')" \
    "$(echo "$out" | awk '/Non-2xx|Socket errors/{printf "%s ", $0}')"
done
