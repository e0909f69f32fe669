/*
 * `run /disk/<file>` of a Linux program: a file without a Cairn manifest,
 * or a "#!" script, goes to the posix service (docs/posix.md), which runs it as
 * a Linux process; the shell waits for it and says how it ended, as it does for
 * a Cairn program.  `sh` runs the disk's busybox sh so.  While it waits
 * the shell reads nothing: the console is the Linux program's.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "proto/posix.h"
#include "shell.h"

#define SH_MAX	  64 /* section headers read, at most */
#define NAMES_MAX 2048

struct shdr {
	uint32_t name, type;
	uint64_t flags, addr, offset, size;
	uint32_t link, info;
	uint64_t align, entsize;
};

static int
read_at(int fd, void *buf, size_t n, uint64_t off)
{
	return lseek(fd, (off_t)off, SEEK_SET) == (off_t)off &&
		       read(fd, buf, n) == (ssize_t)n
		   ? 0
		   : -1;
}

/* Does the ELF file open at fd have a section called name? */
static bool
has_section(int fd, const char *name)
{
	unsigned char h[64];
	static struct shdr sh[SH_MAX];
	static char names[NAMES_MAX];

	if (read_at(fd, h, sizeof(h), 0) != 0) {
		return false;
	}
	uint64_t shoff;
	uint16_t shentsize, shnum, shstrndx;
	memcpy(&shoff, h + 40, 8);
	memcpy(&shentsize, h + 58, 2);
	memcpy(&shnum, h + 60, 2);
	memcpy(&shstrndx, h + 62, 2);
	if (shentsize != sizeof(struct shdr) || shnum > SH_MAX ||
	    shstrndx >= shnum ||
	    read_at(fd, sh, shnum * sizeof(struct shdr), shoff) != 0) {
		return false;
	}
	const struct shdr *s = &sh[shstrndx];
	size_t n = s->size < NAMES_MAX ? s->size : NAMES_MAX;
	if (read_at(fd, names, n, s->offset) != 0) {
		return false;
	}
	names[NAMES_MAX - 1] = '\0';
	for (int i = 0; i < shnum; i++) {
		/* cppcheck-suppress knownConditionTrueFalse ; read from the
		 * file */
		if (sh[i].name < n && strcmp(names + sh[i].name, name) == 0) {
			return true;
		}
	}
	return false;
}

bool
is_linux_program(const char *path)
{
	static const unsigned char magic[4] = {0x7f, 'E', 'L', 'F'};
	unsigned char id[4];
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		return false; /* run_file says why */
	}
	ssize_t n = read(fd, id, 4);
	/* A "#!" script is Linux's too: the server runs its interpreter. */
	bool linux = (n == 4 && memcmp(id, magic, 4) == 0 &&
		      !has_section(fd, ".cairn.manifest")) ||
		     (n >= 2 && id[0] == '#' && id[1] == '!');
	close(fd);
	return linux;
}

/* Is a process of that name running? */
static bool
running(const char *name)
{
	struct cairn_ps_entry e;

	for (word_t from = 1; cairn_init_ps(from, &e) == CAIRN_OK;
	     from = e.pid + 1) {
		if (strcmp(e.name, name) == 0) {
			return true;
		}
	}
	return false;
}

static const char *
signal_name(word_t sig)
{
	switch (sig) {
	case 2:
		return "SIGINT";
	case 3:
		return "SIGQUIT";
	case 4:
		return "SIGILL";
	case 9:
		return "SIGKILL";
	case 11:
		return "SIGSEGV";
	case 31:
		return "SIGSYS";
	default:
		return "a signal";
	}
}

/* Run the Linux program at path with argc arguments at argv (argv[0]
 * its name): 0, or 1 with a line saying why not. */
static int
run_as(const char *path, int argc, char **argv)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "posix");
	word_t pid, status;
	int err;

	if (g == NULL || !running("posix")) {
		printf("run: %s: a Linux program, and no posix service runs "
		       "(docs/posix.md)\n",
		       path);
		return 1;
	}
	int st = cairn_posix_spawn(g->slot, path, argc,
				   (const char *const *)argv, &pid, &err);
	if (st != CAIRN_OK) {
		printf("run: %s: %s\n", path,
		       err != 0 ? strerror(err) : error_name(st));
		return 1;
	}
	st = cairn_posix_wait(g->slot, pid, &status);
	if (st != CAIRN_OK) {
		printf("run: %s: the posix service ended (%s)\n", path,
		       error_name(st));
		return 1;
	}
	if ((status & 0x7f) != 0) {
		printf("run: %s killed by %s (signal %lu)\n", path,
		       signal_name(status & 0x7f), status & 0x7f);
	} else if ((status >> 8) != 0) {
		printf("run: %s exited with status %lu\n", path,
		       (status >> 8) & 0xff);
	}
	return 0;
}

int
run_linux(int argc, char **argv)
{
	return run_as(argv[0], argc, argv);
}

/* sh [args]: busybox's sh from the disk, interactive without arguments. */
static int
cmd_sh(int argc, char **argv)
{
	argv[0] = "sh";
	return run_as("/disk/bin/sh", argc, argv);
}

const struct command linux_commands[] = {
    {"sh", "[args]", "busybox's sh from the disk (a Linux program)", cmd_sh},
    {NULL, NULL, NULL, NULL},
};
