/*
 * pipe: pipe2, and reading and writing a pipe.  A pipe is a ring of
 * PIPE_SIZE bytes in the server with two open files, its ends.  A read
 * of an empty pipe, or a write to a full one, holds the caller (its
 * reply object kept) until the other end moves: the held call is then
 * made again.  Every write of at most PIPE_BUF bytes goes in whole, as
 * POSIX asks; a longer one may go in parts.
 */
#include <fcntl.h>
#include <string.h>

#include "files.h"
#include "sysdefs.h"

#define PIPES	  32
#define PIPE_SIZE 8192
#define PIPE_BUF  4096

static struct pipe {
	bool used;
	struct ofile *end[2]; /* read end, write end; NULL once closed */
	uint32_t head, len;   /* the bytes: [head, head + len) mod size */
	/* A held call on each end: its process, reply, buffer, count. */
	struct held {
		struct lproc *p;
		cptr_t reply;
		word_t va, n;
	} wait[2];
	char buf[PIPE_SIZE]; /* last: pipe2 clears what is above it */
} pipes[PIPES];

static struct pipe *
pipe_of(struct ofile *f)
{
	return &pipes[f->h];
}

/* Move bytes between the ring and p's memory at va: how many, or
 * -EFAULT. */
static long
ring_io(struct pipe *q, struct lproc *p, word_t va, word_t n, bool in)
{
	word_t done = 0;

	while (done < n) {
		uint32_t at = in ? (q->head + q->len) % PIPE_SIZE : q->head;
		word_t room = in ? PIPE_SIZE - q->len : q->len;
		word_t k = PIPE_SIZE - at;
		k = k < room ? k : room;
		k = k < n - done ? k : n - done;
		if (k == 0) {
			break;
		}
		long r = in ? copy_in(p, q->buf + at, va + done, k)
			    : copy_out(p, va + done, q->buf + at, k);
		if (r < 0) {
			return done > 0 ? (long)done : r;
		}
		if (in) {
			q->len += (uint32_t)k;
		} else {
			q->head = (uint32_t)((q->head + k) % PIPE_SIZE);
			q->len -= (uint32_t)k;
		}
		done += k;
	}
	return (long)done;
}

/* Try a read (side 0) or write (side 1) now: its result, or
 * SYS_NO_REPLY if it must wait. */
static word_t
attempt(struct pipe *q, int side, struct lproc *p, word_t va, word_t n)
{
	if (side == 0) {
		if (q->len > 0) {
			return (word_t)ring_io(q, p, va, n, false);
		}
		return q->end[1] == NULL ? 0 : SYS_NO_REPLY;
	}
	if (q->end[0] == NULL) {
		return (word_t)-EPIPE;
	}
	word_t room = PIPE_SIZE - q->len;
	if (room == 0 || (n <= PIPE_BUF && room < n)) {
		return SYS_NO_REPLY;
	}
	return (word_t)ring_io(q, p, va, n, true);
}

/* Make side's held call again, and answer it if it is done: done? */
static bool
retry_one(struct pipe *q, int side)
{
	struct held *h = &q->wait[side];

	if (h->p == NULL) {
		return false;
	}
	word_t r = attempt(q, side, h->p, h->va, h->n);
	if (r == SYS_NO_REPLY) {
		return false;
	}
	struct cairn_msg m = {0};
	struct lproc *p = h->p;
	m.w[0] = r;
	posix_answer(h->reply, 0, 1, &m);
	h->p = NULL;
	if (r == (word_t)-EPIPE) {
		sig_send(p, LX_SIGPIPE, 0); /* the reader went */
	}
	return true;
}

/* Side's held call, and then the other's, which it may have let on. */
static void
retry(struct pipe *q, int side)
{
	if (retry_one(q, side)) {
		retry_one(q, !side);
	}
}

word_t
pipe_io(struct lproc *p, struct ofile *f, word_t va, word_t n, bool out,
	bool may_hold)
{
	struct pipe *q = pipe_of(f);
	int side = out ? 1 : 0;

	if ((long)n < 0) {
		return (word_t)-EINVAL;
	}
	if (!user_range(va, n)) {
		return (word_t)-EFAULT;
	}
	if (n == 0) {
		return 0;
	}
	word_t r = attempt(q, side, p, va, n);
	if (r == SYS_NO_REPLY) {
		if (!may_hold || (f->flags & O_NONBLOCK) ||
		    q->wait[side].p != NULL) {
			return (word_t)-EAGAIN;
		}
		cptr_t reply = posix_keep();
		if (reply == 0) {
			return (word_t)-EAGAIN;
		}
		q->wait[side] = (struct held){p, reply, va, n};
		return SYS_NO_REPLY;
	}
	retry(q, !side);
	poll_wake();
	if (r == (word_t)-EPIPE) {
		sig_send(p, LX_SIGPIPE, 0); /* at the answer: p is current */
	}
	return r;
}

int
pipe_revents(struct ofile *f)
{
	const struct pipe *q = pipe_of(f);

	if (f == q->end[0]) {
		return (q->len > 0 ? 0x001 /* POLLIN */ : 0) |
		       (q->end[1] == NULL ? 0x010 /* POLLHUP */ : 0);
	}
	if (q->end[0] == NULL) {
		return 0x008; /* POLLERR: nobody reads */
	}
	return PIPE_SIZE - q->len >= PIPE_BUF ? 0x004 /* POLLOUT */ : 0;
}

void
pipe_close(struct ofile *f)
{
	struct pipe *q = pipe_of(f);
	int side = f == q->end[1];

	q->end[side] = NULL;
	retry(q, !side); /* a reader sees the end, a writer EPIPE */
	poll_wake();
	if (q->end[0] == NULL && q->end[1] == NULL) {
		q->used = false;
	}
}

cptr_t
pipe_cancel(struct lproc *p)
{
	for (int i = 0; i < PIPES; i++) {
		for (int s = 0; s < 2; s++) {
			struct held *h = &pipes[i].wait[s];
			if (pipes[i].used && h->p == p) {
				h->p = NULL;
				return h->reply;
			}
		}
	}
	return 0;
}

void
pipe_forget(struct lproc *p)
{
	cptr_t reply = pipe_cancel(p);

	if (reply != 0) {
		/* It is stopped: the answer reaches nobody and gives the
		 * reply object back to the pool. */
		struct cairn_msg m = {0};
		posix_answer(reply, 0, 0, &m);
	}
}

SYS(pipe2)
{
	int i = 0;
	int flags = (int)a[1];

	if (flags & ~(O_CLOEXEC | O_NONBLOCK)) {
		return (word_t)-EINVAL;
	}
	while (i < PIPES && pipes[i].used) {
		i++;
	}
	if (i == PIPES) {
		return (word_t)-ENFILE;
	}
	struct pipe *q = &pipes[i];
	struct ofile *r =
	    ofile_new(OF_PIPE, i, O_RDONLY | (flags & O_NONBLOCK));
	struct ofile *w =
	    r == NULL ? NULL
		      : ofile_new(OF_PIPE, i, O_WRONLY | (flags & O_NONBLOCK));
	if (w == NULL) {
		if (r != NULL) {
			r->kind = OF_FREE;
		}
		return (word_t)-ENFILE;
	}
	memset(q, 0, sizeof(*q) - sizeof(q->buf));
	q->used = true;
	q->end[0] = r;
	q->end[1] = w;
	long fr = fd_install(p, r, 0, flags & O_CLOEXEC);
	long fw = fr < 0 ? fr : fd_install(p, w, 0, flags & O_CLOEXEC);
	int32_t fds[2] = {(int32_t)fr, (int32_t)fw};
	if (fw < 0 || copy_out(p, a[0], fds, sizeof(fds)) < 0) {
		if (fr >= 0) {
			p->fd[fr] = NULL;
		}
		if (fw >= 0) {
			p->fd[fw] = NULL;
		}
		ofile_put(r);
		ofile_put(w);
		return fw < 0 ? (word_t)fw : (word_t)-EFAULT;
	}
	return 0;
}

SYS(pipe)
{
	const word_t b[6] = {a[0], 0, 0, 0, 0, 0};

	return sys_pipe2(p, b);
}
