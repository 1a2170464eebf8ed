#!/usr/bin/env bash
# Builds target/benchmarks.jar and runs Ballast's benchmarks against HikariCP, Agroal, Vibur DBCP (fair and unfair),
# Commons DBCP2, Resilience4j and Failsafe, writing Markdown tables, JSON results and SVG plots. Never part of
# `./mvnw verify`; see README.md beside this script.
#
# Usage: ballast-benchmarks/run.sh [--quick] [pool] [resilience] [virtual-threads] [tpcb] [failover] [sweep] [all]
#          [knee] [soak]
#   (no benchmark named = all = pool resilience virtual-threads tpcb failover sweep; knee (the sweep's curve measured
#   interleaved, about 8 min) and soak (30 min) run only when named)
#   --quick   smoke durations (1 fork, 1 s iterations, 2 s scenarios) to check everything runs; results then go to
#             ballast-benchmarks/target/results-quick instead of ballast-benchmarks/results
# Environment:
#   JAVA         the java to run with (default: a JDK 25 under /usr/lib/jvm if there is one, else `java`)
#   POOLS        pools to compare (default: ballast,hikari,agroal,vibur-fair,vibur-unfair,dbcp2)
#   TPCB_POOLS   pools of the TPC-B run (default: POOLS plus ballast-tuned and ballast-default, the auto-sized pool
#                with a tracing listener and as an application gets it by default)
#   FAILOVER_POOLS pools of the failover scenario (default: ballast,hikari, the ones it knows)
#   SOAK_MINUTES length of the soak (default 30; --quick: 1)
#   RESULTS_DIR  where to write results (default: see --quick)
#   SKIP_BUILD=1 reuse the existing target/benchmarks.jar
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
jar="$here/target/benchmarks.jar"

usage() { sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; }

quick=false
targets=()
for arg in "$@"; do
  case "$arg" in
    --quick) quick=true ;;
    pool|resilience|virtual-threads|tpcb|failover|sweep|knee|soak) targets+=("$arg") ;;
    all) targets+=(pool resilience virtual-threads tpcb failover sweep) ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(pool resilience virtual-threads tpcb failover sweep)

find_jdk25() {
  local candidate
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/jdk-25*; do
    if [ -x "$candidate/bin/java" ] && "$candidate/bin/java" -version 2>&1 | head -1 | grep -q '"25'; then
      echo "$candidate/bin/java"
      return 0
    fi
  done
  return 1
}
JAVA=${JAVA:-$(find_jdk25 || command -v java)}
POOLS=${POOLS:-ballast,hikari,agroal,vibur-fair,vibur-unfair,dbcp2}
TPCB_POOLS=${TPCB_POOLS:-$POOLS,ballast-tuned,ballast-default}
if $quick; then
  out=${RESULTS_DIR:-$here/target/results-quick}
  jmh_args=(-f 1 -wi 1 -i 1 -w 1s -r 1s)
  vt_args=(--warmup=1 --duration=2)
  tpcb_args=(--warmup=1 --duration=2 --scale=1)
  failover_args=(--warmup=2 --after=5 --rounds=1)
  sweep_args=(--warmup=1 --duration=2 --scale=1 --sizes=2,10,20)
  knee_args=(-Dsizes=2,10,20 -Dclients=64 -Dmax=20 -Dwarmup=1 -Dsecs=1)
  knee_rounds=1
  soak_minutes=${SOAK_MINUTES:-1}
else
  out=${RESULTS_DIR:-$here/results}
  jmh_args=()   # the benchmarks' own annotations: 2 forks, 5 warm-up and 5 measured iterations
  vt_args=(--rounds=2)
  tpcb_args=(--rounds=3 --warmup=5 --duration=10)   # pools' order reversed every other round
  failover_args=()
  sweep_args=()
  knee_args=(-Dsizes=2,3,5,8,11,20 -Dclients=64 -Dmax=20 -Dwarmup=4 -Dsecs=8)
  knee_rounds=4
  soak_minutes=${SOAK_MINUTES:-30}
fi
mkdir -p "$out"

if [ "${SKIP_BUILD:-}" != 1 ]; then
  echo "== building $jar"
  (cd "$root" && ./mvnw -B -q -pl ballast-benchmarks -am package -DskipTests)
fi

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //') x $(nproc 2>/dev/null || echo '?')"
  echo "os: $(uname -srm)"
  echo "java: $("$JAVA" -version 2>&1 | head -1)"
  echo "pools: $POOLS"
  echo "quick: $quick"
} > "$out/environment.txt"
cat "$out/environment.txt"

# Each JVM gets its own temporary directory: JMH takes a lock file there, and other runs may hold /tmp's.
run_java() {
  local tmp
  tmp=$(mktemp -d)
  local rc=0
  "$JAVA" -Djava.io.tmpdir="$tmp" "$@" || rc=$?
  rm -rf "$tmp"
  return $rc
}

jmh() {
  local name=$1 pattern=$2
  shift 2
  echo "== JMH $pattern -> $out/$name.md"
  run_java -jar "$jar" "$pattern" "${jmh_args[@]}" "$@" -prof gc -rf json -rff "$out/$name.json" -o "$out/$name.txt"
  run_java -cp "$jar" dev.ballast.benchmarks.report.JmhReport "$out/$name.json" "$out/$name.md"
}

for target in "${targets[@]}"; do
  case "$target" in
    pool)
      jmh pool 'PoolBenchmark' -p pool="$POOLS"
      ;;
    resilience)
      jmh resilience 'ResilienceBenchmark'
      ;;
    virtual-threads)
      echo "== virtual threads -> $out/virtual-threads.md"
      run_java -cp "$jar" dev.ballast.benchmarks.scenario.VirtualThreadScenario --pools="$POOLS" --out="$out" \
        "${vt_args[@]}"
      ;;
    tpcb)
      echo "== TPC-B on embedded PostgreSQL -> $out/tpcb.md"
      run_java -cp "$jar" dev.ballast.benchmarks.scenario.TpcbScenario --pools="$TPCB_POOLS" --out="$out" \
        "${tpcb_args[@]}"
      ;;
    failover)
      echo "== failover on an embedded primary + standby -> $out/failover.md"
      # the failover scenario knows Ballast and HikariCP only
      run_java -cp "$jar" dev.ballast.benchmarks.failover.FailoverScenario --pools="${FAILOVER_POOLS:-ballast,hikari}" \
        --out="$out" \
        "${failover_args[@]}"
      ;;
    sweep)
      echo "== tuning sweep (TPC-B, 64 clients, fixed pools of every size vs EnablePoolAutoTuning) -> $out/sweep.md"
      run_java -cp "$jar" dev.ballast.benchmarks.scenario.TuningSweep --out="$out" "${sweep_args[@]}"
      ;;
    knee)
      echo "== knee curve (TPC-B, 64 clients, fixed pools and the tuned pool interleaved) -> $out/knee-curve.txt"
      run_java "${knee_args[@]}" -cp "$jar" dev.ballast.benchmarks.scenario.KneeCurve "$knee_rounds" \
        | tee "$out/knee-curve.txt"
      ;;
    soak)
      echo "== soak, $soak_minutes min -> $out/soak.md"
      run_java -Xmx512m -cp "$jar" dev.ballast.benchmarks.scenario.SoakScenario --minutes="$soak_minutes" \
        --out="$out"
      ;;
  esac
done
echo "== plots"
run_java -cp "$jar" dev.ballast.benchmarks.report.Plots "$out"
echo "== results in $out"
