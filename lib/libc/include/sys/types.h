/*
 * sys/types.h: the scalar types of the file calls, as Linux's 64-bit
 * ABI sizes them.
 */
#ifndef CAIRN_LIBC_SYS_TYPES_H
#define CAIRN_LIBC_SYS_TYPES_H

#include <stdint.h>

typedef long ssize_t;
typedef int64_t off_t;
typedef unsigned int mode_t;
typedef uint64_t ino_t;
typedef uint64_t nlink_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef int64_t time_t;
typedef int64_t blkcnt_t;
typedef long blksize_t;
typedef uint64_t dev_t;

#endif
