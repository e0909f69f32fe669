/*
 * shell: the debug console.  It reads lines through the serial driver,
 * splits them (lib/cmdline.c) and runs its commands, most of them calls
 * to init.  An unknown command or a bad argument gets one line saying
 * so; nothing typed can stop it.
 */
#include <cairn/manifest.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "shell.h"

CAIRN_MANIFEST("name shell\n"
	       "description the debug console's command shell\n"
	       "quota 512K\n"
	       "restart always 100 10\n"
	       "needs serial\n");

struct command {
	const char *name;
	const char *args;
	const char *help;
	int (*run)(int argc, char **argv);
};

static const struct command commands[];

/* A number argument, or -1 with a message. */
static long
number(const char *cmd, const char *s)
{
	char *end;
	long v = strtol(s, &end, 0);

	if (*s == '\0' || *end != '\0' || v < 0) {
		printf("%s: '%s' is not a number\n", cmd, s);
		return -1;
	}
	return v;
}

static const char *
error_name(long st)
{
	switch (st) {
	case CAIRN_E_INVALID_ARGUMENT:
		return "invalid argument";
	case CAIRN_E_NO_MEMORY:
		return "out of memory";
	case CAIRN_E_RANGE:
		return "out of range";
	case CAIRN_E_ILLEGAL_OPERATION:
		return "not allowed";
	default:
		return "failed";
	}
}

static int
cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (const struct command *c = commands; c->name != NULL; c++) {
		char head[40];
		snprintf(head, sizeof(head), "%s %s", c->name, c->args);
		printf("  %-22s %s\n", head, c->help);
	}
	return 0;
}

static int
cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	}
	printf("\n");
	return 0;
}

static const char *const states[] = {"?", "running", "exited", "crashed",
				     "restarting"};

static int
cmd_ps(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("%5s  %-15s %-10s %9s %9s %8s %5s\n", "PID", "NAME", "STATE",
	       "MEM", "QUOTA", "RESTARTS", "CAPS");
	for (word_t from = 1;;) {
		struct cairn_msg m = {0};
		m.w[0] = from;
		if (cairn_init_call(CAIRN_INIT_PS, 1, &m) != CAIRN_OK) {
			break;
		}
		char name[16] = {0};
		memcpy(name, &m.w[6], 15);
		word_t st = m.w[1] < 5 ? m.w[1] : 0;
		printf("%5lu  %-15s %-10s %8luK %8luK %8lu %5lu\n", m.w[0],
		       name, states[st], m.w[2] >> 10, m.w[3] >> 10, m.w[4],
		       m.w[5]);
		from = m.w[0] + 1;
	}
	return 0;
}

static int
cmd_kill(int argc, char **argv)
{
	if (argc != 2) {
		printf("kill: usage: kill <pid>\n");
		return 1;
	}
	long pid = number("kill", argv[1]);
	if (pid < 0) {
		return 1;
	}
	struct cairn_msg m = {0};
	m.w[0] = (word_t)pid;
	if (cairn_init_call(CAIRN_INIT_KILL, 1, &m) != CAIRN_OK) {
		printf("kill: no running process %ld (or not yours to kill)\n",
		       pid);
		return 1;
	}
	return 0;
}

static int
cmd_run(int argc, char **argv)
{
	char why[100] = "";
	int background = argc > 2 && strcmp(argv[argc - 1], "&") == 0;

	if (background) {
		argc--;
	}
	if (argc < 2) {
		printf("run: usage: run <program> [args] [&]\n");
		return 1;
	}
	long pid = cairn_spawn(argc - 1, (const char *const *)argv + 1,
			       background ? CAIRN_SPAWN_DETACHED : 0, why,
			       sizeof(why));
	if (pid < 0) {
		printf("run: %s\n", why[0] ? why : error_name(-pid));
		return 1;
	}
	if (background) {
		printf("[%ld] %s\n", pid, argv[1]);
		return 0;
	}
	long st = cairn_wait_pid((word_t)pid);
	if (st != 0) {
		printf("run: %s exited with status %ld\n", argv[1], st);
	}
	return 0;
}

static int
cmd_ls(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (word_t i = 0;; i++) {
		struct cairn_msg m = {0};
		m.w[0] = i;
		if (cairn_init_call(CAIRN_INIT_LS, 1, &m) != CAIRN_OK) {
			break;
		}
		char name[129] = {0};
		memcpy(name, &m.w[1], 128);
		printf("%8lu  %s\n", m.w[0], name);
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
	size_t plen = strlen(argv[1]);
	if (plen > 120) {
		printf("cat: name too long\n");
		return 1;
	}
	for (word_t off = 0;;) {
		struct cairn_msg m = {0};
		m.w[0] = off;
		m.w[1] = 480;
		m.w[2] = plen;
		cairn_msg_put(&m, 3, argv[1], plen);
		if (cairn_init_call(CAIRN_INIT_READ, 3 + (plen + 7) / 8, &m) !=
		    CAIRN_OK) {
			printf("cat: %s: no such file\n", argv[1]);
			return 1;
		}
		if (m.w[0] == 0) {
			break;
		}
		/* Show control bytes as '.', so a binary cannot upset the
		 * terminal. */
		char *s = (char *)&m.w[1];
		for (word_t i = 0; i < m.w[0]; i++) {
			unsigned char c = (unsigned char)s[i];
			if ((c < 0x20 && c != '\n' && c != '\t') || c >= 0x7F) {
				s[i] = '.';
			}
		}
		printf("%.*s", (int)m.w[0], s);
		off += m.w[0];
	}
	return 0;
}

static int
cmd_mem(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct cairn_msg m = {0};
	if (cairn_init_call(CAIRN_INIT_MEM, 0, &m) != CAIRN_OK) {
		printf("mem: init did not answer\n");
		return 1;
	}
	/* Free in bytes too: a leak smaller than a KiB still shows. */
	printf("memory: %lu KiB in all, %lu KiB free, %lu KiB init, "
	       "%lu KiB processes; %lu bytes free\n",
	       m.w[0] >> 10, m.w[1] >> 10, m.w[2] >> 10, m.w[3] >> 10, m.w[1]);
	printf("resident: %lu KiB: kernel %lu KiB, init %lu KiB, processes "
	       "%lu KiB (USED); the initramfs's files %lu KiB\n",
	       (m.w[4] + m.w[5] + m.w[6]) >> 10, m.w[4] >> 10, m.w[5] >> 10,
	       m.w[6] >> 10, m.w[7] >> 10);
	printf("%5s  %-15s %9s %9s\n", "PID", "NAME", "USED", "QUOTA");
	for (word_t from = 1;;) {
		struct cairn_msg p = {0};
		p.w[0] = from;
		if (cairn_init_call(CAIRN_INIT_PS, 1, &p) != CAIRN_OK) {
			break;
		}
		char name[16] = {0};
		memcpy(name, &p.w[6], 15);
		printf("%5lu  %-15s %8luK %8luK\n", p.w[0], name, p.w[2] >> 10,
		       p.w[3] >> 10);
		from = p.w[0] + 1;
	}
	return 0;
}

static int
cmd_caps(int argc, char **argv)
{
	if (argc != 2) {
		printf("caps: usage: caps <pid>\n");
		return 1;
	}
	long pid = number("caps", argv[1]);
	if (pid < 0) {
		return 1;
	}
	for (word_t i = 0;; i++) {
		struct cairn_msg m = {0};
		m.w[0] = (word_t)pid;
		m.w[1] = i;
		int st = cairn_init_call(CAIRN_INIT_CAPS, 2, &m);
		if (st != CAIRN_OK) {
			if (i == 0) {
				printf("caps: no running process %ld\n", pid);
				return 1;
			}
			break;
		}
		char what[65] = {0};
		memcpy(what, &m.w[1], 64);
		if (m.w[0] == 0) { /* device memory, mapped */
			printf("  no slot   %s\n", what);
		} else {
			printf("  slot %3lu  %s\n", m.w[0], what);
		}
	}
	return 0;
}

/* When this shell first showed its prompt (the TSC). */
static uint64_t first_prompt;

/* t in units of unit, with three decimals (one buffer of two). */
static const char *
fixed3(uint64_t t, uint64_t unit)
{
	static char buf[2][32];
	static int k;
	char *b = buf[k++ % 2];

	unit = unit ? unit : 1;
	snprintf(b, 32, "%lu.%03lu", t / unit, t % unit * 1000 / unit);
	return b;
}

static int
cmd_uptime(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	uint64_t hz = cairn_procinfo->tsc_hz ? cairn_procinfo->tsc_hz : 1;
	struct cairn_msg m = {0};

	printf("up %s s\n", fixed3(cairn_rdtsc(), hz));
	/* The TSC starts at the machine's reset: the firmware's time is in. */
	if (cairn_init_call(CAIRN_INIT_BOOT_TIMES, 0, &m) == CAIRN_OK) {
		printf("boot: kernel entered at %s ms, ",
		       fixed3(m.w[0], hz / 1000));
		printf("init at %s ms, ", fixed3(m.w[1], hz / 1000));
		printf("first prompt at %s ms\n",
		       fixed3(first_prompt, hz / 1000));
	}
	return 0;
}

static int
cmd_log(int argc, char **argv)
{
	if (argc != 2) {
		printf("log: usage: log <level 0-3>\n");
		return 1;
	}
	long v = number("log", argv[1]);
	if (v < 0) {
		return 1;
	}
	struct cairn_msg m = {0};
	m.w[0] = (word_t)v;
	if (cairn_init_call(CAIRN_INIT_LOG, 1, &m) != CAIRN_OK) {
		printf("log: level %ld is out of range 0-3\n", v);
		return 1;
	}
	return 0;
}

static int
cmd_crash(int argc, char **argv)
{
	if (argc != 2) {
		printf("crash: usage: crash <service>\n");
		return 1;
	}
	size_t n = strlen(argv[1]);
	struct cairn_msg m = {0};
	if (n > 15) {
		printf("crash: no running service '%s'\n", argv[1]);
		return 1;
	}
	m.w[0] = n;
	cairn_msg_put(&m, 1, argv[1], n);
	if (cairn_init_call(CAIRN_INIT_CRASH, 3, &m) != CAIRN_OK) {
		printf("crash: no running service '%s'\n", argv[1]);
		return 1;
	}
	return 0;
}

/* Run the kernel tests, the benchmarks or the fuzzer in place; wait. */
static int
suite(word_t label, struct cairn_msg *args, const char *what, const char *ok,
      const char *bad)
{
	struct cairn_msg m = {0};

	if (args != NULL) {
		m = *args;
	}
	printf("%s\n", what);
	int st = cairn_init_call(label, 2, &m);
	if (st != CAIRN_OK) {
		char why[100] = {0};
		memcpy(why, &m.w[1], m.w[0] < 99 ? m.w[0] : 99);
		printf("cannot start: %s\n", why);
		return 1;
	}
	long r = cairn_wait_pid(m.w[0]);
	printf("%s\n", r == 0 ? ok : bad);
	return r != 0;
}

static int
cmd_test(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return suite(CAIRN_INIT_TEST, NULL,
		     "test: the kernel test suite, in place (it reports on the "
		     "kernel's console)",
		     "test: every kernel test passed",
		     "test: some kernel tests FAILED (above)");
}

static int
cmd_bench(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return suite(CAIRN_INIT_BENCH, NULL,
		     "bench: the benchmarks, in place (they report on the "
		     "kernel's console)",
		     "bench: all figures printed", "bench: FAILED");
}

static int
cmd_fuzz(int argc, char **argv)
{
	struct cairn_msg m = {0};
	long calls = argc > 1 ? number("fuzz", argv[1]) : 10000;
	long seed = argc > 2 ? number("fuzz", argv[2]) : 0;

	if (argc > 3) {
		printf("fuzz: usage: fuzz [calls] [seed]\n");
		return 1;
	}
	if (calls < 0 || seed < 0) {
		return 1;
	}
	m.w[0] = (word_t)calls;
	m.w[1] = (word_t)seed;
	return suite(CAIRN_INIT_FUZZ, &m,
		     "fuzz: random system calls from an unprivileged process",
		     "fuzz: the kernel survived; every call was answered",
		     "fuzz: FAILED (above)");
}

static int
cmd_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct cairn_msg m = {0};
	printf("powering off\n");
	cairn_init_call(CAIRN_INIT_POWEROFF, 1, &m);
	return 1;
}

static int
cmd_reboot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct cairn_msg m = {0};
	printf("rebooting\n");
	cairn_init_call(CAIRN_INIT_REBOOT, 0, &m);
	return 1;
}

static const struct command commands[] = {
    {"help", "", "this list", cmd_help},
    {"ps", "", "processes", cmd_ps},
    {"kill", "<pid>", "stop a process", cmd_kill},
    {"run", "<prog> [args] [&]", "start a program (& : do not wait)", cmd_run},
    {"ls", "", "files in the initramfs", cmd_ls},
    {"cat", "<file>", "show a file", cmd_cat},
    {"mem", "", "memory, in all and per process", cmd_mem},
    {"caps", "<pid>", "the capabilities a process holds", cmd_caps},
    {"uptime", "", "time since boot", cmd_uptime},
    {"echo", "[words]", "print the words", cmd_echo},
    {"log", "<level>", "how much init reports (0-3)", cmd_log},
    {"crash", "<service>", "make a service fault (supervision)", cmd_crash},
    {"test", "", "run the kernel test suite, in place", cmd_test},
    {"bench", "", "run the benchmarks, in place", cmd_bench},
    {"fuzz", "[calls] [seed]", "random system calls (0 seed: a new one)",
     cmd_fuzz},
    {"poweroff", "", "turn the machine off", cmd_poweroff},
    {"reboot", "", "restart the machine", cmd_reboot},
    {NULL, NULL, NULL, NULL},
};

static void
run_line(const char *line, size_t n)
{
	char *argv[16];
	char buf[LINE_MAX + 16];
	int argc = cmdline_split(line, n, argv, 16, buf, sizeof(buf));

	if (argc < 0) {
		printf("shell: %s\n", cmdline_strerror(argc));
		return;
	}
	if (argc == 0) {
		return;
	}
	for (const struct command *c = commands; c->name != NULL; c++) {
		if (strcmp(argv[0], c->name) == 0) {
			c->run(argc, argv);
			return;
		}
	}
	printf("%s: unknown command (try 'help')\n", argv[0]);
}

int
main(int argc, char **argv)
{
	char line[LINE_MAX + 1];

	(void)argc;
	(void)argv;
	printf("\nCairn shell. Type 'help' for the commands.\n");
	for (;;) {
		if (first_prompt == 0) {
			first_prompt = cairn_rdtsc();
		}
		int n = edit_line(PROMPT, line);
		if (n < 0) {
			return 1;
		}
		run_line(line, (size_t)n);
	}
}
