/*
 * bbtest-linux: the /init of Linux in QEMU that runs busybox's test
 * suite as Cairn runs it (tools/bbtest-linux.sh, docs/posix.md,
 * "busybox's test suite"): it mounts /proc (busybox runs its applets by
 * /proc/self/exe), /dev and /sys, runs `/bin/sh /bbtest/run` with
 * the environment Cairn's shell gives a Linux program, and powers off.
 * Its lines are bench-linux's (LBENCH_INIT_START, LBENCH_DONE), so that
 * run.sh knows the run ended; the suite's lines go to the console as on
 * Cairn.
 */
#include <stdio.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(void)
{
	int status = 0;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mkdir("/tmp", 01777);
	printf("LBENCH_INIT_START\n");
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = {"sh", "/bbtest/run", NULL};
		char *envp[] = {"PATH=/bin:/usr/bin:/sbin:/usr/sbin", "HOME=/",
				"TERM=vt100", NULL};
		chdir("/");
		execve("/bin/sh", argv, envp);
		perror("bbtest-linux: execve /bin/sh");
		_exit(127);
	}
	/* As init, it is the parent of every orphan: wait for them too. */
	for (pid_t w = 0; pid > 0 && w != pid;) {
		int st;
		w = wait(&st);
		if (w < 0) {
			break;
		}
		if (w == pid) {
			status = st;
		}
	}
	printf("bbtest-linux: sh ended with status %d\nLBENCH_DONE\n",
	       WIFEXITED(status) ? WEXITSTATUS(status)
				 : 128 + WTERMSIG(status));
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
