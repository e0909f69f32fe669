/*
 * ttyin: console input for Linux programs, the line discipline.  The
 * server must never wait, so it does not READ the serial driver: the
 * driver signals the server's notification (main.c's TTY_BADGE) when
 * input waits (NOTIFY), and the server takes what there is (READ_NB), edits
 * and echoes it as the settings say (tty.h), and answers the reads it
 * holds.
 *
 * The console is the Linux programs' only while a program a Cairn one
 * started (the shell's `run` or `sh`) runs: a session.  Before and after
 * it the Cairn shell reads the console, and the server takes none of its
 * input.  The driver's copy of the notification is lost if the driver
 * restarts, so while a session runs a timer of ours (id TIMER_ID,
 * signalling the same badge) arms it again every second.
 */
#include <fcntl.h>
#include <string.h>

#include "files.h"
#include "procrt.h"
#include "sysdefs.h"
#include "tty.h"

#define TIMER_ID    2 /* sleep.c has 1 */
#define REARM_NS    1000000000ull
#define IDLE_NS	    3600000000000ull
#define START_NS    1000000ull
#define RING	    4096 /* input ready to read */
#define LINE	    4095 /* Linux's longest canonical line */
#define MARKS	    64
#define HELD	    POSIX_MAX_PROCS
#define CTRL(c)	    ((c) ^ 0x40)
#define LX_VDISABLE 0

static cptr_t serial, timer, sig; /* endpoints; our badged notification */
static bool live;		  /* the driver signals us (NOTIFY 1) */
static bool stalled;		  /* the ring was full: input left waiting */
static uint64_t armed_at;	  /* when we last sent NOTIFY */
static uint64_t timer_at;	  /* when our timer is due */
static word_t session_pgid;	  /* the group of the last reader */

/*
 * Input ready for reads: [rd, wr) of ring.  A mark is where a read must
 * stop (the end of a line ^D handed over); a read that starts at one
 * returns 0, end of file (^D at the start of a line).
 */
static char ring[RING];
static uint32_t rd, wr;
static uint32_t marks[MARKS];
static int nmarks;

/* The canonical line being edited, and each byte's echo width. */
static char line[LINE];
static uint8_t width[LINE];
static word_t linelen;

/* Echo, gathered while a piece of input is taken and written after. */
static char echo[1024];
static word_t echolen;

/* Reads held until input comes, oldest first. */
static struct held {
	struct lproc *p; /* NULL: free */
	cptr_t reply;
	word_t va, n;
	uint64_t since; /* when it began (VTIME) */
} held[HELD];
static uint64_t last_input; /* when the last byte came (VTIME) */

static void
flush_echo(void)
{
	if (echolen > 0) {
		cairn_serial_write(echo, echolen);
		echolen = 0;
	}
}

static void
put(char c)
{
	if (echolen + 2 > sizeof(echo)) {
		flush_echo();
	}
	if (c == '\n' && (tty_termios.oflag & (LX_OPOST | LX_ONLCR)) ==
			     (LX_OPOST | LX_ONLCR)) {
		echo[echolen++] = '\r';
	}
	echo[echolen++] = c;
}

/* Echo c as typed: a control character as ^X with ECHOCTL.  Its width
 * on the screen. */
static uint8_t
echo_char(unsigned char c)
{
	uint32_t lf = tty_termios.lflag;

	if (!(lf & LX_ECHO)) {
		return 0;
	}
	if ((lf & LX_ECHOCTL) && (c < 0x20 || c == 0x7f) && c != '\t' &&
	    c != '\n') {
		put('^');
		put((char)CTRL(c));
		return 2;
	}
	put((char)c);
	return 1;
}

static void
rub_out(void)
{
	uint8_t w = width[--linelen];

	if ((tty_termios.lflag & (LX_ECHO | LX_ECHOE)) ==
	    (LX_ECHO | LX_ECHOE)) {
		for (uint8_t i = 0; i < w; i++) {
			put('\b');
			put(' ');
			put('\b');
		}
	}
}

static word_t
ring_used(void)
{
	return wr - rd;
}

/* Hand n bytes at b to the readers, as far as there is room. */
static void
deliver(const char *b, word_t n)
{
	for (word_t i = 0; i < n && ring_used() < RING; i++) {
		ring[wr++ % RING] = b[i];
	}
}

/* The line so far to the readers, a read stopping at its end. */
static void
hand_over(bool mark)
{
	deliver(line, linelen);
	linelen = 0;
	if (mark && nmarks < MARKS) {
		marks[nmarks++] = wr;
	}
}

static void
flush_input(void)
{
	rd = wr = 0;
	nmarks = 0;
	linelen = 0;
}

/* ISIG: c is one of the signal characters: which signal, or 0. */
static int
signal_of(unsigned char c)
{
	const uint8_t *cc = tty_termios.cc;

	if (!(tty_termios.lflag & LX_ISIG) || c == LX_VDISABLE) {
		return 0;
	}
	return c == cc[LX_VINTR]   ? LX_SIGINT
	       : c == cc[LX_VQUIT] ? LX_SIGQUIT
	       : c == cc[LX_VSUSP] ? LX_SIGTSTP
				   : 0;
}

static void
raise_signal(unsigned char c, int sig)
{
	word_t fg = tty_foreground() != 0 ? tty_foreground() : session_pgid;

	if (!(tty_termios.lflag & LX_NOFLSH)) {
		flush_input();
	}
	echo_char(c);
	flush_echo();
	if (fg != 0) {
		sig_group(fg, sig);
	}
}

/* Canonical editing of c: was it an editing character? */
static bool
edit(unsigned char c)
{
	const uint8_t *cc = tty_termios.cc;
	uint32_t lf = tty_termios.lflag;

	if (c == cc[LX_VERASE] || c == '\b') {
		if (linelen > 0) {
			rub_out();
		}
		return true;
	}
	if ((lf & LX_IEXTEN) && c == cc[LX_VWERASE]) {
		while (linelen > 0 && line[linelen - 1] == ' ') {
			rub_out();
		}
		while (linelen > 0 && line[linelen - 1] != ' ') {
			rub_out();
		}
		return true;
	}
	if (c == cc[LX_VKILL]) {
		if ((lf & LX_ECHOKE) && (lf & LX_ECHOE)) {
			while (linelen > 0) {
				rub_out();
			}
		} else {
			echo_char(c);
			if (lf & LX_ECHOK) {
				put('\n');
			}
		}
		linelen = 0;
		return true;
	}
	if (c == cc[LX_VEOF]) {
		hand_over(true); /* not echoed */
		return true;
	}
	return false;
}

/* One byte of input, as the settings say. */
static void
take(unsigned char c)
{
	const struct lx_termios *t = &tty_termios;
	int s;

	if (t->iflag & LX_ISTRIP) {
		c &= 0x7f;
	}
	if (c == '\r' && (t->iflag & LX_IGNCR)) {
		return;
	}
	if (c == '\r' && (t->iflag & LX_ICRNL)) {
		c = '\n';
	} else if (c == '\n' && (t->iflag & LX_INLCR)) {
		c = '\r';
	}
	if ((s = signal_of(c)) != 0) {
		raise_signal(c, s);
		return;
	}
	if (!(t->lflag & LX_ICANON)) {
		last_input = now_ns();
		deliver((const char *)&c, 1);
		echo_char(c);
		return;
	}
	if (c != LX_VDISABLE && edit(c)) {
		return;
	}
	bool end = c == '\n' || (c != LX_VDISABLE &&
				 (c == t->cc[LX_VEOL] || c == t->cc[LX_VEOL2]));
	if (linelen >= LINE - 1 && !end) {
		return; /* a full line takes only its end */
	}
	line[linelen] = (char)c;
	width[linelen++] = echo_char(c);
	if (c == '\n' && !(t->lflag & LX_ECHO) && (t->lflag & LX_ECHONL)) {
		put('\n');
	}
	if (end) {
		hand_over(c != '\n'); /* a newline stops a read itself */
	}
}

/* VTIME in ns: tenths of a second. */
static uint64_t
vtime_ns(void)
{
	return (uint64_t)tty_termios.cc[LX_VTIME] * 100000000ull;
}

/*
 * When a raw read of n bytes begun at since is due by VTIME, though
 * VMIN is not met: with VMIN 0, VTIME after it began; else VTIME after
 * the last byte, once one is there.  ~0: not by time.
 */
static uint64_t
due(word_t n, uint64_t since)
{
	word_t min = tty_termios.cc[LX_VMIN];

	if ((tty_termios.lflag & LX_ICANON) || vtime_ns() == 0 || n == 0) {
		return ~0ull;
	}
	if (min == 0) {
		return since + vtime_ns();
	}
	return ring_used() > 0 ? last_input + vtime_ns() : ~0ull;
}

/*
 * Is a read of n bytes begun at since answerable now?  Canonical: a
 * line (or end of file) is there.  Raw: VMIN bytes (at most n), or
 * VTIME has run out (due), or at once if both are 0.
 */
static bool
answerable(word_t n, uint64_t since)
{
	word_t min = tty_termios.cc[LX_VMIN];

	if (tty_termios.lflag & LX_ICANON) {
		return ring_used() > 0 || nmarks > 0;
	}
	min = min < n ? min : n;
	if (min == 0 && vtime_ns() != 0) {
		min = 1;
	}
	return ring_used() >= min || now_ns() >= due(n, since);
}

static bool
at_mark(void)
{
	return nmarks > 0 && marks[0] == rd;
}

static void
pop_mark(void)
{
	nmarks--;
	memmove(marks, marks + 1, (size_t)nmarks * sizeof(marks[0]));
}

/*
 * Read up to n bytes into p's va: how many, or -EFAULT.  A canonical
 * read stops after a newline or at a mark: one line at a time.
 */
static word_t
consume(struct lproc *p, word_t va, word_t n)
{
	static char buf[RING];
	bool canon = tty_termios.lflag & LX_ICANON;
	word_t k = 0;

	if (canon && at_mark()) {
		pop_mark();
		return 0; /* ^D at the start of a line */
	}
	while (k < n && rd != wr && !(canon && at_mark())) {
		char c = ring[rd++ % RING];
		buf[k++] = c;
		if (canon && c == '\n') {
			break;
		}
	}
	/* The line ^D handed over ends here: its mark is spent.  (A mark
	 * just after a newline is an end of file of its own.) */
	if (canon && k > 0 && buf[k - 1] != '\n' && at_mark()) {
		pop_mark();
	}
	return copy_out(p, va, buf, k) < 0 ? (word_t)-EFAULT : k;
}

/* Answer the held reads (and polls) that can be, oldest first. */
static void
answer_held(void)
{
	poll_wake();
	for (int i = 0; i < HELD; i++) {
		struct held *h = &held[i];
		if (h->p == NULL || !answerable(h->n, h->since)) {
			continue;
		}
		struct cairn_msg m = {0};
		m.w[0] = consume(h->p, h->va, h->n);
		posix_answer(h->reply, 0, 1, &m);
		h->p = NULL;
	}
}

/* Take what input the driver has, while there is room for it. */
static void
drain(void)
{
	static char buf[CAIRN_SERIAL_MAX_READ];

	stalled = false;
	while (live) {
		if (ring_used() + sizeof(buf) > RING) {
			stalled = true; /* left in the UART until read */
			break;
		}
		long n = cairn_serial_read_nb(serial, buf, sizeof(buf));
		if (n == -CAIRN_E_DELETED) {
			armed_at = 0; /* it restarted: arm it again */
		}
		if (n <= 0) {
			break;
		}
		for (long i = 0; i < n && live; i++) {
			take((unsigned char)buf[i]);
		}
	}
	flush_echo();
	answer_held();
}

/* Does a session run: a Linux program a Cairn program started (other
 * than not)? */
static bool
session(const struct lproc * not )
{
	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		const struct lproc *p = &procs[i];
		if (p != not &&p->state == LP_RUNNING && p->owner != 0) {
			return true;
		}
	}
	return false;
}

/*
 * Give the input nobody read back to the driver, for the Cairn shell
 * (typed ahead, as after a Linux shell's command): the lines, then the
 * one being edited.  An end of file (^D) cannot go back.
 */
static void
give_back(void)
{
	static char left[RING + LINE];
	word_t n = 0;

	while (rd != wr) {
		left[n++] = ring[rd++ % RING];
	}
	memcpy(left + n, line, linelen);
	n += linelen;
	if (n > 0) {
		cairn_serial_unread(serial, left, n);
	}
}

/* No session: let go of the console; the next starts afresh.  Reads of
 * what is left (orphans) end as Linux ends an orphaned group's: EIO. */
static void
end_session(void)
{
	if (live) {
		give_back();
		cairn_serial_notify(serial, 0);
		live = false;
	}
	for (int i = 0; i < HELD; i++) {
		if (held[i].p != NULL) {
			struct cairn_msg m = {0};
			m.w[0] = (word_t)-EIO;
			posix_answer(held[i].reply, 0, 1, &m);
			held[i].p = NULL;
		}
	}
	flush_input();
	tty_reset();
	console_reset();
	session_pgid = 0;
	poll_wake(); /* the console reads as at its end: EIO */
	tty_schedule();
}

void
tty_schedule(void)
{
	uint64_t now = now_ns();
	uint64_t next = live ? armed_at + REARM_NS : now + IDLE_NS;

	for (int i = 0; i < HELD; i++) {
		uint64_t d =
		    held[i].p != NULL ? due(held[i].n, held[i].since) : ~0ull;
		next = d < next ? d : next;
	}
	if (next != timer_at || timer_at <= now) {
		timer_at = next;
		cairn_timer_arm(timer, TIMER_ID, next > now ? next - now : 1,
				0);
	}
}

int
tty_init(word_t badge)
{
	const struct cairn_grant *t =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "timer");
	const struct cairn_grant *s =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "serial");
	const struct cairn_grant *n =
	    cairn_grant_find(CAIRN_GRANT_NOTIFY, NULL);

	tty_reset(); /* a new console's settings */
	if (t == NULL || s == NULL || n == NULL) {
		return -1;
	}
	sig = cairn_ntfn_badged(n->slot, badge);
	if (sig == 0 ||
	    cairn_timer_arm(t->slot, TIMER_ID, IDLE_NS, 0) != CAIRN_OK ||
	    cairn_timer_signal(t->slot, TIMER_ID, sig) != CAIRN_OK) {
		return -1;
	}
	timer = t->slot;
	serial = s->slot;
	return 0;
}

void
tty_tick(void)
{
	if (sig == 0) {
		return;
	}
	if (!session(NULL)) {
		end_session(); /* (a program that never started) */
		return;
	}
	uint64_t now = now_ns();
	if (!live || now - armed_at >= REARM_NS) {
		live = cairn_serial_notify(serial, sig) == CAIRN_OK;
		armed_at = now;
	}
	drain();
	tty_schedule();
}

void
tty_open(struct lproc *p)
{
	if (sig != 0 && p->owner != 0 && !live) {
		/* Armed in a moment, by tick, once the program runs: a
		 * program that never starts must not take the shell's
		 * input. */
		session_pgid = p->pgid;
		timer_at = now_ns() + START_NS;
		cairn_timer_arm(timer, TIMER_ID, START_NS, 0);
	}
}

word_t
tty_read(struct lproc *p, struct ofile *f, word_t va, word_t n, bool may_hold)
{
	if ((long)n < 0) {
		return (word_t)-EINVAL;
	}
	if (!user_range(va, n)) {
		return (word_t)-EFAULT;
	}
	if (!session(NULL)) {
		return (word_t)-EIO; /* the Cairn shell has the console */
	}
	word_t job = tty_job(p, LX_SIGTTIN);
	if (job != 0) {
		return job;
	}
	session_pgid = p->pgid;
	if (n == 0) {
		return 0;
	}
	uint64_t now = now_ns();
	if (answerable(n, now)) {
		word_t r = consume(p, va, n);
		if (stalled) {
			drain();
		}
		return r;
	}
	if (!may_hold || (f->flags & O_NONBLOCK)) {
		return (word_t)-EAGAIN;
	}
	for (int i = 0; i < HELD; i++) {
		if (held[i].p == NULL) {
			held[i].reply = posix_keep();
			if (held[i].reply == 0) {
				return (word_t)-EAGAIN;
			}
			held[i] = (struct held){p, held[i].reply, va, n, now};
			tty_schedule(); /* for VTIME */
			return SYS_NO_REPLY;
		}
	}
	return (word_t)-EAGAIN;
}

long
tty_unread(void)
{
	return (long)ring_used();
}

bool
tty_readable(void)
{
	word_t min = tty_termios.cc[LX_VMIN];

	if (!session(NULL)) {
		return true; /* a read is answered at once: EIO */
	}
	if (tty_termios.lflag & LX_ICANON) {
		return ring_used() > 0 || nmarks > 0;
	}
	return ring_used() >=
	       (min > 0 && tty_termios.cc[LX_VTIME] == 0 ? min : 1);
}

void
tty_changed(bool flush)
{
	if (flush) {
		flush_input();
	} else if (!(tty_termios.lflag & LX_ICANON) && linelen > 0) {
		hand_over(false); /* raw now: the line so far is input */
	}
	answer_held();
}

cptr_t
tty_cancel(struct lproc *p)
{
	for (int i = 0; i < HELD; i++) {
		if (held[i].p == p) {
			held[i].p = NULL;
			return held[i].reply;
		}
	}
	return 0;
}

void
tty_forget(struct lproc *p)
{
	cptr_t r = tty_cancel(p);

	if (r != 0) {
		/* It is stopped: the answer reaches nobody and gives the
		 * reply object back to the pool. */
		struct cairn_msg m = {0};
		posix_answer(r, 0, 0, &m);
	}
	if (p->owner != 0 && !session(p)) {
		end_session();
	}
}
