#!/usr/bin/env bash
# Paired check: C->C and ours->ours alternating, both servers and clients pinned to CPU 0, round after round, for
# one workload with one call in flight; prints each round's calls per second and ratio, then the median ratio and
# the rounds' spread. The "paired checks" of benchmarks/README.md come from here: a single side-by-side cell swings
# by 10-20% with the host's drift, while two pairings alternated over several rounds drift alike.
#
#   [RUN_SECONDS=1.5] [WARMUP=0.5] [PAIRING=both|server|client] bash benchmarks/side-by-side/pair.sh ROUNDS TRANSPORT PROC SIZE [OUR CLIENT'S OPTIONS]
#
#   bash benchmarks/side-by-side/pair.sh 10 tcp null 0                           # default (async stubs)
#   bash benchmarks/side-by-side/pair.sh 10 udp null 0 --api sync                # synchronous stubs
#   bash benchmarks/side-by-side/pair.sh 6 tcp read 65536 --strings bytes --api sync
#   PAIRING=server bash benchmarks/side-by-side/pair.sh 8 udp null 0             # rpcgen's client: C->C against C->ours
#   PAIRING=client bash benchmarks/side-by-side/pair.sh 8 udp null 0             # rpcgen's server: C->C against ours->C
#
# PAIRING says which of ours is set against C: both sides (the default), our server alone (rpcgen's client calls
# both servers) or our client alone (both clients call rpcgen's server).
# "--strings bytes" runs our server and client with msg.x compiled with MiniRpcStrings="Bytes"; other options go to
# `MiniRpc.Load run` as they are (--continuations pool, --event-loop off, ...). About 2 x ROUNDS x 2 s.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-10}"
transport="${2:-tcp}"
proc="${3:-null}"
size="${4:-0}"
shift $(( $# < 4 ? $# : 4 ))
seconds="${RUN_SECONDS:-1.5}"
warmup="${WARMUP:-0.5}"
pairing="${PAIRING:-both}"
case "$pairing" in both|server|client) ;; *) echo "PAIRING must be both, server or client" >&2; exit 2 ;; esac
# shellcheck source=common.sh
. "$repo/benchmarks/side-by-side/common.sh"

ours=ours
options=()
while [ $# -gt 0 ]; do
    if [ "$1" = --strings ] && [ "${2:-}" = bytes ]; then
        ours=bytes
        shift 2
    else
        options+=("$1")
        shift
    fi
done

# The pairing set against C->C: which client calls which server.
case "$pairing" in
    both) our_client="$ours" our_server="$ours" label="ours->ours" ;;
    server) our_client=c our_server="$ours" label="C->ours" ;;
    client) our_client="$ours" our_server=c label="ours->C" ;;
esac
[ "$our_client" = c ] && options=()

start_server c 0
[ "$our_server" = c ] || start_server "$our_server" 0
ratios=""
echo "pair: C->C against $label ($transport, $proc, $size bytes$([ "$ours" = bytes ] && echo ", byte[] strings")${options:+, ${options[*]}}), $rounds rounds of $seconds s"
for round in $(seq 1 "$rounds"); do
    c=$(run_client c c 0 "$transport" "$proc" "$size" 1 1 | field calls_per_s)
    o=$(run_client "$our_client" "$our_server" 0 "$transport" "$proc" "$size" 1 1 "${options[@]}" | field calls_per_s)
    r=$(awk -v a="$o" -v b="$c" 'BEGIN { printf "%.3f", a / b }')
    ratios+="$r "
    printf 'round %2d  C->C %8d  %s %8d  ratio %s\n' "$round" "$c" "$label" "$o" "$r"
done
stop_servers
echo "$ratios" | tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "median ratio %.3f (%.2f-%.2f, %d rounds)\n", m, a[1], a[NR], NR }'
