# Shared by run.sh and pair.sh (sourced, not run): builds the C peers (rpcgen + libtirpc, our msg_bench_server.c
# and msg_load.c) and the load tool into a temporary directory, and defines how to start the servers and run one
# measured client. The caller sets repo, seconds and warmup first.
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

cp "$repo/msg.x" "$repo"/benchmarks/side-by-side/*.c "$work/"
(cd "$work" && rpcgen -h msg.x -o msg.h && rpcgen -c msg.x -o msg_xdr.c \
  && gcc -O2 -I/usr/include/tirpc msg_bench_server.c msg_xdr.c -ltirpc -o msg_bench_server \
  && gcc -O2 -I/usr/include/tirpc msg_load.c msg_xdr.c -ltirpc -o msg_load) 2> "$work/build.log"
dotnet build "$repo/benchmarks/MiniRpc.Load" -c Release -nologo -v quiet > "$work/dotnet-build.log"
load="$repo/benchmarks/MiniRpc.Load/bin/Release/net10.0/MiniRpc.Load.dll"

# start_server NAME CPUS: starts our server (dotnet) or the C one, pinned; sets ${NAME}_tcp, ${NAME}_udp.
start_server() {
    local name="$1" cpus="$2" pid
    if [ "$name" = ours ] || [ "$name" = bytes ]; then
        # Our server reads "stats" lines on its stdin (fd 9 for ours, 8 for bytes) and ends when it closes.
        local options=() fd=9
        [ "$name" = bytes ] && options=(--strings bytes) && fd=8
        mkfifo "$work/stdin.$$"
        taskset -c "$cpus" dotnet "$load" serve "${options[@]}" < "$work/stdin.$$" > "$work/$name.out" &
        pid=$!
        eval "exec $fd> \"\$work/stdin.\$\$\""
        rm "$work/stdin.$$"
    else
        taskset -c "$cpus" "$work/msg_bench_server" > "$work/$name.out" &
        pid=$!
    fi
    pids+=("$pid")
    eval "${name}_pid=$pid"
    for _ in $(seq 1 100); do [ -s "$work/$name.out" ] && break; sleep 0.1; done
    read -r _ tcp _ udp < "$work/$name.out"
    eval "${name}_tcp=$tcp ${name}_udp=$udp"
}

stop_servers() {
    exec 9>&- 8>&- 2>/dev/null || true
    kill ${ours_pid:-} ${c_pid:-} ${bytes_pid:-} 2>/dev/null || true
    wait ${ours_pid:-} ${c_pid:-} ${bytes_pid:-} 2>/dev/null || true
    ours_pid="" c_pid="" bytes_pid=""
}

# run_client NAME SERVER CPUS TRANSPORT PROC SIZE CONNECTIONS INFLIGHT [CLIENT OPTIONS...]: one measured run, one line.
run_client() {
    local name="$1" server="$2" cpus="$3" transport="$4" proc="$5" size="$6" connections="$7" inflight="$8"
    shift 8
    local port
    eval "port=\$${server}_${transport}"
    if [ "$name" = ours ] || [ "$name" = bytes ]; then
        [ "$name" = bytes ] && set -- "$@" --strings bytes
        taskset -c "$cpus" dotnet "$load" run --port "$port" --transport "$transport" --proc "$proc" --size "$size" \
            --seconds "$seconds" --connections "$connections" --inflight "$inflight" --warmup "$warmup" --repeat 1 "$@"
    elif [ "$connections" -gt 1 ]; then
        # libtirpc has one call in flight per CLIENT: concurrency means processes; add up their rates.
        for _ in $(seq 1 "$connections"); do
            taskset -c "$cpus" "$work/msg_load" "$port" "$transport" "$proc" "$seconds" "$size" &
        done | awk '{ for (i = 1; i < NF; i++) v[$i] += $(i + 1) } END { printf "calls %d calls_per_s %d p50_us 0 p99_us 0 p999_us 0\n", v["calls"], v["calls_per_s"] }'
    else
        taskset -c "$cpus" "$work/msg_load" "$port" "$transport" "$proc" "$seconds" "$size"
    fi
}

field() { awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }'; }
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

