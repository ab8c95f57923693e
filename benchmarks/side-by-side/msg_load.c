/*
 * msg_load.c: the C reference load client for benchmarks: one libtirpc CLIENT, one call in flight (libtirpc
 * allows no more), for SECONDS after a half-second warm-up. Prints the same line as MiniRpc.Load run.
 *
 *   msg_load PORT tcp|udp null|save|read SECONDS SIZE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <rpc/rpc.h>
#include "msg.h"

static bool_t xdr_text(XDR *xdrs, char **text) { return xdr_string(xdrs, text, ~0u); }

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 6) { fprintf(stderr, "usage: msg_load PORT tcp|udp null|save|read SECONDS SIZE\n"); return 2; }
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1])), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int sock = RPC_ANYSOCK;
    int udp = strcmp(argv[2], "udp") == 0;
    CLIENT *clnt = udp ? clntudp_bufcreate(&address, MSGPROG, MSGVER, (struct timeval){ 1, 0 }, &sock, 65000, 65000)
                       : clnttcp_create(&address, MSGPROG, MSGVER, &sock, 0, 0);
    if (!clnt) { fprintf(stderr, "%s\n", clnt_spcreateerror("msg_load")); return 1; }
    struct timeval timeout = { 25, 0 };
    const char *proc = argv[3];
    double seconds = atof(argv[4]);
    int size = atoi(argv[5]);
    char *payload = malloc((size_t)size + 1);
    memset(payload, 'm', (size_t)size);
    payload[size] = '\0';
    int index = 0;
    if (strcmp(proc, "read") == 0) {
        clnt_call(clnt, SAVEMSG, (xdrproc_t)xdr_text, (caddr_t)&payload, (xdrproc_t)xdr_int, (caddr_t)&index, timeout);
    }

    size_t capacity = 1 << 22, n = 0;
    double *latencies = malloc(capacity * sizeof *latencies);
    for (int phase = 0; phase < 2; phase++) {
        double end = now() + (phase == 0 ? 0.5 : seconds), start = now();
        struct rusage before, after;
        getrusage(RUSAGE_SELF, &before);
        n = 0;
        while (now() < end) {
            double t0 = now();
            enum clnt_stat stat;
            if (strcmp(proc, "save") == 0) {
                int result;
                stat = clnt_call(clnt, SAVEMSG, (xdrproc_t)xdr_text, (caddr_t)&payload, (xdrproc_t)xdr_int, (caddr_t)&result, timeout);
            } else if (strcmp(proc, "read") == 0) {
                char *text = NULL;
                stat = clnt_call(clnt, READMSG, (xdrproc_t)xdr_int, (caddr_t)&index, (xdrproc_t)xdr_text, (caddr_t)&text, timeout);
                clnt_freeres(clnt, (xdrproc_t)xdr_text, (caddr_t)&text);
            } else {
                stat = clnt_call(clnt, NULLPROC, (xdrproc_t)xdr_void, NULL, (xdrproc_t)xdr_void, NULL, timeout);
            }
            if (stat != RPC_SUCCESS) { fprintf(stderr, "%s\n", clnt_sperrno(stat)); return 1; }
            if (n < capacity) latencies[n] = (now() - t0) * 1e6;
            n++;
        }
        if (phase == 1) {
            getrusage(RUSAGE_SELF, &after);
            double elapsed = now() - start;
            double cpu = (after.ru_utime.tv_sec - before.ru_utime.tv_sec + after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1e6
                       + (after.ru_utime.tv_usec - before.ru_utime.tv_usec + after.ru_stime.tv_usec - before.ru_stime.tv_usec);
            size_t m = n < capacity ? n : capacity;
            qsort(latencies, m, sizeof *latencies, compare);
            printf("calls %zu calls_per_s %.0f p50_us %.1f p99_us %.1f p999_us %.1f client_cpu_us_per_call %.2f client_bytes_per_call 0\n",
                   n, n / elapsed, latencies[m / 2], latencies[(size_t)(m * 0.99)], latencies[(size_t)(m * 0.999)], cpu / n);
        }
    }
    clnt_destroy(clnt);
    return 0;
}
