/*
 * tty: the console as Linux's terminal.  tty.c keeps its settings
 * (termios), its size and its foreground process group, and processes
 * output; ttyin.c is the line discipline: console input, edited and
 * echoed as the settings say, and the reads that wait for it.
 */
#ifndef CAIRN_POSIX_TTY_H
#define CAIRN_POSIX_TTY_H

#include "posix.h"

#define NCCS 19

/* Linux's struct termios, as TCGETS and TCSETS move it. */
struct lx_termios {
	uint32_t iflag, oflag, cflag, lflag;
	uint8_t line;
	uint8_t cc[NCCS];
};
_Static_assert(sizeof(struct lx_termios) == 36, "Linux's struct termios");

/* The flags and control characters the line discipline acts on. */
#define LX_ISTRIP  0040
#define LX_INLCR   0100
#define LX_IGNCR   0200
#define LX_ICRNL   0400
#define LX_OPOST   0001
#define LX_ONLCR   0004
#define LX_ISIG	   0000001
#define LX_ICANON  0000002
#define LX_ECHO	   0000010
#define LX_ECHOE   0000020
#define LX_ECHOK   0000040
#define LX_ECHONL  0000100
#define LX_NOFLSH  0000200
#define LX_TOSTOP  0000400
#define LX_ECHOCTL 0001000
#define LX_ECHOKE  0004000
#define LX_IEXTEN  0100000
#define LX_VINTR   0
#define LX_VQUIT   1
#define LX_VERASE  2
#define LX_VKILL   3
#define LX_VEOF	   4
#define LX_VTIME   5
#define LX_VMIN	   6
#define LX_VSUSP   10
#define LX_VEOL	   11
#define LX_VWERASE 14
#define LX_VEOL2   16

/* tty.c: the settings now (ttyin.c reads them; tty_init sets them). */
extern struct lx_termios tty_termios;
/* The foreground process group, or 0 if none was set. */
word_t tty_foreground(void);
/*
 * Job control: p reads the terminal (sig SIGTTIN) or writes it or changes
 * its settings (SIGTTOU; a write only under TOSTOP, the caller's check).
 * 0: go on (p is in the foreground group, or none was set, or a SIGTTOU
 * it ignores or blocks); -EIO (a SIGTTIN it ignores or blocks); or
 * SYS_NO_REPLY: sig went to p's group, which stops, and p's call is made
 * again when it goes on.
 */
word_t tty_job(struct lproc *p, int sig);
/* A session has ended: the settings and the foreground group go back to
 * a new console's. */
void tty_reset(void);
/* Write n bytes to the console, processed as the output flags say
 * (OPOST ONLCR: a newline goes as CR NL). */
void tty_write(const char *buf, word_t n);

/*
 * ttyin.c.  tty_init: the timer and the driver signal the server's
 * notification with badge, and tty_tick is called with it (0, or -1
 * without a timer, a driver or a notification: console reads then wait
 * for ever).  tty_open: p names the console (a new process); one a Cairn
 * program started begins a session.  tty_read: a read of the console by
 * p through f (may hold the caller unless may_hold is false or f is
 * O_NONBLOCK: -EAGAIN then), its result or SYS_NO_REPLY.  tty_changed:
 * the settings changed (flush: TCSETSF, pending input dropped).
 */
struct ofile;
int tty_init(word_t badge);
void tty_tick(void);
void tty_open(struct lproc *p);
word_t tty_read(struct lproc *p, struct ofile *f, word_t va, word_t n,
		bool may_hold);
void tty_changed(bool flush);
/* The bytes a read of the console would find now (FIONREAD). */
long tty_unread(void);
/* Arm the timer for what comes next: a raw read's VTIME, re-arming the
 * driver's notification. */
void tty_schedule(void);

#endif
