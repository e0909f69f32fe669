/*
 * edit: reading a line from the console with editing: backspace, left
 * and right, Home/End (and ^A/^E), ^U to clear, ^C to drop the line,
 * history on up and down.  Escape sequences it does not know, other
 * control characters and bytes above 0x7E are ignored; a line stops
 * growing at its limit.
 */
#include <string.h>

#include "shell.h"

#define HISTORY 16

static char history[HISTORY][LINE_MAX + 1];
static int nhistory; /* lines ever added; the last HISTORY are kept */

static char inbuf[64];
static size_t inlen, inpos;

/* The next byte from the console, or -1 if the console failed. */
static int
getbyte(void)
{
	if (inpos == inlen) {
		long n = cairn_serial_read(inbuf, sizeof(inbuf));
		if (n <= 0) {
			return -1;
		}
		inlen = (size_t)n;
		inpos = 0;
	}
	return (unsigned char)inbuf[inpos++];
}

static void
put(const char *s, size_t n)
{
	cairn_serial_write(s, n);
}

static void
puts_(const char *s)
{
	put(s, strlen(s));
}

/* Move the cursor n columns left or right. */
static void
move(int n)
{
	char seq[16];
	int k;

	if (n == 0) {
		return;
	}
	k = snprintf(seq, sizeof(seq), "\033[%d%c", n < 0 ? -n : n,
		     n < 0 ? 'D' : 'C');
	put(seq, (size_t)k);
}

/* Redraw from column at to the end; the cursor ends at cur. */
static void
redraw(const char *line, size_t len, size_t at, size_t cur)
{
	put(line + at, len - at);
	puts_("\033[K");
	move((int)cur - (int)len);
}

static void
replace(char *line, size_t *len, size_t *cur, const char *with)
{
	move(-(int)*cur);
	*len = strlen(with);
	memcpy(line, with, *len);
	*cur = *len;
	redraw(line, *len, 0, *cur);
}

int
edit_line(const char *prompt, char *line)
{
	size_t len = 0, cur = 0;
	int hist = nhistory; /* the line shown: nhistory is the new one */
	char saved[LINE_MAX + 1] = "";

	puts_(prompt);
	for (;;) {
		int c = getbyte();
		if (c < 0) {
			return -1;
		}
		if (c == '\r' || c == '\n') {
			if (c == '\r') {
				/* A CR LF pair is one Enter. */
				if (inpos < inlen && inbuf[inpos] == '\n') {
					inpos++;
				}
			}
			puts_("\r\n");
			line[len] = '\0';
			if (len > 0 &&
			    (nhistory == 0 ||
			     strcmp(history[(nhistory - 1) % HISTORY], line) !=
				 0)) {
				strcpy(history[nhistory % HISTORY], line);
				nhistory++;
			}
			return (int)len;
		}
		if (c == 0x7F || c == 0x08) { /* backspace */
			if (cur > 0) {
				memmove(line + cur - 1, line + cur, len - cur);
				len--;
				cur--;
				move(-1);
				redraw(line, len, cur, cur);
			}
		} else if (c == 0x03) { /* ^C: drop the line */
			puts_("^C\r\n");
			puts_(prompt);
			len = cur = 0;
		} else if (c == 0x15) { /* ^U: clear it */
			replace(line, &len, &cur, "");
		} else if (c == 0x01) { /* ^A */
			move(-(int)cur);
			cur = 0;
		} else if (c == 0x05) { /* ^E */
			move((int)(len - cur));
			cur = len;
		} else if (c == 0x1B) {
			/* ESC [ parameters final, or ESC O final. */
			int b = getbyte(), f = 0;
			if (b == '[' || b == 'O') {
				do {
					f = getbyte();
				} while (f >= 0x20 && f < 0x40);
			}
			if (f == 'D' && cur > 0) {
				move(-1);
				cur--;
			} else if (f == 'C' && cur < len) {
				move(1);
				cur++;
			} else if (f == 'H') {
				move(-(int)cur);
				cur = 0;
			} else if (f == 'F') {
				move((int)(len - cur));
				cur = len;
			} else if (f == 'A' && hist > 0 &&
				   hist > nhistory - HISTORY) {
				if (hist == nhistory) {
					line[len] = '\0';
					strcpy(saved, line);
				}
				hist--;
				replace(line, &len, &cur,
					history[hist % HISTORY]);
			} else if (f == 'B' && hist < nhistory) {
				hist++;
				replace(line, &len, &cur,
					hist == nhistory
					    ? saved
					    : history[hist % HISTORY]);
			}
		} else if (c >= 0x20 && c < 0x7F) {
			if (len == LINE_MAX) {
				put("\a", 1); /* full */
				continue;
			}
			memmove(line + cur + 1, line + cur, len - cur);
			line[cur] = (char)c;
			len++;
			cur++;
			if (cur == len) {
				put(line + cur - 1, 1);
			} else {
				redraw(line, len, cur - 1, cur);
			}
		}
		/* Anything else: ignored. */
	}
}
