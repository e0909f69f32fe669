/*
 * pipe: pipe2, and reading and writing a pipe.  A pipe is a ring of
 * PIPE_SIZE bytes in the server with two open files, its ends.  A read
 * of an empty pipe, or a write to a full one, holds the caller (its
 * reply object kept) until the other end moves: the held call is then
 * made again.  Every write of at most PIPE_BUF bytes goes in whole, as
 * POSIX asks; a longer one may go in parts.
 *
 * A FIFO (a named pipe, mknod's) is a pipe found by its inode: every
 * open of it is an open file of the same pipe, reading, writing or both
 * by its access mode, so a pipe counts its open files on each side.  An
 * open for reading waits for a writer, and one for writing for a
 * reader, unless O_NONBLOCK (then a writer with no reader is ENXIO) or
 * O_RDWR; the waiting open is made again once the other side comes.
 *
 * An AF_UNIX socket's bytes go through pipes with no open files
 * (unix.c): pipe_new, pipe_move, pipe_end; a datagram or packet socket's
 * as messages (pipe_put, pipe_take), each framed by two words, its
 * header's length (the sender's name) and its data's.
 */
#include <fcntl.h>
#include <string.h>

#include "files.h"
#include "sysdefs.h"

#define PIPES	  64
#define PIPE_SIZE 8192
#define PIPE_BUF  4096
#define OPENERS	  8 /* FIFO opens waiting for the other side, at once */

static struct pipe {
	bool used;
	uint32_t ino;	    /* a FIFO's inode; 0: pipe2's */
	unsigned ends[2];   /* open files reading, writing */
	uint32_t head, len; /* the bytes: [head, head + len) mod size */
	/* A held call on each end: its process, reply, buffer, count. */
	struct held {
		struct lproc *p;
		cptr_t reply;
		word_t va, n;
	} wait[2];
	char buf[PIPE_SIZE]; /* last: pipe2 clears what is above it */
} pipes[PIPES];

/* A FIFO's open held until the other side comes (its process and
 * reply), or let on (woken: its call is being made again). */
static struct opener {
	struct lproc *p;
	cptr_t reply;
	uint32_t ino;
	int side;
	bool woken;
} openers[OPENERS];

static struct pipe *
pipe_of(struct ofile *f)
{
	return &pipes[f->h];
}

/* Does open file f read (side 0) or write (side 1) its pipe? */
static bool
on_side(const struct ofile *f, int side)
{
	return (f->flags & O_ACCMODE) != (side == 0 ? O_WRONLY : O_RDONLY);
}

/* Open files on side of q, and FIFO opens waiting to be one. */
static unsigned
side_count(const struct pipe *q, int side)
{
	unsigned n = q->ends[side];

	for (int i = 0; q->ino != 0 && i < OPENERS; i++) {
		n += openers[i].p != NULL && openers[i].ino == q->ino &&
		     openers[i].side == side;
	}
	return n;
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
		return side_count(q, 1) == 0 ? 0 : SYS_NO_REPLY;
	}
	if (side_count(q, 0) == 0) {
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
	int ev = 0;

	if (on_side(f, 0)) {
		ev |= (q->len > 0 ? 0x001 /* POLLIN */ : 0) |
		      (side_count(q, 1) == 0 ? 0x010 /* POLLHUP */ : 0);
	}
	if (on_side(f, 1) && side_count(q, 0) == 0) {
		ev |= 0x008; /* POLLERR: nobody reads */
	} else if (on_side(f, 1)) {
		ev |= PIPE_SIZE - q->len >= PIPE_BUF ? 0x004 /* POLLOUT */ : 0;
	}
	return ev;
}

long
pipe_unread(struct ofile *f)
{
	return (long)pipe_of(f)->len;
}

/* Is pipe q of no use any more (no open file, no waiting open)? */
static void
pipe_done(struct pipe *q)
{
	if (side_count(q, 0) == 0 && side_count(q, 1) == 0) {
		q->used = false;
	}
}

void
pipe_close(struct ofile *f)
{
	struct pipe *q = pipe_of(f);

	for (int side = 0; side < 2; side++) {
		if (on_side(f, side)) {
			q->ends[side]--;
		}
	}
	for (int side = 0; side < 2; side++) {
		if (on_side(f, side)) {
			retry(q, !side); /* the end, or EPIPE */
		}
	}
	poll_wake();
	pipe_done(q);
}

cptr_t
pipe_cancel(struct lproc *p)
{
	for (int i = 0; i < OPENERS; i++) {
		struct opener *o = &openers[i];
		if (o->p != p) {
			continue;
		}
		/* A woken one's reply went already: its call is being
		 * made again, or never will be. */
		cptr_t reply = o->woken ? 0 : o->reply;
		o->p = NULL;
		for (int k = 0; k < PIPES; k++) {
			if (pipes[k].used && pipes[k].ino == o->ino) {
				pipe_done(&pipes[k]);
			}
		}
		if (reply != 0) {
			return reply;
		}
	}
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
	q->ends[0] = q->ends[1] = 1;
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

/* Let p's waiting FIFO open o be made again: p's thread, suspended
 * before the answer, makes the call again when it resumes (a stopped
 * process's, when it goes on). */
static void
wake(struct opener *o)
{
	struct cairn_msg m = {0};

	o->woken = true;
	cairn_tcb_suspend(o->p->tcb);
	posix_answer(o->reply, 0, 0, &m); /* reaches nobody */
	if (!o->p->stopped) {
		cairn_tcb_resume(o->p->tcb);
	}
}

/* The pipe of FIFO ino, made if it has none: it, or NULL if none is
 * free. */
static struct pipe *
fifo_pipe(uint32_t ino)
{
	struct pipe *free = NULL;

	for (int i = 0; i < PIPES; i++) {
		if (pipes[i].used && pipes[i].ino == ino) {
			return &pipes[i];
		}
		if (!pipes[i].used && free == NULL) {
			free = &pipes[i];
		}
	}
	if (free != NULL) {
		memset(free, 0, sizeof(*free) - sizeof(free->buf));
		free->used = true;
		free->ino = ino;
	}
	return free;
}

/* Was p's open of FIFO ino let on (woken)?  The entry goes. */
static bool
was_woken(struct lproc *p, uint32_t ino)
{
	for (int i = 0; i < OPENERS; i++) {
		if (openers[i].p == p && openers[i].ino == ino &&
		    openers[i].woken) {
			openers[i].p = NULL;
			return true;
		}
	}
	return false;
}

/* Hold p's open of q on side until the other side comes. */
static word_t
hold_open(struct lproc *p, struct pipe *q, int side)
{
	for (int i = 0; i < OPENERS; i++) {
		if (openers[i].p == NULL) {
			cptr_t reply = posix_keep();
			if (reply == 0) {
				break;
			}
			openers[i] =
			    (struct opener){p, reply, q->ino, side, false};
			return SYS_NO_REPLY;
		}
	}
	pipe_done(q);
	return (word_t)-ENFILE;
}

word_t
pipe_fifo_open(struct lproc *p, uint32_t ino, int flags)
{
	struct pipe *q = fifo_pipe(ino);
	int acc = flags & O_ACCMODE;
	bool woken = was_woken(p, ino);

	if (q == NULL) {
		return (word_t)-ENFILE;
	}
	if (acc == O_WRONLY && (flags & O_NONBLOCK) && side_count(q, 0) == 0) {
		pipe_done(q);
		return (word_t)-ENXIO;
	}
	if (acc != O_RDWR && !(flags & O_NONBLOCK) && !woken) {
		int side = acc == O_WRONLY;
		if (side_count(q, !side) == 0) {
			return hold_open(p, q, side);
		}
	}
	struct ofile *f = ofile_new(OF_PIPE, (int)(q - pipes),
				    flags & (O_ACCMODE | O_NONBLOCK));
	if (f == NULL) {
		pipe_done(q);
		return (word_t)-ENFILE;
	}
	for (int side = 0; side < 2; side++) {
		q->ends[side] += on_side(f, side);
	}
	long fd = fd_install(p, f, 0, flags & O_CLOEXEC);
	if (fd < 0) {
		ofile_put(f);
		return (word_t)fd;
	}
	for (int i = 0; i < OPENERS; i++) {
		struct opener *o = &openers[i];
		if (o->p != NULL && !o->woken && o->ino == ino &&
		    on_side(f, !o->side)) {
			wake(o);
		}
	}
	retry(q, 0);
	retry(q, 1);
	poll_wake();
	return (word_t)fd;
}

int
pipe_new(void)
{
	for (int i = 0; i < PIPES; i++) {
		struct pipe *q = &pipes[i];
		if (!q->used) {
			memset(q, 0, sizeof(*q) - sizeof(q->buf));
			q->used = true;
			q->ends[0] = q->ends[1] = 1;
			return i;
		}
	}
	return -ENFILE;
}

word_t
pipe_move(int i, struct lproc *p, word_t va, word_t n, bool out, bool peek)
{
	struct pipe *q = &pipes[i];
	uint32_t head = q->head, len = q->len;
	word_t r = attempt(q, out, p, va, n);

	if (peek && !out) {
		q->head = head;
		q->len = len;
	}
	return r;
}

void
pipe_end(int i, int side)
{
	struct pipe *q = &pipes[i];

	if (q->ends[side] > 0) {
		q->ends[side]--;
		pipe_done(q);
	}
}

void
pipe_state(int i, struct pipe_state *st)
{
	const struct pipe *q = &pipes[i];

	st->len = q->len;
	st->writable = PIPE_SIZE - q->len >= PIPE_BUF;
	st->readers = q->ends[0];
	st->writers = q->ends[1];
}

/* Copy n bytes of the server's at buf to the ring's end (room known). */
static void
ring_in(struct pipe *q, const void *buf, uint32_t n)
{
	const char *b = buf;

	while (n > 0) {
		uint32_t at = (q->head + q->len) % PIPE_SIZE;
		uint32_t k = PIPE_SIZE - at < n ? PIPE_SIZE - at : n;
		memcpy(q->buf + at, b, k);
		q->len += k;
		b += k;
		n -= k;
	}
}

/* Take n bytes from the ring's head (there) to the server's buf. */
static void
ring_out(struct pipe *q, void *buf, uint32_t n)
{
	char *b = buf;

	while (n > 0) {
		uint32_t k = PIPE_SIZE - q->head < n ? PIPE_SIZE - q->head : n;
		memcpy(b, q->buf + q->head, k);
		q->head = (q->head + k) % PIPE_SIZE;
		q->len -= k;
		b += k;
		n -= k;
	}
}

word_t
pipe_put(int i, struct lproc *p, const void *hdr, uint32_t hlen,
	 const struct lx_iov *v, word_t nv, word_t total)
{
	struct pipe *q = &pipes[i];
	uint32_t frame[2] = {hlen, (uint32_t)total};
	uint32_t len = q->len;

	if (total > PIPE_SIZE - sizeof(frame) - hlen) {
		return (word_t)-EMSGSIZE;
	}
	if (side_count(q, 0) == 0) {
		return (word_t)-EPIPE;
	}
	if (PIPE_SIZE - q->len < sizeof(frame) + hlen + total) {
		return SYS_NO_REPLY;
	}
	ring_in(q, frame, sizeof(frame));
	ring_in(q, hdr, hlen);
	for (word_t k = 0; k < nv; k++) {
		if (ring_io(q, p, v[k].base, v[k].len, true) !=
		    (long)v[k].len) {
			q->len = len; /* none of it */
			return (word_t)-EFAULT;
		}
	}
	return total;
}

word_t
pipe_take(int i, struct lproc *p, void *hdr, uint32_t *hlen,
	  const struct lx_iov *v, word_t nv, bool peek, word_t *whole)
{
	struct pipe *q = &pipes[i];
	uint32_t head = q->head, len = q->len;
	uint32_t frame[2];
	word_t done = 0;

	*whole = 0;
	if (q->len == 0) {
		return side_count(q, 1) == 0 ? 0 : SYS_NO_REPLY;
	}
	ring_out(q, frame, sizeof(frame));
	ring_out(q, hdr, frame[0]);
	*hlen = frame[0];
	*whole = frame[1];
	for (word_t k = 0; k < nv && done < frame[1]; k++) {
		word_t n =
		    frame[1] - done < v[k].len ? frame[1] - done : v[k].len;
		if (ring_io(q, p, v[k].base, n, false) != (long)n) {
			q->head = head; /* left whole */
			q->len = len;
			return (word_t)-EFAULT;
		}
		done += n;
	}
	q->head = (uint32_t)((q->head + frame[1] - done) % PIPE_SIZE);
	q->len -= (uint32_t)(frame[1] - done); /* the rest is lost */
	if (peek) {
		q->head = head;
		q->len = len;
	}
	return done;
}

long
pipe_msg_bytes(int i, bool all)
{
	const struct pipe *q = &pipes[i];
	uint32_t at = q->head, left = q->len;
	long n = 0;

	while (left > 0) {
		uint32_t frame[2] = {0, 0};
		char *f = (char *)frame;
		for (unsigned b = 0; b < sizeof(frame); b++) {
			f[b] = q->buf[(at + b) % PIPE_SIZE];
		}
		n += frame[1];
		if (!all) {
			break;
		}
		uint32_t k = (uint32_t)sizeof(frame) + frame[0] + frame[1];
		at = (at + k) % PIPE_SIZE;
		left -= k;
	}
	return n;
}
