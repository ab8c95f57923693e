/*
 * ks_values.h: the kitchensink.x values the interop peers send, built for rpcgen's C types.
 * They equal ks_vectors.c's values and KitchenSinkValues.cs in the test project; every pointer
 * in a returned value points to static storage, so a value stays valid for the whole program.
 */
#ifndef KS_VALUES_H
#define KS_VALUES_H

#include <rpc/rpc.h>
#include "kitchensink.h"

/* The large KS_ECHO argument: a 64 KiB blob and a 1 KiB free_text, more than one libtirpc TCP fragment. */
#define KS_BIG_BLOB_LENGTH 65536
#define KS_BIG_TEXT_LENGTH 1024

ks_point ks_value_point(int x, int y);
ks_scalars ks_value_scalars(void);
ks_everything ks_value_everything(void);
ks_everything ks_value_sparse(void);
/* everything, with blob[i] = i * 7 + 3 (mod 256) and free_text[i] = 'a' + i % 26. */
ks_everything ks_value_big(void);
/* 1 "a" -> 2 "b" */
ks_node ks_value_pair(void);
/* 0 "n0" -> 1 "n1" -> ... -> count-1 "n<count-1>"; count from 1 to 100. */
ks_node ks_value_list(int count);

#endif
