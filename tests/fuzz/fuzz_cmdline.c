/*
 * fuzz_cmdline: the input is a line typed at the shell.  The first two
 * bytes choose the room the caller gives (words, then buffer bytes); the
 * rest is the line.  Both buffers are allocated to size, so a write past
 * either one is caught, and the words are compared with those of a
 * model of the rules in cmdline.h.
 */
#include <string.h>

#include "cmdline.h"
#include "fuzz.h"

enum {
	SHELL_WORDS = 16,     /* services/shell/main.c */
	SHELL_BUF = 200 + 16, /* LINE_MAX + 16 */
};

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
control(char c)
{
	return (unsigned char)c < 0x20 || c == 0x7F;
}

/*
 * The model: cmdline.h's rules, one byte at a time, with unlimited room.
 * The words go to out (2 n + 1 bytes), each NUL-terminated; *used says
 * how many bytes.  Returns the number of words, CMDLINE_E_CONTROL or
 * CMDLINE_E_QUOTE.
 */
static int
model(const char *line, size_t n, char *out, size_t *used)
{
	enum { BETWEEN, WORD, QUOTED } state = BETWEEN;
	int words = 0;
	size_t at = 0;

	for (size_t i = 0; i < n; i++) {
		char c = line[i];
		if (state != QUOTED && blank(c)) {
			if (state == WORD) {
				out[at++] = '\0';
			}
			state = BETWEEN;
			continue;
		}
		if (state == BETWEEN) {
			words++;
			state = WORD;
		}
		if (control(c)) {
			return CMDLINE_E_CONTROL;
		}
		if (c == '"') {
			state = state == QUOTED ? WORD : QUOTED;
			continue;
		}
		if (state == QUOTED && c == '\\' && i + 1 < n &&
		    (line[i + 1] == '"' || line[i + 1] == '\\')) {
			c = line[++i];
		}
		out[at++] = c;
	}
	if (state == QUOTED) {
		return CMDLINE_E_QUOTE;
	}
	if (state == WORD) {
		out[at++] = '\0';
	}
	*used = at;
	return words;
}

/* Check a successful split: argc words in buf, in order, apart. */
static void
check_words(char **argv, int argc, const char *buf, size_t size)
{
	const char *next = buf;

	for (int i = 0; i < argc; i++) {
		fuzz_check(fuzz_inside(argv[i], 1, buf, size) &&
			       argv[i] >= next,
			   "a word outside buf or over the one before");
		size_t room = size - (size_t)(argv[i] - buf);
		fuzz_check(fuzz_terminated(argv[i], room),
			   "a word not terminated inside buf");
		next = argv[i] + strlen(argv[i]) + 1;
	}
}

/*
 * Compare the split (argc words at argv, or an error) with the model's.
 * Where room ran out, the model must have needed more, or failed later.
 */
static void
compare(const char *line, size_t n, char **argv, int argc, int max, size_t room)
{
	char *out = malloc(2 * n + 1);
	size_t used = 0;
	int want = model(line, n, out, &used);

	if (argc == CMDLINE_E_TOO_MANY) {
		fuzz_check(want < 0 || want > max, "too many, yet it fits");
	} else if (argc == CMDLINE_E_TOO_LONG) {
		fuzz_check(want < 0 || used > room, "too long, yet it fits");
	} else {
		fuzz_check(argc == want, "not the model's verdict");
	}
	const char *w = out;
	for (int i = 0; i < argc; i++) {
		fuzz_check(strcmp(argv[i], w) == 0, "not the model's word");
		w += strlen(w) + 1;
	}
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int max = SHELL_WORDS;
	size_t room = SHELL_BUF;

	if (size >= 2) {
		max = data[0] % (SHELL_WORDS + 1);
		room = data[1] % (SHELL_BUF + 1);
		data += 2;
		size -= 2;
	}
	/* Exactly the room given (malloc(0) is a valid empty block). */
	char **argv = malloc((size_t)max * sizeof(*argv));
	char *buf = malloc(room);
	const char *line = (const char *)data;
	int argc = cmdline_split(line, size, argv, max, buf, room);

	fuzz_check(cmdline_strerror(argc) != NULL, "no error text");
	fuzz_check(argc >= CMDLINE_E_CONTROL && argc <= max,
		   "an unknown result");
	if (argc >= 0) {
		check_words(argv, argc, buf, room);
	}
	compare(line, size, argv, argc, max, room);
	free(argv);
	free(buf);
	return 0;
}
