/*
 * msg_bench_server.c: the C reference msg server for benchmarks. Like tests/.../CPeers/msg_server.c, but with a
 * dispatcher of ours that decodes and encodes strings with xdr_string(~0), because rpcgen's (xdr_wrapstring)
 * stops at 9,000 bytes and the benchmarks send 64 KiB. Prints "tcp PORT udp PORT", then svc_run().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <rpc/rpc.h>
#include "msg.h"

static char *messages[1024];
static int count;

static bool_t xdr_text(XDR *xdrs, char **text) { return xdr_string(xdrs, text, ~0u); }

static void dispatch(struct svc_req *request, SVCXPRT *transport)
{
    switch (request->rq_proc) {
    case NULLPROC:
        svc_sendreply(transport, (xdrproc_t)xdr_void, NULL);
        return;
    case SAVEMSG: {
        char *text = NULL;
        if (!svc_getargs(transport, (xdrproc_t)xdr_text, (caddr_t)&text)) { svcerr_decode(transport); return; }
        int slot = count++ % 1024;
        free(messages[slot]);
        messages[slot] = text;
        int index = count - 1;
        svc_sendreply(transport, (xdrproc_t)xdr_int, (caddr_t)&index);
        return;
    }
    case READMSG: {
        int index = -1;
        if (!svc_getargs(transport, (xdrproc_t)xdr_int, (caddr_t)&index)) { svcerr_decode(transport); return; }
        static char empty[] = "";
        char *text = index >= 0 && index < count && messages[index % 1024] ? messages[index % 1024] : empty;
        svc_sendreply(transport, (xdrproc_t)xdr_text, (caddr_t)&text);
        return;
    }
    default:
        svcerr_noproc(transport);
    }
}

static int bound(int type)
{
    int fd = socket(AF_INET, type, 0);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (fd < 0 || bind(fd, (struct sockaddr *)&address, sizeof address) != 0) { perror("bind"); exit(1); }
    return fd;
}

static unsigned short port_of(int fd)
{
    struct sockaddr_in address;
    socklen_t length = sizeof address;
    getsockname(fd, (struct sockaddr *)&address, &length);
    return ntohs(address.sin_port);
}

int main(void)
{
    int tcp_fd = bound(SOCK_STREAM), udp_fd = bound(SOCK_DGRAM);
    listen(tcp_fd, SOMAXCONN);
    SVCXPRT *tcp = svctcp_create(tcp_fd, 0, 0);
    SVCXPRT *udp = svcudp_bufcreate(udp_fd, 65000, 65000);
    if (!tcp || !udp || !svc_register(tcp, MSGPROG, MSGVER, dispatch, 0) || !svc_register(udp, MSGPROG, MSGVER, dispatch, 0)) {
        fprintf(stderr, "cannot serve\n");
        return 1;
    }
    printf("tcp %u udp %u\n", port_of(tcp_fd), port_of(udp_fd));
    fflush(stdout);
    svc_run();
    return 1;
}
