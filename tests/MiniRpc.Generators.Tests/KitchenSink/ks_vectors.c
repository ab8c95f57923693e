/*
 * ks_vectors.c: the C side of the kitchensink.x round-trip tests. Built at test time against the
 * xdr routines rpcgen generates from kitchensink.x and against libtirpc.
 *
 *   ks_vectors            prints "name hex" for every value below, encoded by rpcgen's xdr_ routines
 *   ks_vectors roundtrip  reads "name hex" lines, decodes each with the xdr_ routine of that name,
 *                         encodes the result again and prints "name hex" (or "name DECODE_FAILED")
 *
 * The values must match KitchenSinkValues.cs in the test project; the composite ones come from ks_values.c,
 * which the interop peers share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rpc/rpc.h>
#include "kitchensink.h"
#include "ks_values.h"

#define BUFFER_SIZE 65536

static void print_encoded(const char *name, xdrproc_t proc, void *value)
{
    static char buffer[BUFFER_SIZE];
    XDR xdrs;
    xdrmem_create(&xdrs, buffer, sizeof buffer, XDR_ENCODE);
    if (!proc(&xdrs, value)) {
        printf("%s ENCODE_FAILED\n", name);
        return;
    }
    unsigned int length = xdr_getpos(&xdrs);
    printf("%s ", name);
    for (unsigned int i = 0; i < length; i++) {
        printf("%02x", (unsigned char)buffer[i]);
    }
    printf("\n");
    xdr_destroy(&xdrs);
}

static void print_values(void)
{
    ks_point p = ks_value_point(-5, 2147483647);
    print_encoded("point", (xdrproc_t)xdr_ks_point, &p);

    ks_scalars s = ks_value_scalars();
    print_encoded("scalars", (xdrproc_t)xdr_ks_scalars, &s);

    ks_node n3 = { 3, "three", NULL };
    ks_node n2 = { 2, "two", &n3 };
    ks_node n1 = { 1, "one", &n2 };
    print_encoded("node", (xdrproc_t)xdr_ks_node, &n1);

    ks_result r0; r0.status = 0; r0.ks_result_u.point = ks_value_point(1, 2);
    print_encoded("result_point", (xdrproc_t)xdr_ks_result, &r0);
    ks_result r2; r2.status = 2;
    print_encoded("result_void", (xdrproc_t)xdr_ks_result, &r2);
    ks_result r3; r3.status = -3; r3.ks_result_u.message = "bad";
    print_encoded("result_message", (xdrproc_t)xdr_ks_result, &r3);
    ks_result r99; r99.status = 99; r99.ks_result_u.code = 1234567890123LL;
    print_encoded("result_default", (xdrproc_t)xdr_ks_result, &r99);

    ks_shape red; red.kind = KS_RED; red.ks_shape_u.center = ks_value_point(3, 4);
    print_encoded("shape_red", (xdrproc_t)xdr_ks_shape, &red);
    ks_shape green; green.kind = KS_GREEN; green.ks_shape_u.corners[0] = ks_value_point(1, 1); green.ks_shape_u.corners[1] = ks_value_point(2, 2);
    print_encoded("shape_green", (xdrproc_t)xdr_ks_shape, &green);
    ks_shape blue; blue.kind = KS_BLUE;
    print_encoded("shape_blue", (xdrproc_t)xdr_ks_shape, &blue);
    ks_shape ultra; ultra.kind = KS_ULTRA; ultra.ks_shape_u.other = 77;
    print_encoded("shape_default", (xdrproc_t)xdr_ks_shape, &ultra);

    ks_maybe yes; yes.present = 1; yes.ks_maybe_u.value = 2.5;
    print_encoded("maybe_true", (xdrproc_t)xdr_ks_maybe, &yes);
    ks_maybe no; no.present = 0;
    print_encoded("maybe_false", (xdrproc_t)xdr_ks_maybe, &no);

    ks_either left; left.which = 1; left.ks_either_u.left = -9;
    print_encoded("either_left", (xdrproc_t)xdr_ks_either, &left);
    ks_either right; right.which = 2; right.ks_either_u.right = -2;
    print_encoded("either_right", (xdrproc_t)xdr_ks_either, &right);

    ks_name name = "just a name";
    print_encoded("name", (xdrproc_t)xdr_ks_name, &name);
    ks_hash hash;
    for (int i = 0; i < 16; i++) hash[i] = (char)i;
    print_encoded("hash", (xdrproc_t)xdr_ks_hash, hash);
    char blob_bytes[] = { (char)0xde, (char)0xad, (char)0xbe, (char)0xef, 0x01 };
    ks_blob blob = { 5, blob_bytes };
    print_encoded("blob", (xdrproc_t)xdr_ks_blob, &blob);
    int int_values[] = { 1, 2, 3 };
    ks_ints ints = { 3, int_values };
    print_encoded("ints", (xdrproc_t)xdr_ks_ints, &ints);
    ks_color color = KS_ULTRA;
    print_encoded("color", (xdrproc_t)xdr_ks_color, &color);

    ks_everything e = ks_value_everything();
    print_encoded("everything", (xdrproc_t)xdr_ks_everything, &e);

    ks_everything sparse = ks_value_sparse();
    print_encoded("everything_sparse", (xdrproc_t)xdr_ks_everything, &sparse);
}

struct codec { const char *prefix; xdrproc_t proc; int by_value_array; };

static const struct codec codecs[] = {
    { "point", (xdrproc_t)xdr_ks_point, 0 },
    { "scalars", (xdrproc_t)xdr_ks_scalars, 0 },
    { "node", (xdrproc_t)xdr_ks_node, 0 },
    { "result", (xdrproc_t)xdr_ks_result, 0 },
    { "shape", (xdrproc_t)xdr_ks_shape, 0 },
    { "maybe", (xdrproc_t)xdr_ks_maybe, 0 },
    { "either", (xdrproc_t)xdr_ks_either, 0 },
    { "name", (xdrproc_t)xdr_ks_name, 0 },
    { "hash", (xdrproc_t)xdr_ks_hash, 1 },
    { "blob", (xdrproc_t)xdr_ks_blob, 0 },
    { "ints", (xdrproc_t)xdr_ks_ints, 0 },
    { "color", (xdrproc_t)xdr_ks_color, 0 },
    { "everything", (xdrproc_t)xdr_ks_everything, 0 },
};

static int roundtrip(void)
{
    static char line[4 * BUFFER_SIZE];
    static char bytes[BUFFER_SIZE];
    while (fgets(line, sizeof line, stdin)) {
        char *space = strchr(line, ' ');
        if (!space) continue;
        *space = '\0';
        char *hex = space + 1;
        size_t length = 0;
        while (hex[2 * length] && hex[2 * length] != '\n' && length < sizeof bytes) {
            unsigned int byte;
            sscanf(hex + 2 * length, "%2x", &byte);
            bytes[length++] = (char)byte;
        }
        const struct codec *codec = NULL;
        for (size_t i = 0; i < sizeof codecs / sizeof codecs[0]; i++) {
            if (strncmp(line, codecs[i].prefix, strlen(codecs[i].prefix)) == 0) {
                codec = &codecs[i];
                break;
            }
        }
        if (!codec) { printf("%s UNKNOWN\n", line); continue; }
        void *value = calloc(1, 4096);
        XDR xdrs;
        xdrmem_create(&xdrs, bytes, (u_int)length, XDR_DECODE);
        if (!codec->proc(&xdrs, value) || xdr_getpos(&xdrs) != length) {
            printf("%s DECODE_FAILED\n", line);
        } else {
            print_encoded(line, codec->proc, value);
        }
        xdr_destroy(&xdrs);
        if (!codec->by_value_array) xdr_free(codec->proc, value);
        free(value);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "roundtrip") == 0) {
        return roundtrip();
    }
    print_values();
    return 0;
}
