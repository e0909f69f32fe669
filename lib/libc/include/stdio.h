/*
 * stdio.h: formatted output, and FILE streams over file descriptors
 * (lib/libc/stdio_file.c; unistd.h has the descriptors).  printf, puts
 * and putchar write standard output through the libc_write hook
 * (cairn_libc.h); stdout and stderr as streams go the same way.
 *
 * Formats are those of the one printf engine, lib/fmt.c, which the
 * kernel shares (lib/fmt.h has the whole list): C11's but for floating
 * point, which prints "%?f" and takes no argument; %n and wide
 * characters are refused; %p of NULL is "0x0", %s of NULL "(null)".
 * Each function returns the number of characters produced (for
 * snprintf: that the whole output would have had), or -1 if that is
 * more than INT_MAX (errno = ERANGE).
 */
#ifndef CAIRN_LIBC_STDIO_H
#define CAIRN_LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#include "libc_names.h"

#define EOF (-1)

#define CAIRN_LIBC_PRINTF(f, a) __attribute__((format(__printf__, f, a)))

/*
 * Format through a callback: call out(arg, s, n) with each piece of the
 * output, in order (n > 0).
 */
int vcbprintf(void (*out)(void *arg, const char *s, size_t n), void *arg,
	      const char *fmt, va_list ap);

int printf(const char *fmt, ...) CAIRN_LIBC_PRINTF(1, 2);
int vprintf(const char *fmt, va_list ap);

/*
 * Write at most n - 1 characters and a NUL to buf (nothing when n is 0,
 * and buf may then be NULL); return the full length.
 */
int snprintf(char *restrict buf, size_t n, const char *restrict fmt, ...)
    CAIRN_LIBC_PRINTF(3, 4);
int vsnprintf(char *restrict buf, size_t n, const char *restrict fmt,
	      va_list ap);
int sprintf(char *restrict buf, const char *restrict fmt, ...)
    CAIRN_LIBC_PRINTF(2, 3);
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap);

/*
 * Streams.  Each has a buffer of BUFSIZ bytes (but stdin, stdout and
 * stderr); at most FOPEN_MAX are open, the three included.  Functions
 * return what C says: EOF or 0 items on failure, with errno, and set the
 * stream's error or end-of-file flag.
 */
typedef struct cairn_file FILE;
#define BUFSIZ	  4096
#define FOPEN_MAX 16
#define SEEK_SET  0
#define SEEK_CUR  1
#define SEEK_END  2
extern FILE *stdin, *stdout, *stderr;

/* mode: "r", "w", "a", each with "+" (and "b", which changes nothing). */
FILE *fopen(const char *path, const char *mode);
int fclose(FILE *f);
size_t fread(void *p, size_t size, size_t count, FILE *f);
size_t fwrite(const void *p, size_t size, size_t count, FILE *f);
int fgetc(FILE *f);
int getc(FILE *f);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
char *fgets(char *s, int n, FILE *f);
int fputs(const char *s, FILE *f);
int fprintf(FILE *f, const char *fmt, ...) CAIRN_LIBC_PRINTF(2, 3);
int vfprintf(FILE *f, const char *fmt, va_list ap);
int fseek(FILE *f, long off, int whence);
long ftell(FILE *f);
/* f NULL: every stream. */
int fflush(FILE *f);
int feof(FILE *f);
int ferror(FILE *f);
void clearerr(FILE *f);
int fileno(FILE *f);
int rename(const char *from, const char *to);
/* unlink, or rmdir for a directory. */
int remove(const char *path);

/* Write s and a newline; return 0 (never fails: libc_write cannot). */
int puts(const char *s);
/* Write c as an unsigned char, flushed at a newline; return that char. */
int putchar(int c);

#endif
