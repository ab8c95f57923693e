/*
 * msg_server.c: the C reference msg server. rpcgen -m msg.x gives the dispatcher (msgprog_2); this file gives
 * the procedures (messages in memory) and a main that serves TCP and UDP on 127.0.0.1 without rpcbind:
 * svc_register with protocol 0 does not contact the portmapper. It prints "tcp PORT udp PORT" and serves until
 * killed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <rpc/rpc.h>
#include "msg.h"

#define MAX_MESSAGES 100000

static char *messages[MAX_MESSAGES];
static int count;

int *savemsg_2_svc(char **argp, struct svc_req *rqstp)
{
    static int result;
    (void)rqstp;
    if (count >= MAX_MESSAGES) {
        result = -1;
        return &result;
    }
    messages[count] = strdup(*argp);
    result = messages[count] ? count++ : -1;
    return &result;
}

char **readmsg_2_svc(int *argp, struct svc_req *rqstp)
{
    static char *result;
    static char empty[] = "";
    (void)rqstp;
    result = (*argp >= 0 && *argp < count) ? messages[*argp] : empty;
    return &result;
}

int msgprog_2_freeresult(SVCXPRT *transp, xdrproc_t xdr_result, caddr_t result)
{
    (void)transp; (void)xdr_result; (void)result;
    return 1;
}

#ifndef RPCGEN_MAIN
/* Built with -DRPCGEN_MAIN, rpcgen's own main (rpcgen -s tcp -s udp) serves instead, registered with pmap_set. */

extern void msgprog_2(struct svc_req *rqstp, SVCXPRT *transp);

static int loopback_socket(int type)
{
    int fd = socket(AF_INET, type, 0);
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (fd < 0 || bind(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        perror("socket/bind");
        exit(1);
    }
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
    int tcp_fd = loopback_socket(SOCK_STREAM);
    int udp_fd = loopback_socket(SOCK_DGRAM);
    if (listen(tcp_fd, SOMAXCONN) != 0) {
        perror("listen");
        return 1;
    }
    SVCXPRT *tcp = svctcp_create(tcp_fd, 0, 0);
    SVCXPRT *udp = svcudp_create(udp_fd);
    if (!tcp || !udp) {
        fprintf(stderr, "cannot create the transports\n");
        return 1;
    }
    if (!svc_register(tcp, MSGPROG, MSGVER, msgprog_2, 0) || !svc_register(udp, MSGPROG, MSGVER, msgprog_2, 0)) {
        fprintf(stderr, "cannot register MSGPROG\n");
        return 1;
    }
    printf("tcp %u udp %u\n", port_of(tcp_fd), port_of(udp_fd));
    fflush(stdout);
    svc_run();
    return 1;
}
#endif
