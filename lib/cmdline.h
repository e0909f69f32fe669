/*
 * cmdline: a shell line split into words.  Words are separated by spaces
 * and tabs; double quotes group words ("a b"), and inside them \" and \\
 * stand for " and \.  The line is untrusted (typed or pasted): every
 * limit is checked and reported, never overrun.
 */
#ifndef CAIRN_LIB_CMDLINE_H
#define CAIRN_LIB_CMDLINE_H

#include <stddef.h>

enum cmdline_error {
	CMDLINE_E_QUOTE = -1,	 /* a quote left open */
	CMDLINE_E_TOO_MANY = -2, /* more words than argv has room for */
	CMDLINE_E_TOO_LONG = -3, /* the words do not fit in buf */
	CMDLINE_E_CONTROL = -4,	 /* a control character in the line */
};

/*
 * Split the n bytes of line into at most max words, copied NUL-terminated
 * into buf (size bytes), with argv[i] pointing at each.  Returns the
 * number of words (0 for a blank line) or a negative cmdline_error.
 */
int cmdline_split(const char *line, size_t n, char **argv, int max, char *buf,
		  size_t size);

/* A one-line description of a cmdline_error. */
const char *cmdline_strerror(int err);

#endif
