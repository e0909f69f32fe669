/* cmdline: splitting a shell line into words (cmdline.h). */
#include "cmdline.h"

int
cmdline_split(const char *line, size_t n, char **argv, int max, char *buf,
	      size_t size)
{
	size_t i = 0, at = 0;
	int argc = 0;

	for (;;) {
		while (i < n && (line[i] == ' ' || line[i] == '\t')) {
			i++;
		}
		if (i == n) {
			return argc;
		}
		if (argc == max) {
			return CMDLINE_E_TOO_MANY;
		}
		argv[argc++] = &buf[at];
		int quoted = 0;
		while (i < n &&
		       (quoted || (line[i] != ' ' && line[i] != '\t'))) {
			char c = line[i++];
			if ((unsigned char)c < 0x20 || c == 0x7F) {
				return CMDLINE_E_CONTROL;
			}
			if (c == '"') {
				quoted = !quoted;
				continue;
			}
			if (quoted && c == '\\' && i < n &&
			    (line[i] == '"' || line[i] == '\\')) {
				c = line[i++];
			}
			if (at + 1 >= size) {
				return CMDLINE_E_TOO_LONG;
			}
			buf[at++] = c;
		}
		if (quoted) {
			return CMDLINE_E_QUOTE;
		}
		if (at >= size) {
			return CMDLINE_E_TOO_LONG;
		}
		buf[at++] = '\0';
	}
}

const char *
cmdline_strerror(int err)
{
	switch (err) {
	case CMDLINE_E_QUOTE:
		return "a quote is left open";
	case CMDLINE_E_TOO_MANY:
		return "too many words";
	case CMDLINE_E_TOO_LONG:
		return "the line is too long";
	case CMDLINE_E_CONTROL:
		return "control characters in the line";
	default:
		return "bad line";
	}
}
