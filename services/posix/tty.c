/*
 * tty: the console as Linux's terminal: its settings (termios), its size
 * and its foreground process group, as the terminal ioctls read and set
 * them.  The settings start as a Linux console's; the line discipline
 * that acts on them comes with console input (docs/posix.md, "Not yet").
 */
#include <string.h>

#include "sysdefs.h"

#define NCCS 19

/* Linux's struct termios, as TCGETS and TCSETS move it. */
struct lx_termios {
	uint32_t iflag, oflag, cflag, lflag;
	uint8_t line;
	uint8_t cc[NCCS];
};
_Static_assert(sizeof(struct lx_termios) == 36, "Linux's struct termios");

static struct lx_termios termios = {
    .iflag = 0x500,  /* ICRNL IXON */
    .oflag = 0x5,    /* OPOST ONLCR */
    .cflag = 0xbf,   /* B38400 CS8 CREAD HUPCL */
    .lflag = 0x8a3b, /* ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN */
    .cc = {3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0xf,
	   0x17, 0x16, 0},
};
static uint16_t winsize[4] = {24, 80, 0, 0};
static word_t foreground; /* its process group; 0: whoever asks */

word_t
tty_ioctl(struct lproc *p, word_t cmd, word_t arg)
{
	int32_t pgrp;

	switch (cmd) {
	case LX_TCGETS:
		return copy_out(p, arg, &termios, sizeof(termios)) < 0
			   ? (word_t)-EFAULT
			   : 0;
	case LX_TCSETS:
	case LX_TCSETSW:
	case LX_TCSETSF:
		return copy_in(p, &termios, arg, sizeof(termios)) < 0
			   ? (word_t)-EFAULT
			   : 0;
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

cptr_t
tty_cancel(struct lproc *p)
{
	(void)p;
	return 0; /* no console read is held yet */
}

bool
tty_readable(void)
{
	return false; /* console input is to come */
}
