/*
 * cmd_fs: the shell's file commands and echo.
 */
#include <string.h>

#include "shell.h"

static int
cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	}
	printf("\n");
	return 0;
}

static int
cmd_ls(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	char name[129];
	word_t size;
	for (word_t i = 0; cairn_init_ls(i, &size, name) == CAIRN_OK; i++) {
		printf("%8lu  %s\n", size, name);
	}
	return 0;
}

static int
cmd_cat(int argc, char **argv)
{
	if (argc != 2) {
		printf("cat: usage: cat <file>\n");
		return 1;
	}
	if (strlen(argv[1]) > 120) {
		printf("cat: name too long\n");
		return 1;
	}
	char s[CAIRN_INIT_READ_MAX];
	for (word_t off = 0;;) {
		long n = cairn_init_read(argv[1], off, s, sizeof(s));
		if (n < 0) {
			printf("cat: %s: no such file\n", argv[1]);
			return 1;
		}
		if (n == 0) {
			break;
		}
		/* Show control bytes as '.', so a binary cannot upset the
		 * terminal. */
		for (long i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			if ((c < 0x20 && c != '\n' && c != '\t') || c >= 0x7F) {
				s[i] = '.';
			}
		}
		printf("%.*s", (int)n, s);
		off += (word_t)n;
	}
	return 0;
}

const struct command fs_commands[] = {
    {"ls", "", "files in the initramfs", cmd_ls},
    {"cat", "<file>", "show a file", cmd_cat},
    {"echo", "[words]", "print the words", cmd_echo},
    {NULL, NULL, NULL, NULL},
};
