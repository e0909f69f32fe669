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
	       "quota 1M\n"
	       "restart always 100 10\n"
	       "receive\n"
	       "needs serial\n"
	       "needs fs\n"
	       "needs pci\n"
	       "needs net\n"
	       "needs timer\n"
	       "needs posix\n");

static const struct command commands[];

/* Every table of commands: this file's, then those by concern. */
static const struct command *const tables[] = {
    commands, fs_commands, pci_commands, net_commands, linux_commands, NULL};

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

const char *
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
	for (int t = 0; tables[t] != NULL; t++) {
		for (const struct command *c = tables[t]; c->name != NULL;
		     c++) {
			char head[40];
			snprintf(head, sizeof(head), "%s %s", c->name, c->args);
			printf("  %-22s %s\n", head, c->help);
		}
	}
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
	struct cairn_ps_entry e;
	for (word_t from = 1; cairn_init_ps(from, &e) == CAIRN_OK;
	     from = e.pid + 1) {
		word_t st = e.state < 5 ? e.state : 0;
		printf("%5lu  %-15s %-10s %8luK %8luK %8lu %5lu\n", e.pid,
		       e.name, states[st], e.used >> 10, e.quota >> 10,
		       e.restarts, e.caps);
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
	char why[CAIRN_INIT_WHY_MAX + 1];
	word_t outcome = 0, ms = 0;
	int st = cairn_init_kill((word_t)pid, &outcome, &ms, why, sizeof(why));
	if (st == CAIRN_E_IN_USE) {
		printf("kill: refused: %s\n", why);
		return 1;
	}
	if (st != CAIRN_OK) {
		printf("kill: no running process %ld (or not yours to kill)\n",
		       pid);
		return 1;
	}
	if (outcome == CAIRN_KILL_RESTARTING && ms == 0) {
		printf("kill: %ld stopped; its restart policy started it "
		       "again\n",
		       pid);
	} else if (outcome == CAIRN_KILL_RESTARTING) {
		printf("kill: %ld stopped; its restart policy starts it again "
		       "in %lu ms\n",
		       pid, ms);
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
	word_t flags = background ? CAIRN_SPAWN_DETACHED : 0;
	if (argv[1][0] == '/' && is_linux_program(argv[1])) {
		if (background) {
			printf("run: '&' does not start Linux programs yet\n");
			return 1;
		}
		return run_linux(argc - 1, argv + 1);
	}
	long pid = argv[1][0] == '/'
		       ? run_file(argc - 1, argv + 1, flags, why, sizeof(why))
		       : cairn_spawn(argc - 1, (const char *const *)argv + 1,
				     flags, why, sizeof(why));
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
cmd_mem(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct cairn_mem_info m;
	if (cairn_init_mem(&m) != CAIRN_OK) {
		printf("mem: init did not answer\n");
		return 1;
	}
	/* Free in bytes too: a leak smaller than a KiB still shows. */
	printf("memory: %lu KiB in all, %lu KiB free, %lu KiB init, "
	       "%lu KiB processes; %lu bytes free\n",
	       m.total >> 10, m.free >> 10, m.init >> 10, m.procs >> 10,
	       m.free);
	printf("resident: %lu KiB: kernel %lu KiB, init %lu KiB, processes "
	       "%lu KiB (USED); the initramfs's files %lu KiB\n",
	       (m.res_kernel + m.res_init + m.res_procs) >> 10,
	       m.res_kernel >> 10, m.res_init >> 10, m.res_procs >> 10,
	       m.files >> 10);
	printf("%5s  %-15s %9s %9s\n", "PID", "NAME", "USED", "QUOTA");
	struct cairn_ps_entry e;
	for (word_t from = 1; cairn_init_ps(from, &e) == CAIRN_OK;
	     from = e.pid + 1) {
		printf("%5lu  %-15s %8luK %8luK\n", e.pid, e.name, e.used >> 10,
		       e.quota >> 10);
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
	char what[65];
	word_t slot;
	for (word_t i = 0;; i++) {
		if (cairn_init_caps((word_t)pid, i, &slot, what) != CAIRN_OK) {
			if (i == 0) {
				printf("caps: no running process %ld\n", pid);
				return 1;
			}
			break;
		}
		if (slot == 0) { /* device memory, mapped */
			printf("  no slot   %s\n", what);
		} else {
			printf("  slot %3lu  %s\n", slot, what);
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
	word_t kernel, init, ihz;

	printf("up %s s\n", fixed3(cairn_rdtsc(), hz));
	/* The TSC starts at the machine's reset: the firmware's time is in. */
	if (cairn_init_boot_times(&kernel, &init, &ihz) == CAIRN_OK) {
		printf("boot: kernel entered at %s ms, ",
		       fixed3(kernel, hz / 1000));
		printf("init at %s ms, ", fixed3(init, hz / 1000));
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
	if (cairn_init_log((word_t)v) != CAIRN_OK) {
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
	if (cairn_init_crash(argv[1]) != CAIRN_OK) {
		printf("crash: no running service '%s'\n", argv[1]);
		return 1;
	}
	return 0;
}

/* Run the kernel tests, the benchmarks or the fuzzer in place; wait. */
static int
suite(word_t label, const word_t *args, const char *what, const char *ok,
      const char *bad)
{
	char why[CAIRN_INIT_WHY_MAX + 1];
	word_t pid;

	printf("%s\n", what);
	if (cairn_init_suite(label, args, &pid, why, sizeof(why)) != CAIRN_OK) {
		printf("cannot start: %s\n", why);
		return 1;
	}
	long r = cairn_wait_pid(pid);
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
	word_t args[2];
	long calls = argc > 1 ? number("fuzz", argv[1]) : 10000;
	long seed = argc > 2 ? number("fuzz", argv[2]) : 0;

	if (argc > 3) {
		printf("fuzz: usage: fuzz [calls] [seed]\n");
		return 1;
	}
	if (calls < 0 || seed < 0) {
		return 1;
	}
	args[0] = (word_t)calls;
	args[1] = (word_t)seed;
	return suite(CAIRN_INIT_FUZZ, args,
		     "fuzz: random system calls from an unprivileged process",
		     "fuzz: the kernel survived; every call was answered",
		     "fuzz: FAILED (above)");
}

static int
cmd_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("powering off\n");
	cairn_init_poweroff(0);
	return 1;
}

static int
cmd_reboot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("rebooting\n");
	cairn_init_reboot();
	return 1;
}

static const struct command commands[] = {
    {"help", "", "this list", cmd_help},
    {"ps", "", "processes", cmd_ps},
    {"kill", "<pid>", "stop a process", cmd_kill},
    {"run", "<prog> [args] [&]", "start a program (& : do not wait)", cmd_run},
    {"mem", "", "memory, in all and per process", cmd_mem},
    {"caps", "<pid>", "the capabilities a process holds", cmd_caps},
    {"uptime", "", "time since boot", cmd_uptime},
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
	for (int t = 0; tables[t] != NULL; t++) {
		for (const struct command *c = tables[t]; c->name != NULL;
		     c++) {
			if (strcmp(argv[0], c->name) == 0) {
				c->run(argc, argv);
				return;
			}
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
