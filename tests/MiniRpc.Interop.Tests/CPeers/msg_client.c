/*
 * msg_client.c: the C reference msg client, on rpcgen -l's stubs. Without rpcbind: it connects to a given port.
 *
 *   msg_client HOST PORT tcp|udp COMMAND...     COMMAND: save TEXT | savelong N | read INDEX | null | proc3
 *
 * PORT 0 finds the server through the host's portmapper with clnt_create(HOST, MSGPROG, MSGVER, "tcp"|"udp").
 *
 * Prints one line per command: "save INDEX", "read <hex of the message>", "null ok", or "<command> error <text>".
 * savelong N sends a message of N 'x' bytes through xdr_string with no bound (rpcgen's stub would stop at 9000).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <rpc/rpc.h>
#include "msg.h"

static struct timeval timeout = { 25, 0 };

static void print_hex(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) printf("%02x", *p);
}

static bool_t xdr_unbounded_string(XDR *xdrs, char **text)
{
    return xdr_string(xdrs, text, ~0u);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: msg_client HOST PORT tcp|udp COMMAND...\n");
        return 2;
    }
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)atoi(argv[2]));
    inet_pton(AF_INET, argv[1], &address.sin_addr);
    int sock = RPC_ANYSOCK;
    CLIENT *clnt = atoi(argv[2]) == 0
        ? clnt_create(argv[1], MSGPROG, MSGVER, argv[3])
        : strcmp(argv[3], "udp") == 0
        ? clntudp_create(&address, MSGPROG, MSGVER, (struct timeval){ 1, 0 }, &sock)
        : clnttcp_create(&address, MSGPROG, MSGVER, &sock, 0, 0);
    if (!clnt) {
        printf("create error %s\n", clnt_spcreateerror(argv[1]));
        return 1;
    }
    clnt_control(clnt, CLSET_TIMEOUT, (char *)&timeout);

    for (int i = 4; i < argc; i++) {
        if (strcmp(argv[i], "save") == 0 && i + 1 < argc) {
            char *text = argv[++i];
            int *index = savemsg_2(&text, clnt);
            if (index) printf("save %d\n", *index); else printf("save error %s\n", clnt_sperror(clnt, "savemsg"));
        } else if (strcmp(argv[i], "savelong") == 0 && i + 1 < argc) {
            int length = atoi(argv[++i]);
            char *text = malloc((size_t)length + 1);
            memset(text, 'x', (size_t)length);
            text[length] = '\0';
            int index = -2;
            enum clnt_stat stat = clnt_call(clnt, SAVEMSG, (xdrproc_t)xdr_unbounded_string, (caddr_t)&text,
                                            (xdrproc_t)xdr_int, (caddr_t)&index, timeout);
            if (stat == RPC_SUCCESS) printf("savelong %d\n", index); else printf("savelong error %s\n", clnt_sperrno(stat));
            free(text);
        } else if (strcmp(argv[i], "read") == 0 && i + 1 < argc) {
            int which = atoi(argv[++i]);
            char **text = readmsg_2(&which, clnt);
            if (text) { printf("read "); print_hex(*text); printf("\n"); }
            else printf("read error %s\n", clnt_sperror(clnt, "readmsg"));
        } else if (strcmp(argv[i], "null") == 0) {
            enum clnt_stat stat = clnt_call(clnt, NULLPROC, (xdrproc_t)xdr_void, NULL, (xdrproc_t)xdr_void, NULL, timeout);
            if (stat == RPC_SUCCESS) printf("null ok\n"); else printf("null error %s\n", clnt_sperrno(stat));
        } else if (strcmp(argv[i], "proc3") == 0) {
            enum clnt_stat stat = clnt_call(clnt, 3, (xdrproc_t)xdr_void, NULL, (xdrproc_t)xdr_void, NULL, timeout);
            if (stat == RPC_SUCCESS) printf("proc3 ok\n"); else printf("proc3 error %s\n", clnt_sperrno(stat));
        } else {
            printf("%s error unknown command\n", argv[i]);
        }
        fflush(stdout);
    }
    clnt_destroy(clnt);
    return 0;
}
