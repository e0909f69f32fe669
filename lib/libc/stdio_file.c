/*
 * stdio_file: FILE streams over file descriptors.  A stream has one
 * buffer of BUFSIZ bytes, holding either what was read ahead (pos..len
 * not yet given) or what was written and not yet sent (0..len); a
 * change of direction, fseek, fflush and fclose settle it (read-ahead is
 * given back by seeking the descriptor back).  Transfers of a whole
 * buffer or more go straight through.  stdin, stdout and stderr have no
 * buffer: stdout and stderr write through printf's, as write(1) does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libc_impl.h"

#define CAN_READ  1
#define CAN_WRITE 2

struct cairn_file {
	int fd;
	int can; /* 0: a free slot */
	int eof, err;
	int writing; /* buf holds bytes to write, else read-ahead */
	char *buf;   /* NULL: unbuffered */
	size_t pos, len;
};

static struct cairn_file files[FOPEN_MAX] = {
    [0] = {0, CAN_READ, 0, 0, 0, NULL, 0, 0},
    [1] = {1, CAN_WRITE, 0, 0, 0, NULL, 0, 0},
    [2] = {2, CAN_WRITE, 0, 0, 0, NULL, 0, 0},
};
FILE *stdin = &files[0];
FILE *stdout = &files[1];
FILE *stderr = &files[2];

/* mode as open's flags and what the stream may do: 0, or -1 if bad. */
static int
parse_mode(const char *mode, int *flags, int *can)
{
	int plus = strchr(mode, '+') != NULL;

	switch (mode[0]) {
	case 'r':
		*flags = plus ? O_RDWR : O_RDONLY;
		break;
	case 'w':
		*flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC;
		break;
	case 'a':
		*flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND;
		break;
	default:
		return -1;
	}
	*can = plus ? CAN_READ | CAN_WRITE
		    : (mode[0] == 'r' ? CAN_READ : CAN_WRITE);
	return 0;
}

FILE *
fopen(const char *path, const char *mode)
{
	int flags, can;
	struct cairn_file *f = NULL;

	if (mode == NULL || parse_mode(mode, &flags, &can) != 0) {
		errno = EINVAL;
		return NULL;
	}
	for (int i = 3; i < FOPEN_MAX && f == NULL; i++) {
		if (files[i].can == 0) {
			f = &files[i];
		}
	}
	char *buf = f != NULL ? malloc(BUFSIZ) : NULL;
	if (buf == NULL) {
		errno = f == NULL ? EMFILE : ENOMEM;
		return NULL;
	}
	int fd = open(path, flags, 0644);
	if (fd < 0) {
		free(buf);
		return NULL;
	}
	*f = (struct cairn_file){fd, can, 0, 0, 0, buf, 0, 0};
	return f;
}

/* Send what is buffered for writing; give back what was read ahead.
 * 0, or EOF with the error flag set. */
static int
settle(FILE *f)
{
	if (f->writing) {
		size_t done = 0;
		while (done < f->len) {
			ssize_t r = write(f->fd, f->buf + done, f->len - done);
			if (r <= 0) {
				f->err = 1;
				memmove(f->buf, f->buf + done, f->len - done);
				f->len -= done;
				return EOF;
			}
			done += (size_t)r;
		}
	} else if (f->pos < f->len) {
		lseek(f->fd, -(off_t)(f->len - f->pos), SEEK_CUR);
	}
	f->pos = f->len = 0;
	f->writing = 0;
	return 0;
}

int
fflush(FILE *f)
{
	if (f == NULL) {
		int r = 0;
		for (int i = 0; i < FOPEN_MAX; i++) {
			if (files[i].buf != NULL && settle(&files[i]) != 0) {
				r = EOF;
			}
		}
		return r;
	}
	return f->buf != NULL ? settle(f) : 0;
}

void
__cairn_files_flush(void)
{
	fflush(NULL);
}

int
fclose(FILE *f)
{
	if (f == NULL || f->can == 0 || f->buf == NULL) {
		errno = EBADF;
		return EOF;
	}
	int r = settle(f);
	if (close(f->fd) != 0) {
		r = EOF;
	}
	free(f->buf);
	struct cairn_file *slot = f; /* the slot is free again */
	*slot = (struct cairn_file){-1, 0, 0, 0, 0, NULL, 0, 0};
	return r;
}

/* Fill the read-ahead: bytes there, 0 at the end (eof set), or -1. */
static long
fill(FILE *f)
{
	ssize_t r = read(f->fd, f->buf, BUFSIZ);

	f->pos = 0;
	f->len = r > 0 ? (size_t)r : 0;
	if (r == 0) {
		f->eof = 1;
	} else if (r < 0) {
		f->err = 1;
	}
	return r;
}

/* Make f ready to read (1) or write (0): 0, or EOF (not allowed). */
static int
turn(FILE *f, int to_read)
{
	if (!(f->can & (to_read ? CAN_READ : CAN_WRITE))) {
		f->err = 1;
		errno = EBADF;
		return EOF;
	}
	if (f->buf != NULL && f->writing == to_read && f->len > 0 &&
	    settle(f) != 0) {
		return EOF;
	}
	if (f->buf != NULL) {
		f->writing = !to_read;
	}
	return 0;
}

size_t
fread(void *p, size_t size, size_t count, FILE *f)
{
	size_t want = size * count, done = 0;
	char *out = p;

	if (size == 0 || count == 0 || turn(f, 1) != 0) {
		return 0;
	}
	while (done < want) {
		if (f->buf != NULL && f->pos < f->len) {
			size_t k = f->len - f->pos;
			k = k < want - done ? k : want - done;
			memcpy(out + done, f->buf + f->pos, k);
			f->pos += k;
			done += k;
		} else if (f->buf == NULL || want - done >= BUFSIZ) {
			ssize_t r = read(f->fd, out + done, want - done);
			if (r <= 0) {
				f->eof |= r == 0;
				f->err |= r < 0;
				break;
			}
			done += (size_t)r;
		} else if (fill(f) <= 0) {
			break;
		}
	}
	return done / size;
}

size_t
fwrite(const void *p, size_t size, size_t count, FILE *f)
{
	size_t want = size * count, done = 0;
	const char *in = p;

	if (size == 0 || count == 0 || turn(f, 0) != 0) {
		return 0;
	}
	while (done < want) {
		if (f->buf == NULL || (f->len == 0 && want - done >= BUFSIZ)) {
			ssize_t r = write(f->fd, in + done, want - done);
			if (r <= 0) {
				f->err = 1;
				break;
			}
			done += (size_t)r;
			continue;
		}
		size_t k = BUFSIZ - f->len;
		k = k < want - done ? k : want - done;
		memcpy(f->buf + f->len, in + done, k);
		f->len += k;
		done += k;
		f->writing = 1;
		if (f->len == BUFSIZ && settle(f) != 0) {
			break;
		}
		f->writing = 1;
	}
	return done / size;
}

int
fgetc(FILE *f)
{
	unsigned char c;

	return fread(&c, 1, 1, f) == 1 ? c : EOF;
}

int
getc(FILE *f)
{
	return fgetc(f);
}

int
fputc(int c, FILE *f)
{
	unsigned char ch = (unsigned char)c;

	return fwrite(&ch, 1, 1, f) == 1 ? ch : EOF;
}

int
putc(int c, FILE *f)
{
	return fputc(c, f);
}

char *
fgets(char *s, int n, FILE *f)
{
	int i = 0;

	if (n <= 0) {
		return NULL;
	}
	while (i < n - 1) {
		int c = fgetc(f);
		if (c == EOF) {
			break;
		}
		s[i++] = (char)c;
		if (c == '\n') {
			break;
		}
	}
	s[i] = '\0';
	return i > 0 ? s : NULL;
}

int
fputs(const char *s, FILE *f)
{
	size_t n = strlen(s);

	return fwrite(s, 1, n, f) == n ? 0 : EOF;
}

/* The vcbprintf sink for a stream. */
static void
file_out(void *arg, const char *s, size_t n)
{
	fwrite(s, 1, n, arg);
}

int
vfprintf(FILE *f, const char *fmt, va_list ap)
{
	int n = vcbprintf(file_out, f, fmt, ap);

	return f->err ? -1 : n;
}

int
fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int
fseek(FILE *f, long off, int whence)
{
	if (f->buf != NULL && settle(f) != 0) {
		return -1;
	}
	if (lseek(f->fd, off, whence) < 0) {
		return -1;
	}
	f->eof = 0;
	return 0;
}

long
ftell(FILE *f)
{
	off_t at = lseek(f->fd, 0, SEEK_CUR);

	if (at < 0 || f->buf == NULL) {
		return (long)at;
	}
	return (long)(f->writing ? at + (off_t)f->len
				 : at - (off_t)(f->len - f->pos));
}

int
feof(FILE *f)
{
	return f->eof;
}

int
ferror(FILE *f)
{
	return f->err;
}

void
clearerr(FILE *f)
{
	f->eof = f->err = 0;
}

int
fileno(FILE *f)
{
	return f->fd;
}

int
remove(const char *path)
{
	int r = unlink(path);

	if (r != 0 && errno == EISDIR) {
		r = rmdir(path);
	}
	return r;
}
