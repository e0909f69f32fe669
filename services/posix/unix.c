/*
 * unix: AF_UNIX sockets, all inside the server: their names and
 * connections (their bytes: unixio.c).  A connection is two pipes with
 * no open files (pipe.c), one each way: a socket reads its rx and writes
 * its tx, which are its peer's tx and rx.  A datagram socket that is
 * not one of a pair reads a pipe of its own (solo), which any sender
 * writes.  A name is a path, whose socket inode bind makes on the disk
 * (connect and sendto find the socket by that inode), or an abstract
 * one (its first byte 0), which only the server knows.  connect queues
 * a new socket on the listener (the client is connected at once, as on
 * Linux); accept gives it a descriptor.  A call that would wait answers
 * SOCK_WAIT: sock.c holds it and makes it again when a socket moves
 * (unix_stirred) or a signal comes.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "cairn_libc.h"
#include "sock.h"
#include "sysdefs.h"

#define SUN_FAMILY 2	  /* offsetof(struct sockaddr_un, sun_path) */
#define BUFS	   212992 /* Linux's SO_SNDBUF and SO_RCVBUF for one */

bool unix_stirred;	   /* a socket moved: held calls may go on */
static unsigned next_seq;  /* the next queued connection's place */
static unsigned next_auto; /* the next name autobind gives */

/* A new AF_UNIX socket entry of type, or NULL. */
static struct psock *
usock_new(int type)
{
	struct psock *k = psock_new();

	if (k != NULL) {
		k->family = LX_AF_UNIX;
		k->type = 0;
		k->rcvbuf = k->sndbuf = BUFS;
		k->u.type = type;
	}
	return k;
}

int
unix_own_rx(struct psock *k)
{
	if (k->u.rx < 0) {
		if ((k->u.rx = pipe_new()) < 0) {
			return -ENFILE;
		}
		k->u.solo = true;
	}
	return 0;
}

/* p's pid, effective uid and gid: what SO_PEERCRED gives its peer. */
static void
cred_of(const struct lproc *p, int32_t cred[3])
{
	cred[0] = (int32_t)p->pid;
	cred[1] = (int32_t)p->uid[1];
	cred[2] = (int32_t)p->gid[1];
}

word_t
unix_socket(struct lproc *p, word_t type, word_t flags)
{
	struct psock *k = usock_new((int)type);

	return k == NULL ? (word_t)-ENFILE : (word_t)psock_install(p, k, flags);
}

/* Join a and b by two new pipes: 0, or -ENFILE. */
static int
join(struct psock *a, struct psock *b)
{
	int x = pipe_new();
	int y = x < 0 ? x : pipe_new();

	if (y < 0) {
		if (x >= 0) {
			pipe_end(x, 0);
			pipe_end(x, 1);
		}
		return -ENFILE;
	}
	a->u.rx = b->u.tx = x;
	a->u.tx = b->u.rx = y;
	return 0;
}

word_t
unix_socketpair(struct lproc *p, word_t type, word_t flags, word_t va)
{
	int32_t fds[2];

	if (!mem_can(p, va, sizeof(fds), true)) {
		return (word_t)-EFAULT;
	}
	struct psock *a = usock_new((int)type);
	struct psock *b = a == NULL ? NULL : usock_new((int)type);
	if (b == NULL || join(a, b) != 0) {
		if (a != NULL) {
			a->used = false;
		}
		if (b != NULL) {
			b->used = false;
		}
		return (word_t)-ENFILE;
	}
	cred_of(p, a->u.cred);
	cred_of(p, b->u.cred);
	long fa = psock_install(p, a, flags);
	if (fa < 0) {
		unix_close(b);
		b->used = false;
		return (word_t)fa;
	}
	long fb = psock_install(p, b, flags);
	if (fb < 0) {
		struct ofile *f = p->fd[fa];
		p->fd[fa] = NULL;
		ofile_put(f);
		return (word_t)fb;
	}
	fds[0] = (int32_t)fa;
	fds[1] = (int32_t)fb;
	return copy_out(p, va, fds, sizeof(fds)) < 0 ? (word_t)-EFAULT : 0;
}

/*
 * The sockaddr_un at va (len bytes) as a name: its bytes into name, how
 * many in *n (0: sun_path empty, autobind's); a path's end at its first
 * 0.  0 or -errno.
 */
int
unix_addr_in(struct lproc *p, word_t va, word_t len, char *name, uint8_t *n)
{
	char buf[SUN_FAMILY + UNIX_PATH];
	uint16_t family;

	if (len < SUN_FAMILY || len > sizeof(buf)) {
		return -EINVAL;
	}
	if (copy_in(p, buf, va, len) < 0) {
		return -EFAULT;
	}
	memcpy(&family, buf, sizeof(family));
	if (family != LX_AF_UNIX) {
		return -EINVAL;
	}
	word_t k = len - SUN_FAMILY;
	if (k > 0 && buf[SUN_FAMILY] != '\0') {
		k = strnlen(buf + SUN_FAMILY, k);
	}
	memcpy(name, buf + SUN_FAMILY, k);
	*n = (uint8_t)k;
	return 0;
}

/* The bound socket of abstract name (n bytes), or NULL. */
static struct psock *
abstract(const char *name, uint8_t n)
{
	for (int i = 0; i < OPEN_FILES; i++) {
		struct psock *k = &psocks[i];
		if (k->used && k->family == LX_AF_UNIX && k->u.named &&
		    k->u.ino == 0 && k->u.len == n &&
		    memcmp(k->u.name, name, n) == 0) {
			return k;
		}
	}
	return NULL;
}

/* A path name (n bytes, not 0-ended) as p's disk path into out. */
static int
disk_path(struct lproc *p, const char *name, uint8_t n, char *out)
{
	char z[UNIX_PATH + 1];

	memcpy(z, name, n);
	z[n] = '\0';
	return path_of(p, LX_AT_FDCWD, z, out);
}

/* Give k an abstract name no socket has ("\0" and five hex digits). */
static void
autobind(struct psock *k)
{
	do {
		unsigned v = next_auto++ & 0xfffff;
		k->u.name[0] = '\0';
		for (int i = 5; i >= 1; i--, v >>= 4) {
			k->u.name[i] = "0123456789abcdef"[v & 0xf];
		}
	} while (abstract(k->u.name, 6) != NULL);
	k->u.len = 6;
	k->u.named = true;
}

word_t
unix_bind(struct lproc *p, struct psock *k, word_t va, word_t len)
{
	char name[UNIX_PATH];
	uint8_t n;
	int r = unix_addr_in(p, va, len, name, &n);

	if (r != 0) {
		return (word_t)(long)r;
	}
	if (k->u.len != 0) {
		return (word_t)-EINVAL; /* bound already */
	}
	if (k->u.type == LX_SOCK_DGRAM && unix_own_rx(k) != 0) {
		return (word_t)-ENFILE; /* where its datagrams will go */
	}
	if (n == 0) {
		autobind(k);
		return 0;
	}
	if (name[0] == '\0') {
		if (abstract(name, n) != NULL) {
			return (word_t)-EADDRINUSE;
		}
	} else {
		static char path[LX_PATH];
		struct stat st;
		r = disk_path(p, name, n, path);
		if (r == 0) {
			r = disk_ops()->mknod(path,
					      S_IFSOCK | (0777 & ~p->umask), 0);
		}
		if (r == 0) {
			r = disk_ops()->stat(path, 0, &st);
		}
		if (r != 0) {
			return (word_t)(long)(r == -EEXIST ? -EADDRINUSE : r);
		}
		k->u.ino = (uint32_t)st.st_ino;
	}
	memcpy(k->u.name, name, n);
	k->u.len = n;
	k->u.named = true;
	return 0;
}

word_t
unix_listen(struct lproc *p, struct psock *k, int backlog)
{
	if (k->u.type == LX_SOCK_DGRAM) {
		return (word_t)-EOPNOTSUPP;
	}
	if (k->u.len == 0 || k->u.rx >= 0) {
		return (word_t)-EINVAL; /* not bound, or connected */
	}
	k->u.backlog = backlog < 0 ? 0 : backlog > 4096 ? 4096 : backlog;
	k->listening = true;
	cred_of(p, k->u.cred);
	unix_stirred = true; /* a connect may wait for room in the queue */
	return 0;
}

/* The listener's queued connections; its oldest in *first. */
static int
queued(const struct psock *l, struct psock **first)
{
	int n = 0;

	*first = NULL;
	for (int i = 0; i < OPEN_FILES; i++) {
		struct psock *k = &psocks[i];
		if (k->used && k->u.listener == l - psocks) {
			n++;
			*first = *first == NULL || k->u.seq < (*first)->u.seq
				     ? k
				     : *first;
		}
	}
	return n;
}

int
unix_queued(const struct psock *l)
{
	struct psock *first;

	return queued(l, &first);
}

struct psock *
unix_find(struct lproc *p, const char *name, uint8_t n, long *err)
{
	static char path[LX_PATH];
	struct stat st;

	*err = -ECONNREFUSED;
	if (name[0] == '\0') {
		return abstract(name, n);
	}
	if ((*err = disk_path(p, name, n, path)) != 0 ||
	    (*err = disk_ops()->stat(path, 1, &st)) != 0) {
		return NULL;
	}
	*err = -ECONNREFUSED;
	for (int i = 0; S_ISSOCK(st.st_mode) && i < OPEN_FILES; i++) {
		struct psock *k = &psocks[i];
		if (k->used && k->family == LX_AF_UNIX && k->u.named &&
		    k->u.ino == st.st_ino) {
			return k;
		}
	}
	return NULL;
}

word_t
unix_connect(struct lproc *p, struct ofile *f, struct psock *k, word_t va,
	     word_t len)
{
	char name[UNIX_PATH];
	uint8_t n;
	long err = unix_addr_in(p, va, len, name, &n);
	struct psock *first;

	if (err != 0 || n == 0) {
		return (word_t)(err != 0 ? err : -EINVAL);
	}
	if ((k->u.rx >= 0 && !k->u.solo) || k->listening) {
		return (word_t)(k->listening ? -EINVAL : -EISCONN);
	}
	struct psock *l = unix_find(p, name, n, &err);
	if (l == NULL) {
		return (word_t)err;
	}
	if (l->u.type != k->u.type) {
		return (word_t)-EPROTOTYPE;
	}
	if (k->u.type == LX_SOCK_DGRAM) {
		/* Its datagrams' destination, found again at each send. */
		memcpy(k->u.peer, name, n);
		k->u.plen = n;
		return 0;
	}
	/* One shut for reading (before or after listen) takes none. */
	if (!l->listening || (l->u.shut & USHUT_RD)) {
		return (word_t)-ECONNREFUSED;
	}
	if (queued(l, &first) > l->u.backlog) {
		return f->flags & O_NONBLOCK ? (word_t)-EAGAIN : SOCK_WAIT;
	}
	struct psock *s = usock_new(k->u.type); /* a new one, as Linux's */
	if (s == NULL || join(k, s) != 0) {
		if (s != NULL) {
			s->used = false;
		}
		return (word_t)-ENFILE;
	}
	for (int side = 0; side < 2; side++) {
		if (k->u.shut & (side == 0 ? USHUT_RD : USHUT_WR)) {
			pipe_end(side == 0 ? k->u.rx : k->u.tx, side);
		}
	}
	s->u.listener = (int)(l - psocks);
	s->u.seq = next_seq++;
	memcpy(s->u.name, l->u.name, l->u.len);
	s->u.len = l->u.len;
	memcpy(s->u.peer, k->u.name, k->u.len);
	s->u.plen = k->u.len;
	cred_of(p, s->u.cred);
	memcpy(k->u.peer, l->u.name, l->u.len);
	k->u.plen = l->u.len;
	memcpy(k->u.cred, l->u.cred, sizeof(k->u.cred));
	unix_stirred = true;
	return 0;
}

/* Write the name (n bytes) as a sockaddr_un at va, its length at lenva
 * (read first): 0 or -errno. */
long
unix_addr_out(struct lproc *p, const char *name, uint8_t n, word_t va,
	      word_t lenva)
{
	char buf[SUN_FAMILY + UNIX_PATH + 1];
	const uint16_t family = LX_AF_UNIX;
	long len = sock_namelen(p, lenva);

	if (len < 0) {
		return len;
	}
	memcpy(buf, &family, sizeof(family));
	memcpy(buf + SUN_FAMILY, name, n);
	/* A path's length counts its ending 0, as Linux gives it. */
	int32_t full = SUN_FAMILY + n + (n > 0 && name[0] != '\0');
	buf[SUN_FAMILY + n] = '\0';
	if (copy_out(p, va, buf, (word_t)(len < full ? len : full)) < 0 ||
	    copy_out(p, lenva, &full, sizeof(full)) < 0) {
		return -EFAULT;
	}
	return 0;
}

word_t
unix_accept(struct lproc *p, struct ofile *f, struct psock *k, const word_t *a)
{
	struct psock *s;

	if (!k->listening) {
		return (word_t)(k->u.type == LX_SOCK_DGRAM ? -EOPNOTSUPP
							   : -EINVAL);
	}
	if (queued(k, &s) == 0) {
		return f->flags & O_NONBLOCK ? (word_t)-EAGAIN : SOCK_WAIT;
	}
	s->u.listener = -1;
	unix_stirred = true; /* room in the queue */
	long fd = psock_install(p, s, (uint32_t)a[3]);
	if (fd >= 0 && a[1] != 0 &&
	    unix_addr_out(p, s->u.peer, s->u.plen, a[1], a[2]) != 0) {
		fd = -EFAULT; /* out of memory for a copy: the fd stays */
	}
	return (word_t)fd;
}

word_t
unix_shutdown(struct psock *k, word_t how)
{
	int shut = (int)how + 1; /* Linux's SHUT_RD 0, SHUT_WR 1, SHUT_RDWR 2 */

	if (how > 2) {
		return (word_t)-EINVAL;
	}
	if (k->u.rx < 0) {
		k->u.shut |= shut; /* kept, as Linux keeps it */
		return 0;
	}
	if ((shut & USHUT_RD) && !(k->u.shut & USHUT_RD)) {
		pipe_end(k->u.rx, 0); /* the peer's writes: EPIPE */
	}
	if ((shut & USHUT_WR) && !(k->u.shut & USHUT_WR) && k->u.tx >= 0) {
		pipe_end(k->u.tx, 1); /* the peer reads to the end */
	}
	k->u.shut |= shut;
	unix_stirred = true;
	return 0;
}

/* k's peer, or NULL. */
static struct psock *
peer_of(const struct psock *k)
{
	for (int i = 0; k->u.tx >= 0 && i < OPEN_FILES; i++) {
		struct psock *s = &psocks[i];
		if (s->used && s->family == LX_AF_UNIX && s->u.rx == k->u.tx) {
			return s;
		}
	}
	return NULL;
}

/* k lets its connection go (its peer reads to the end); bytes it never
 * read, or a connection never accepted, make the peer's next read after
 * what it has ECONNRESET, as on Linux. */
static void
hang_up(struct psock *k)
{
	struct pipe_state in;
	struct psock *peer = peer_of(k);

	if (k->u.rx < 0) {
		return;
	}
	pipe_state(k->u.rx, &in);
	if (peer != NULL && k->u.type != LX_SOCK_DGRAM &&
	    (in.len > 0 || k->u.listener >= 0)) {
		peer->u.err = ECONNRESET;
	}
	(void)unix_shutdown(k, 2);
	if (k->u.solo) {
		pipe_end(k->u.rx, 1);
	}
	k->u.rx = k->u.tx = -1;
	k->u.listener = -1;
}

void
unix_close(struct psock *k)
{
	for (int i = 0; k->listening && i < OPEN_FILES; i++) {
		struct psock *s = &psocks[i];
		if (s->used && s->u.listener == k - psocks) {
			hang_up(s); /* never accepted */
			s->used = false;
		}
	}
	hang_up(k);
	k->listening = false;
	unix_stirred = true;
}

word_t
unix_name(struct lproc *p, const struct psock *k, bool peer, word_t va,
	  word_t lenva)
{
	if (peer && k->u.tx < 0 && k->u.plen == 0) {
		return (word_t)-ENOTCONN;
	}
	return (word_t)unix_addr_out(p, peer ? k->u.peer : k->u.name,
				     peer ? k->u.plen : k->u.len, va, lenva);
}
