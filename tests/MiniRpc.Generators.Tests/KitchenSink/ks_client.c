/*
 * ks_client.c: calls every procedure of kitchensink.x through rpcgen's client stubs (rpcgen -N -l) and
 * libtirpc, without rpcbind. Built at test time; the values are those of ks_values.c.
 *
 *   ks_client HOST PORT tcp|udp
 *
 * prints one line per call: "NAME ok HEX", HEX being the result encoded again by rpcgen's xdr_ routine
 * (empty for void), or "NAME error TEXT" with libtirpc's clnt_sperror text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <rpc/rpc.h>
#include "kitchensink.h"
#include "ks_values.h"

#define ENCODE_BUFFER_SIZE (256 * 1024)

static void print_error(const char *name, CLIENT *clnt)
{
    char text[512];
    snprintf(text, sizeof text, "%s", clnt_sperror(clnt, name));
    text[strcspn(text, "\n")] = '\0';
    printf("%s error %s\n", name, text);
}

/* result is what an rpcgen stub returned: NULL when the call failed */
static void report(const char *name, CLIENT *clnt, xdrproc_t proc, void *result)
{
    static char buffer[ENCODE_BUFFER_SIZE];
    if (result == NULL) {
        print_error(name, clnt);
        return;
    }
    XDR xdrs;
    xdrmem_create(&xdrs, buffer, sizeof buffer, XDR_ENCODE);
    if (!proc(&xdrs, result)) {
        printf("%s ENCODE_FAILED\n", name);
    } else {
        unsigned int length = xdr_getpos(&xdrs);
        printf("%s ok ", name);
        for (unsigned int i = 0; i < length; i++) {
            printf("%02x", (unsigned char)buffer[i]);
        }
        printf("\n");
    }
    xdr_destroy(&xdrs);
    xdr_free(proc, result);
    fflush(stdout);
}

/* a call the stubs have no function for, with void arguments and results */
static void call_raw(const char *name, CLIENT *clnt, rpcproc_t procedure, xdrproc_t encode_arguments, void *arguments)
{
    struct timeval timeout = { 10, 0 };
    enum clnt_stat status = clnt_call(clnt, procedure, encode_arguments, arguments, (xdrproc_t)xdr_void, NULL, timeout);
    if (status != RPC_SUCCESS) {
        print_error(name, clnt);
    } else {
        printf("%s ok \n", name);
    }
    fflush(stdout);
}

static CLIENT *create_client(const struct sockaddr_in *server, unsigned long version, int tcp)
{
    /* a port in the address: neither create function asks the portmapper */
    struct sockaddr_in address = *server;
    int sock = RPC_ANYSOCK;
    CLIENT *clnt;
    if (tcp) {
        clnt = clnttcp_create(&address, KSPROG, version, &sock, 0, 0);
    } else {
        struct timeval retransmit = { 1, 0 };
        clnt = clntudp_create(&address, KSPROG, version, retransmit, &sock);
    }
    if (clnt == NULL) {
        fprintf(stderr, "%s\n", clnt_spcreateerror("ks_client"));
        exit(2);
    }
    /* bound every call below rpcgen's 25 s, so that the test's wait for this process is never the first to end */
    struct timeval timeout = { 10, 0 };
    clnt_control(clnt, CLSET_TIMEOUT, (char *)&timeout);
    return clnt;
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[3], "tcp") != 0 && strcmp(argv[3], "udp") != 0)) {
        fprintf(stderr, "usage: ks_client HOST PORT tcp|udp\n");
        return 2;
    }
    struct sockaddr_in server;
    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    server.sin_port = htons((unsigned short)atoi(argv[2]));
    if (inet_pton(AF_INET, argv[1], &server.sin_addr) != 1) {
        fprintf(stderr, "not an IPv4 address: %s\n", argv[1]);
        return 2;
    }
    int tcp = strcmp(argv[3], "tcp") == 0;
    CLIENT *v1 = create_client(&server, KSVERS1, tcp);
    CLIENT *v2 = create_client(&server, KSVERS2, tcp);
    CLIENT *v3 = create_client(&server, 3, tcp);

    report("ks_null", v1, (xdrproc_t)xdr_void, ks_null_1(v1));
    report("ks_echo_everything", v1, (xdrproc_t)xdr_ks_everything, ks_echo_1(ks_value_everything(), v1));
    report("ks_echo_sparse", v1, (xdrproc_t)xdr_ks_everything, ks_echo_1(ks_value_sparse(), v1));
    if (tcp) {
        report("ks_echo_big", v1, (xdrproc_t)xdr_ks_everything, ks_echo_1(ks_value_big(), v1));
    }
    report("ks_add", v1, (xdrproc_t)xdr_quad_t, ks_add_1(2000000000LL, 3000000000LL, v1));
    report("ks_add_negative", v1, (xdrproc_t)xdr_quad_t, ks_add_1(-9000000000000000000LL, -1LL, v1));
    report("ks_check_message", v1, (xdrproc_t)xdr_ks_result, ks_check_1(-3, "n", KS_GREEN, v1));
    report("ks_check_longest_name", v1, (xdrproc_t)xdr_ks_result,
        ks_check_1(-3, "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm", KS_INFRARED, v1));
    report("ks_check_default", v1, (xdrproc_t)xdr_ks_result, ks_check_1(7, "x", KS_RED, v1));
    report("ks_check_negative_default", v1, (xdrproc_t)xdr_ks_result, ks_check_1(-100, "", KS_ULTRA, v1));
    report("ks_check_system_error", v1, (xdrproc_t)xdr_ks_result, ks_check_1(1, "x", KS_BLUE, v1));
    report("ks_reverse_pair", v2, (xdrproc_t)xdr_ks_node, ks_reverse_2(ks_value_pair(), v2));
    report("ks_reverse_list", v2, (xdrproc_t)xdr_ks_node, ks_reverse_2(ks_value_list(100), v2));
    report("ks_ping", v2, (xdrproc_t)xdr_void, ks_ping_2(v2));
    call_raw("null_version_2", v2, NULLPROC, (xdrproc_t)xdr_void, NULL);
    call_raw("unknown_procedure", v1, 99, (xdrproc_t)xdr_void, NULL);
    call_raw("unknown_version", v3, NULLPROC, (xdrproc_t)xdr_void, NULL);
    /* KS_ADD takes two hypers: one int is too short */
    int half = 1;
    call_raw("garbage_arguments", v1, KS_ADD, (xdrproc_t)xdr_int, &half);

    clnt_destroy(v1);
    clnt_destroy(v2);
    clnt_destroy(v3);
    return 0;
}
