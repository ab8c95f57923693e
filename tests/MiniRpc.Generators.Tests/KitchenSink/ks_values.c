/*
 * ks_values.c: the kitchensink.x values the interop peers send (see ks_values.h).
 */
#include <stdio.h>
#include <string.h>
#include "ks_values.h"

#define KS_LIST_MAX 100

ks_point ks_value_point(int x, int y)
{
    ks_point p = { x, y };
    return p;
}

ks_scalars ks_value_scalars(void)
{
    ks_scalars s;
    s.i = -123456;
    s.u = 4000000000u;
    s.h = -9000000000000000000LL;
    s.uh = 18000000000000000000ULL;
    s.f = 3.5f;
    s.d = -0.125;
    s.b = 1;
    s.s = -300;
    s.us = 65000;
    s.color = KS_INFRARED;
    return s;
}

ks_everything ks_value_everything(void)
{
    static char blob_bytes[] = { (char)0xde, (char)0xad, (char)0xbe, (char)0xef, 0x01 };
    static int int_values[] = { 1, 2, 3 };
    static ks_point some_points[] = { { 7, 8 }, { 9, 10 } };
    static ks_node l2 = { 20, "bb", NULL };
    static ks_node l1 = { 10, "a", &l2 };
    static int forty_two = 42;
    ks_everything e;
    memset(&e, 0, sizeof e);
    e.scalars = ks_value_scalars();
    e.name = "everything";
    for (int i = 0; i < 16; i++) {
        e.hash[i] = (char)i;
    }
    e.blob.ks_blob_len = sizeof blob_bytes;
    e.blob.ks_blob_val = blob_bytes;
    e.ints.ks_ints_len = 3;
    e.ints.ks_ints_val = int_values;
    e.fixed_points[0] = ks_value_point(0, 0);
    e.fixed_points[1] = ks_value_point(1, -1);
    e.fixed_points[2] = ks_value_point(2, -2);
    e.points.points_len = 2;
    e.points.points_val = some_points;
    e.list = &l1;
    e.result.status = 0;
    e.result.ks_result_u.point = ks_value_point(5, 6);
    e.shape.kind = KS_GREEN;
    e.shape.ks_shape_u.corners[0] = ks_value_point(1, 1);
    e.shape.ks_shape_u.corners[1] = ks_value_point(2, 2);
    e.maybe.present = 1;
    e.maybe.ks_maybe_u.value = 1.5;
    e.optional_int = &forty_two;
    memcpy(e.raw, "\x01\x02\x03\x04\x05", 5);
    e.free_text = "h\xc3\xa9llo";
    return e;
}

ks_everything ks_value_sparse(void)
{
    ks_everything sparse;
    memset(&sparse, 0, sizeof sparse);
    sparse.scalars = ks_value_scalars();
    sparse.name = "";
    sparse.result.status = 99;
    sparse.result.ks_result_u.code = -1;
    sparse.shape.kind = KS_BLUE;
    sparse.maybe.present = 0;
    sparse.free_text = "";
    return sparse;
}

ks_everything ks_value_big(void)
{
    static char blob[KS_BIG_BLOB_LENGTH];
    static char text[KS_BIG_TEXT_LENGTH + 1];
    for (int i = 0; i < KS_BIG_BLOB_LENGTH; i++) {
        blob[i] = (char)((i * 7 + 3) & 0xff);
    }
    for (int i = 0; i < KS_BIG_TEXT_LENGTH; i++) {
        text[i] = (char)('a' + i % 26);
    }
    text[KS_BIG_TEXT_LENGTH] = '\0';
    ks_everything e = ks_value_everything();
    e.blob.ks_blob_len = KS_BIG_BLOB_LENGTH;
    e.blob.ks_blob_val = blob;
    e.free_text = text;
    return e;
}

ks_node ks_value_pair(void)
{
    static ks_node second = { 2, "b", NULL };
    ks_node first = { 1, "a", &second };
    return first;
}

ks_node ks_value_list(int count)
{
    static ks_node nodes[KS_LIST_MAX];
    static char labels[KS_LIST_MAX][8];
    if (count > KS_LIST_MAX) {
        count = KS_LIST_MAX;
    }
    for (int i = 0; i < count; i++) {
        snprintf(labels[i], sizeof labels[i], "n%d", i);
        nodes[i].value = i;
        nodes[i].label = labels[i];
        nodes[i].next = i + 1 < count ? &nodes[i + 1] : NULL;
    }
    return nodes[0];
}
