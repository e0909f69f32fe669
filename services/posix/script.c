/*
 * script: execve of a "#!" script, as Linux runs one.  The first line
 * (at most SCRIPT_LINE bytes) names the interpreter and at most one
 * argument, the rest of the line; the program run is the interpreter,
 * with the arguments [interpreter, argument if any, the script's path as
 * execve was given it, the old argv[1]...].  The interpreter may be a
 * script itself, and so on: each level puts its interpreter and argument
 * in front, its script named as the level before named it, as Linux's
 * exec_binprm does.  Its loop runs depth 0 to 5, so five scripts may
 * lead to a program; the sixth in a chain is ELOOP once its own
 * interpreter is open (a missing one is ENOENT, as on Linux).  A file
 * is looked at as a script only once exe_open found it no program.
 */
#include <fcntl.h>
#include <string.h>

#include "cairn_libc.h"
#include "files.h"
#include "sysdefs.h"

#define SCRIPT_LINE  256 /* Linux's BINPRM_BUF_SIZE */
#define SCRIPT_DEPTH 5	 /* scripts in a chain (Linux's exec_binprm) */

static bool
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The first line of the file at path (exe_open has checked that it may
 * be run) into line (NUL for the newline): 1 if it is a "#!" line, 0 if
 * the file is no script, or -errno. */
static int
first_line(const char *path, char *line)
{
	int h = disk_ops()->open(path, O_RDONLY, 0);

	if (h < 0) {
		return h;
	}
	long n = disk_ops()->read(h, 0, line, SCRIPT_LINE - 1);
	disk_ops()->close(h);
	if (n < 2 || line[0] != '#' || line[1] != '!') {
		return n < 0 ? (int)n : 0;
	}
	line[n] = '\0';
	char *nl = memchr(line, '\n', (size_t)n);
	if (nl == NULL) {
		return -ENOEXEC; /* a longer line than Linux reads */
	}
	*nl = '\0';
	return 1;
}

/* If path is a "#!" script, make args and path its interpreter's: 1; 0
 * if it is no script; or -errno. */
static int
script_args(struct lproc *p, char *path, const char *given, struct args *args)
{
	static char line[SCRIPT_LINE];
	static struct args old;
	int r = first_line(path, line);

	if (r <= 0) {
		return r;
	}
	/* "#!" blanks interpreter [blanks argument blanks] */
	char *interp = line + 2, *arg, *end;
	while (blank(*interp)) {
		interp++;
	}
	for (arg = interp; *arg != '\0' && !blank(*arg); arg++) {
	}
	if (arg == interp) {
		return -ENOEXEC;
	}
	if (*arg != '\0') {
		*arg++ = '\0';
	}
	while (blank(*arg)) {
		arg++;
	}
	for (end = arg + strlen(arg); end > arg && blank(end[-1]); end--) {
	}
	*end = '\0';
	old = *args;
	memset(args, 0, offsetof(struct args, off));
	r = args_add(args, interp, false);
	if (r == 0 && *arg != '\0') {
		r = args_add(args, arg, false);
	}
	if (r == 0) {
		r = args_add(args, given, false);
	}
	for (int i = old.argc > 0 ? 1 : 0; r == 0 && i < old.argc + old.envc;
	     i++) {
		r = args_add(args, old.bytes + old.off[i], i >= old.argc);
	}
	if (r == 0) {
		r = path_of(p, LX_AT_FDCWD, interp, path);
	}
	return r < 0 ? r : 1;
}

int
exe_or_script(struct lproc *p, char *path, const char *given, struct args *args,
	      struct exe *x, bool *script)
{
	static char name[SCRIPT_LINE];
	/* A program first: a script costs its reads only when the file is
	 * no program (ENOEXEC). */
	int r = exe_open(path, x);

	*script = false;
	for (int depth = 0; r == -ENOEXEC; depth++) {
		int s = script_args(p, path, given, args);
		if (s <= 0) {
			return s < 0 ? s : r;
		}
		*script = true;
		r = exe_open(path, x); /* the interpreter */
		if (depth == SCRIPT_DEPTH && (r == 0 || r == -ENOEXEC)) {
			if (r == 0) {
				exe_close(x);
			}
			return -ELOOP;
		}
		/* The next level's script is named as this one's line names
		 * its interpreter: the new argv[0]. */
		strcpy(name, args->bytes + args->off[0]);
		given = name;
	}
	return r;
}
