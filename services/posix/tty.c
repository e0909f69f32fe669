/*
 * tty: the console as Linux's terminal: its settings (termios), its size
 * and its foreground process group, as the terminal ioctls read and set
 * them, and its output.  The settings start as a Linux console's; the
 * line discipline that acts on them for input is ttyin.c.
 */
#include <string.h>

#include "procrt.h"
#include "sysdefs.h"
#include "tty.h"

static const struct lx_termios initial = {
    .iflag = 0x500,  /* ICRNL IXON */
    .oflag = 0x5,    /* OPOST ONLCR */
    .cflag = 0xbf,   /* B38400 CS8 CREAD HUPCL */
    .lflag = 0x8a3b, /* ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN */
    .cc = {3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0xf,
	   0x17, 0x16, 0},
};
struct lx_termios tty_termios; /* tty_reset: initial */
static uint16_t winsize[4] = {24, 80, 0, 0};
static word_t foreground; /* its process group; 0: whoever asks */

word_t
tty_foreground(void)
{
	return foreground;
}

void
tty_reset(void)
{
	tty_termios = initial;
	foreground = 0;
}

void
tty_write(const char *buf, word_t n)
{
	static char out[1024];
	word_t k = 0;

	if ((tty_termios.oflag & (LX_OPOST | LX_ONLCR)) !=
	    (LX_OPOST | LX_ONLCR)) {
		cairn_serial_write(buf, n);
		return;
	}
	for (word_t i = 0; i < n; i++) {
		if (k + 2 > sizeof(out)) {
			cairn_serial_write(out, k);
			k = 0;
		}
		if (buf[i] == '\n') {
			out[k++] = '\r';
		}
		out[k++] = buf[i];
	}
	cairn_serial_write(out, k);
}

/* TCSETS and its kin: the new settings, from va. */
static word_t
set(struct lproc *p, word_t arg, bool flush)
{
	struct lx_termios t;

	if (copy_in(p, &t, arg, sizeof(t)) < 0) {
		return (word_t)-EFAULT;
	}
	tty_termios = t;
	tty_changed(flush);
	return 0;
}

word_t
tty_job(struct lproc *p, int sig)
{
	if (foreground == 0 || p->pgid == foreground) {
		return 0;
	}
	if (sig_job(p, sig)) {
		return SYS_NO_REPLY;
	}
	return sig == LX_SIGTTIN ? (word_t)-EIO : 0;
}

word_t
tty_ioctl(struct lproc *p, word_t cmd, word_t arg)
{
	int32_t pgrp;
	word_t r;

	if ((cmd == LX_TCSETS || cmd == LX_TCSETSW || cmd == LX_TCSETSF ||
	     cmd == LX_TIOCSPGRP) &&
	    (r = tty_job(p, LX_SIGTTOU)) != 0) {
		return r;
	}
	switch (cmd) {
	case LX_TCGETS:
		return copy_out(p, arg, &tty_termios, sizeof(tty_termios)) < 0
			   ? (word_t)-EFAULT
			   : 0;
	case LX_TCSETS:
	case LX_TCSETSW:
		return set(p, arg, false);
	case LX_TCSETSF:
		return set(p, arg, true);
	case LX_TIOCGWINSZ:
		return copy_out(p, arg, winsize, sizeof(winsize)) < 0
			   ? (word_t)-EFAULT
			   : 0;
	case LX_TIOCSWINSZ:
		return copy_in(p, winsize, arg, sizeof(winsize)) < 0
			   ? (word_t)-EFAULT
			   : 0;
	case LX_TIOCGPGRP:
		pgrp = (int32_t)(foreground != 0 ? foreground : p->pid);
		return copy_out(p, arg, &pgrp, sizeof(pgrp)) < 0
			   ? (word_t)-EFAULT
			   : 0;
	case LX_TIOCSPGRP:
		if (copy_in(p, &pgrp, arg, sizeof(pgrp)) < 0) {
			return (word_t)-EFAULT;
		}
		if (pgrp <= 0) {
			return (word_t)-EINVAL;
		}
		foreground = (word_t)pgrp;
		return 0;
	default:
		return (word_t)-ENOTTY;
	}
}
