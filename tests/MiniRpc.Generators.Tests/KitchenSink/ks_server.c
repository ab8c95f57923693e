/*
 * ks_server.c: the procedures of kitchensink.x for rpcgen's dispatchers (rpcgen -N -m gives ksprog_1
 * and ksprog_2 without a main), and a main that serves them without rpcbind. Built at test time against
 * libtirpc; the logic is that of KitchenSinkService in the test project.
 *
 *   ks_server   listens on 127.0.0.1, TCP and UDP, on free ports; prints "tcp PORT udp PORT" and serves
 *               until it is killed (or for 120 s at most, so that a lost test run leaves nothing behind)
 *
 * rpcgen -N without -M: each procedure takes its arguments by value and returns a pointer to a static
 * result, or NULL for no reply. The reply is encoded before the dispatcher frees the arguments, so a
 * result may point into them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <rpc/rpc.h>
#include "kitchensink.h"

/* The dispatchers of kitchensink_svc.c (rpcgen -m declares them in no header). */
void ksprog_1(struct svc_req *rqstp, SVCXPRT *transp);
void ksprog_2(struct svc_req *rqstp, SVCXPRT *transp);

void *ks_null_1_svc(struct svc_req *rqstp)
{
    static char result;
    (void)rqstp;
    return &result;
}

ks_everything *ks_echo_1_svc(ks_everything arg1, struct svc_req *rqstp)
{
    static ks_everything result;
    (void)rqstp;
    result = arg1;
    return &result;
}

quad_t *ks_add_1_svc(quad_t arg1, quad_t arg2, struct svc_req *rqstp)
{
    static quad_t result;
    (void)rqstp;
    /* wraps around as the C# addition does, without signed overflow */
    result = (quad_t)((u_quad_t)arg1 + (u_quad_t)arg2);
    return &result;
}

static const char *color_name(ks_color color)
{
    switch (color) {
    case KS_RED: return "KS_RED";
    case KS_GREEN: return "KS_GREEN";
    case KS_BLUE: return "KS_BLUE";
    case KS_INFRARED: return "KS_INFRARED";
    case KS_ULTRA: return "KS_ULTRA";
    }
    return "?";
}

ks_result *ks_check_1_svc(int arg1, ks_name arg2, ks_color arg3, struct svc_req *rqstp)
{
    static ks_result result;
    static char message[KS_MAXNAME + 32];
    if (arg1 == -3) {
        snprintf(message, sizeof message, "%s:%s", arg2, color_name(arg3));
        result.status = -3;
        result.ks_result_u.message = message;
        return &result;
    }
    if (arg1 >= 0 && arg1 <= 2) {
        /* no default arm for a status that has an arm of its own: the C# service throws, its server answers SYSTEM_ERR */
        svcerr_systemerr(rqstp->rq_xprt);
        return NULL;
    }
    result.status = arg1;
    result.ks_result_u.code = arg1;
    return &result;
}

ks_node *ks_reverse_2_svc(ks_node arg1, struct svc_req *rqstp)
{
    static ks_node *reversed;
    static size_t capacity;
    size_t count = 0;
    (void)rqstp;
    for (ks_node *node = &arg1; node != NULL; node = node->next) {
        count++;
    }
    if (count > capacity) {
        ks_node *grown = realloc(reversed, count * sizeof *grown);
        if (grown == NULL) {
            svcerr_systemerr(rqstp->rq_xprt);
            return NULL;
        }
        reversed = grown;
        capacity = count;
    }
    size_t i = count;
    for (ks_node *node = &arg1; node != NULL; node = node->next) {
        i--;
        reversed[i].value = node->value;
        reversed[i].label = node->label;
        reversed[i].next = i + 1 < count ? &reversed[i + 1] : NULL;
    }
    return &reversed[0];
}

void *ks_ping_2_svc(struct svc_req *rqstp)
{
    static char result;
    (void)rqstp;
    return &result;
}

/* socket, bind to 127.0.0.1 port 0, and listen for a stream socket */
static int loopback_socket(int type)
{
    int fd = socket(AF_INET, type, 0);
    if (fd < 0) {
        perror("socket");
        exit(1);
    }
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (bind(fd, (struct sockaddr *)&address, sizeof address) < 0) {
        perror("bind");
        exit(1);
    }
    if (type == SOCK_STREAM && listen(fd, SOMAXCONN) < 0) {
        perror("listen");
        exit(1);
    }
    return fd;
}

static int local_port(int fd)
{
    struct sockaddr_in address;
    socklen_t length = sizeof address;
    if (getsockname(fd, (struct sockaddr *)&address, &length) < 0) {
        perror("getsockname");
        exit(1);
    }
    return ntohs(address.sin_port);
}

int main(void)
{
    alarm(120);
    int tcp_fd = loopback_socket(SOCK_STREAM);
    int udp_fd = loopback_socket(SOCK_DGRAM);
    SVCXPRT *tcp = svc_vc_create(tcp_fd, 0, 0);
    SVCXPRT *udp = svc_dg_create(udp_fd, 0, 0);
    if (tcp == NULL || udp == NULL) {
        fprintf(stderr, "cannot create the transports\n");
        return 1;
    }
    /* protocol 0: register with the dispatcher only, not with the portmapper */
    if (!svc_register(tcp, KSPROG, KSVERS1, ksprog_1, 0) || !svc_register(tcp, KSPROG, KSVERS2, ksprog_2, 0)
        || !svc_register(udp, KSPROG, KSVERS1, ksprog_1, 0) || !svc_register(udp, KSPROG, KSVERS2, ksprog_2, 0)) {
        fprintf(stderr, "cannot register KSPROG\n");
        return 1;
    }
    printf("tcp %d udp %d\n", local_port(tcp_fd), local_port(udp_fd));
    fflush(stdout);
    svc_run();
    fprintf(stderr, "svc_run returned\n");
    return 1;
}
