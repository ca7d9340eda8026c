#!/usr/bin/env bash
# Ingest throughput of one node on its own: the broker, the publisher and the node each run in a
# process of their own (as in a deployment), and the node's CPU time per image is read from /proc.
#
#   bench/node-ingest.sh IMAGES_DIR [COPIES] [NODE FLAGS...]
#
# Publishes IMAGES_DIR WARM times (default 10) to warm the node up (the JIT compiles for the first
# minute or so, at several ms of CPU per image), then COPIES times (default 5) under distinct ids,
# and waits until the node's likeness.images.indexed counter has counted every image. Prints the
# node's CPU per image (so the images/s its cores allow) and the wall-clock rate of the measured
# burst, during which the publisher and the broker share the machine with it.
# Linux only (/proc); run from the repository root after ./mvnw package -DskipTests.
set -euo pipefail

images=$(cd "$1" && pwd)
copies=${2:-5}
warm=${WARM:-10}
shift $(( $# >= 2 ? 2 : 1 ))
jar="$(pwd)/app/target/likeness.jar"
work=$(mktemp -d /tmp/likeness-node-ingest.XXXXXX)
kafka_port=${KAFKA_PORT:-19892}
http_port=${HTTP_PORT:-18981}
bootstrap="127.0.0.1:$kafka_port"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# Distinct ids per copy: hard links (or copies) in copy-N/ folders under SET; ids are paths in SET.
make_copies() {
  local set=$1 from=$2 to=$3
  for ((i = from; i < to; i++)); do
    mkdir -p "$work/$set/copy-$i"
    cp -l "$images"/* "$work/$set/copy-$i/" 2>/dev/null || cp "$images"/* "$work/$set/copy-$i/"
  done
}

indexed() {
  curl -fsS "http://127.0.0.1:$http_port/metrics" 2>/dev/null \
    | awk '/^likeness_images_indexed_total/ {s += $2} END {printf "%d\n", s}'
}

# Polls once a second: a scrape costs the node CPU, and at 5 per second the JIT compiled the
# Prometheus exposition (seconds of CPU) during the measured burst.
wait_indexed() {
  local want=$1
  until [ "$(indexed)" -ge "$want" ]; do sleep 1; done
}

node_cpu_ticks() {
  awk '{print $14 + $15}' "/proc/$node_pid/stat"
}

# CPU ticks per thread group of the node: thread names with their numbers folded, e.g. "GC Thread#".
thread_ticks() {
  for t in /proc/"$node_pid"/task/*/stat; do
    # The name is in parentheses and may hold spaces; the fields after it are counted from ")".
    sed -E 's/^[0-9]+ \((.*)\) (.*)$/\1\t\2/' "$t" 2>/dev/null
  done | awk -F'\t' '{split($2, f, " "); name = $1; gsub(/[0-9]+/, "#", name); ticks[name] += f[12] + f[13]}
    END {for (n in ticks) printf "%s\t%d\n", n, ticks[n]}' | sort
}

publish() {
  java -Xmx512m -jar "$jar" ingest --quiet --bootstrap-servers "$bootstrap" "$@" > "$work/ingest.log"
}

per_copy=$(find "$images" -maxdepth 1 -type f | wc -l)
make_copies warm 0 "$warm"
make_copies measured "$warm" $((warm + copies))

java -Xmx768m -jar "$jar" broker --data-dir "$work/broker" --kafka-port "$kafka_port" > "$work/broker.log" 2>&1 &
pids+=($!)
until grep -q "Kafka broker up" "$work/broker.log" 2>/dev/null; do sleep 0.2; done
java --add-modules jdk.incubator.vector ${LIKENESS_JAVA_OPTS:--Xmx1g} -jar "$jar" node --bootstrap-servers "$bootstrap" --data-dir "$work/node" \
  --http-port "$http_port" "$@" > "$work/node.log" 2>&1 &
node_pid=$!
pids+=("$node_pid")
until curl -fsS "http://127.0.0.1:$http_port/health/ready" > /dev/null 2>&1; do sleep 0.2; done

publish "$work/warm"
wait_indexed $((warm * per_copy))

ticks0=$(node_cpu_ticks)
thread_ticks > "$work/threads0"
publish "$work/measured" &
pids+=($!)
# The rate is the node's, from its first measured image to its last (to a second): not the
# publisher's start-up.
wait_indexed $((warm * per_copy + 1))
t0=$(date +%s.%N)
wait_indexed $(((warm + copies) * per_copy))
t1=$(date +%s.%N)
ticks1=$(node_cpu_ticks)
thread_ticks > "$work/threads1"

n=$((copies * per_copy))
hz=$(getconf CLK_TCK)
awk -v n="$n" -v t0="$t0" -v t1="$t1" -v c0="$ticks0" -v c1="$ticks1" -v hz="$hz" -v cores="$(nproc)" \
  -v flags="$*" -v warm="$((warm * per_copy))" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
  ms = (c1 - c0) * 1000 / hz / n
  printf "node flags: [%s]; %d images after %d warm-up ones; %d cores; load average at the end %s\n", flags, n, warm, cores, load
  printf "node CPU per image: %.1f ms, i.e. %.0f images/s on %d free cores\n", ms, cores * 1000 / ms, cores
  printf "wall clock, first to last image indexed (publisher and broker on the same cores): %.1f s, %.1f images/s\n", t1 - t0, (n - 1) / (t1 - t0)
}'
echo "node CPU per image by thread group (ms, >= 0.1):"
join -t $'\t' -a 2 -e 0 -o 0,1.2,2.2 "$work/threads0" "$work/threads1" \
  | awk -F'\t' -v n="$n" -v hz="$hz" '{ms = ($3 - $2) * 1000 / hz / n; if (ms >= 0.1) printf "%8.1f  %s\n", ms, $1}' \
  | sort -rn
