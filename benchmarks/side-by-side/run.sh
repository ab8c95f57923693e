#!/usr/bin/env bash
# Side by side: MiniRpc and the C reference (rpcgen + libtirpc) on the same msg.x workloads, in one run, on
# loopback. Builds the C peers (msg_bench_server.c, msg_load.c), runs each row 3 times and prints medians and the
# ratios ours/C. One-call-in-flight rows pin client and server to CPU 0 (the only stable placement on a 2-vCPU
# guest: see shared/docs/interop-notes.md). Each row starts both servers (ours and C's) once and runs its pairings
# in turn, three rounds of them, so that a host whose speed drifts (these guests' does, by 30% within minutes)
# moves every column of a row alike. Each run of our client is a process that warms up for WARMUP seconds (default
# 0.5: the load tool runs without tiered compilation) and measures one run. "ours" clients run their continuations as
# by default, on the client loop after its reading; the "inline" column is ours->ours with them run in the middle of
# the reading (RpcClientOptions.Continuations = RpcContinuationMode.Inline); "sync" is ours->ours
# through the generated synchronous stubs (SAVEMSG rather than SAVEMSGAsync), which read their replies on the calling
# thread as libtirpc's clnt_call does (one-call-in-flight rows only). "bytes" is "sync" with msg.x compiled with
# MiniRpcStrings="Bytes" on both sides (strings as byte[], the bytes as sent, as C's char *), on the SAVEMSG and
# READMSG rows.
# Takes about 4.5 minutes with the default 1.25 s per run.
#
#   [WARMUP=0.5] bash benchmarks/side-by-side/run.sh [SECONDS_PER_RUN]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-1.25}"
warmup="${WARMUP:-0.5}"
# shellcheck source=common.sh
. "$repo/benchmarks/side-by-side/common.sh"

printf '%-44s %10s %10s %10s %10s %10s %10s %10s %7s %7s %7s %7s\n' "workload" "C->C" "ours->ours" "C->ours" "ours->C" "inline" "sync" "bytes" "ours/C" "inline/C" "sync/C" "bytes/C"
c_one_connection=""
row() {
    local title="$1" cpus_server="$2" cpus_client="$3" transport="$4" proc="$5" size="$6" connections="${7:-1}" inflight="${8:-1}"
    # The pairings, client first; "inline" is ours->ours with RpcContinuationMode.Inline,
    # "sync" ours->ours through the synchronous stubs.
    local pairs=("c c" "ours ours" "c ours" "ours c" "ours ours inline" "ours ours sync" "bytes bytes sync")
    local runs=("" "" "" "" "" "" "")
    local strings=0
    [ "$proc" != null ] && [ "$size" -ge 4096 ] && [ $((connections * inflight)) -eq 1 ] && strings=1
    start_server ours "$cpus_server"
    start_server c "$cpus_server"
    [ "$strings" = 1 ] && start_server bytes "$cpus_server"
    for _ in 1 2 3; do
        for i in "${!pairs[@]}"; do
            set -- ${pairs[$i]}
            local client="$1" server="$2" options=()
            [ "${3:-}" = inline ] && options=(--continuations inline)
            [ "${3:-}" = sync ] && options=(--api sync)
            if [ "$client" = c ] && [ "$inflight" -gt 1 ]; then continue; fi
            if [ "${3:-}" = sync ] && [ $((connections * inflight)) -gt 1 ]; then continue; fi
            if [ "$client" = bytes ] && [ "$strings" = 0 ]; then continue; fi
            runs[$i]+="$(run_client "$client" "$server" "$cpus_client" "$transport" "$proc" "$size" "$connections" "$inflight" "${options[@]}" | field calls_per_s) "
        done
    done
    stop_servers
    local results=()
    for i in "${!pairs[@]}"; do
        if [ -z "${runs[$i]}" ]; then results+=("-"); else results+=("$(echo "${runs[$i]}" | tr ' ' '\n' | grep . | median)"); fi
    done
    local base="${results[0]}" note=""
    [ -z "$c_one_connection" ] && c_one_connection="$base"
    if [ "$base" = "-" ]; then base="$c_one_connection"; note=" (vs C's one connection, 1 in flight)"; fi
    local ratio inline_ratio sync_ratio bytes_ratio
    ratio=$(awk -v a="${results[1]}" -v b="$base" 'BEGIN { printf "%.2f", a / b }')
    inline_ratio=$(awk -v a="${results[4]}" -v b="$base" 'BEGIN { printf "%.2f", a / b }')
    sync_ratio=$(awk -v a="${results[5]}" -v b="$base" 'BEGIN { if (a == "-") print "-"; else printf "%.2f", a / b }')
    bytes_ratio=$(awk -v a="${results[6]}" -v b="$base" 'BEGIN { if (a == "-") print "-"; else printf "%.2f", a / b }')
    printf '%-44s %10s %10s %10s %10s %10s %10s %10s %7s %7s %7s %7s%s\n' "$title" "${results[@]}" "$ratio" "$inline_ratio" "$sync_ratio" "$bytes_ratio" "$note"
}

row "NULL, TCP, 1 in flight (CPU 0)" 0 0 tcp null 0
row "NULL, UDP, 1 in flight (CPU 0)" 0 0 udp null 0
row "SAVEMSG 16 B, TCP, 1 in flight (CPU 0)" 0 0 tcp save 16
row "SAVEMSG 64 KiB, TCP, 1 in flight (CPU 0)" 0 0 tcp save 65536
row "READMSG 64 KiB, TCP, 1 in flight (CPU 0)" 0 0 tcp read 65536
row "NULL, TCP, 1 connection, 32 in flight" 0 1 tcp null 0 1 32
row "NULL, TCP, 16 connections (CPU 0-1)" 0-1 0-1 tcp null 0 16 1

# Allocations of our server per NULL call (after a warm client run), and of our client.
start_server ours 0-1
taskset -c 1 dotnet "$load" run --port "$ours_tcp" --proc null --seconds "$seconds" --warmup 1 > /dev/null
echo stats >&9; sleep 0.5
before=$(tail -n 1 "$work/ours.out")
taskset -c 1 dotnet "$load" run --port "$ours_tcp" --proc null --seconds "$seconds" --warmup 1 > "$work/alloc.out"
echo stats >&9; sleep 0.5
after=$(tail -n 1 "$work/ours.out")
calls=$(field calls < "$work/alloc.out")
echo "our server: $(awk -v a="$(echo "$after" | field allocated_bytes)" -v b="$(echo "$before" | field allocated_bytes)" -v n="$calls" 'BEGIN { printf "%.1f", (a - b) / n }') bytes allocated per NULL call (a fresh client connection included); our client: $(field client_bytes_per_call < "$work/alloc.out") bytes per call"
exec 9>&- 2>/dev/null || true
kill "$ours_pid" 2>/dev/null || true
wait "$ours_pid" 2>/dev/null || true
