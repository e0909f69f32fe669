/*
 * cowtest: fork copies on write (docs/posix.md, "Memory").  Parent and
 * child each write to data, heap, stack and an anonymous mapping after
 * fork and see only their own writes; a read-only page stays read-only;
 * a grandchild; fork after mprotect; the server's own writes (read()
 * into a shared buffer, clone's CHILD_SETTID, wait4's status) reach only
 * the process they are for; 1,000 forks in a loop run in what one took.
 * `cowtest oom` forks children that each write 3 MiB until memory runs
 * out: each either ends well or is ended by SIGSEGV (Cairn's OOM kill),
 * and memory comes back.  Ends 0 if all passed; also passes on Linux.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptest.h"

#define PG		      4096
#define HEAP_PGS	      4
#define LX_CLONE_CHILD_SETTID 0x01000000 /* <sched.h> wants _GNU_SOURCE */

static int data = 1;
static const char rodata[PG] __attribute__((aligned(PG))) = "read-only";

/* The child's verdict: 0 if every check of its held, else the first
 * that failed (1-based). */
static int child_bad;

static void
child_check(int cond, int n)
{
	if (!cond && child_bad == 0) {
		child_bad = n;
	}
}

/* Wait for pid: its wait status, or -1. */
static int
reap(pid_t pid)
{
	int st = -1;

	return waitpid(pid, &st, 0) == pid ? st : -1;
}

static void
wake(int fd)
{
	char c = 'w';

	if (write(fd, &c, 1) != 1) {
		_exit(99);
	}
}

static void
await(int fd)
{
	char c;

	if (read(fd, &c, 1) != 1) {
		_exit(98);
	}
}

/* Parent and child write the same four places, each after the other
 * has, and each sees only its own bytes. */
static void
private_writes(void)
{
	char stack[PG] = "stack";
	char *heap = malloc(HEAP_PGS * PG);
	char *map = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int go[2], back[2];

	if (heap == NULL || map == MAP_FAILED || pipe(go) || pipe(back)) {
		ptest_check(0, "setup");
		free(heap);
		return;
	}
	memset(heap, 'h', HEAP_PGS * PG);
	memset(map, 'm', 3 * PG);
	data = 1;
	pid_t pid = fork();
	if (pid == 0) {
		await(go[0]); /* the parent has written */
		child_check(data == 1, 1);
		child_check(heap[0] == 'h' && heap[HEAP_PGS * PG - 1] == 'h',
			    2);
		child_check(stack[0] == 's' && map[PG] == 'm', 3);
		data = 3;
		heap[0] = heap[HEAP_PGS * PG - 1] = 'C';
		stack[0] = map[PG] = 'C';
		child_check(data == 3 && heap[0] == 'C' &&
				heap[HEAP_PGS * PG - 1] == 'C',
			    4);
		child_check(stack[0] == 'C' && map[PG] == 'C', 5);
		child_check(rodata[0] == 'r' && map[0] == 'm', 6);
		wake(back[1]);
		await(go[0]); /* the parent has looked */
		child_check(data == 3 && heap[0] == 'C' && stack[0] == 'C', 7);
		_exit(child_bad);
	}
	data = 2;
	heap[0] = heap[HEAP_PGS * PG - 1] = 'P';
	stack[0] = map[PG] = 'P';
	wake(go[1]);
	await(back[0]); /* the child has written */
	ptest_check(data == 2, "the parent's data is its own after fork");
	ptest_check(heap[0] == 'P' && heap[HEAP_PGS * PG - 1] == 'P' &&
			heap[PG] == 'h',
		    "the parent's heap is its own");
	ptest_check(stack[0] == 'P', "the parent's stack is its own");
	ptest_check(map[PG] == 'P' && map[0] == 'm',
		    "the parent's MAP_PRIVATE mapping is its own");
	wake(go[1]);
	int st = reap(pid);
	ptest_check(st == 0, "the child saw only its own writes");
	if (st != 0) {
		printf("cowtest: the child's status 0x%x\n", st);
	}
	free(heap);
	munmap(map, 3 * PG);
	close(go[0]), close(go[1]), close(back[0]), close(back[1]);
}

/* A read-only page: the child reads it as the parent does, and a write
 * to it ends the child by SIGSEGV. */
static void
read_only(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (strcmp(rodata, "read-only") != 0) {
			_exit(1);
		}
		*(volatile char *)rodata = 'x';
		_exit(2);
	}
	int st = reap(pid);
	ptest_check(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
		    "a write to a read-only page ends the child by SIGSEGV");
	ptest_check(strcmp(rodata, "read-only") == 0,
		    "and the page is as it was");
}

/* Child and grandchild: each level has its own copy, and the parent's
 * stays. */
static void
grandchild(void)
{
	static char page[PG] __attribute__((aligned(PG)));

	page[0] = 'P';
	pid_t pid = fork();
	if (pid == 0) {
		page[0] = 'C';
		pid_t g = fork();
		if (g == 0) {
			int ok = page[0] == 'C';
			page[0] = 'G';
			_exit(ok && page[0] == 'G' ? 0 : 1);
		}
		int st = reap(g);
		_exit(st == 0 && page[0] == 'C' ? 0 : 1);
	}
	ptest_check(reap(pid) == 0,
		    "a grandchild sees its parent's page, each writes its own");
	ptest_check(page[0] == 'P', "and the first parent's stays");
}

/* fork after mprotect: the read-only pages become the child's own when
 * it makes them writable, and the parent's stay. */
static void
after_mprotect(void)
{
	char *m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED) {
		ptest_check(0, "mmap");
		return;
	}
	memset(m, 'A', 2 * PG);
	ptest_check(mprotect(m, 2 * PG, PROT_READ) == 0, "mprotect read-only");
	pid_t pid = fork();
	if (pid == 0) {
		if (mprotect(m, 2 * PG, PROT_READ | PROT_WRITE) != 0) {
			_exit(1);
		}
		m[0] = m[PG] = 'B'; /* SIGSEGV, were they not writable */
		_exit(0);
	}
	ptest_check(reap(pid) == 0,
		    "the child makes them writable and writes them");
	ptest_check(m[0] == 'A' && m[PG] == 'A',
		    "the parent's are as they were");
	ptest_check(mprotect(m, 2 * PG, PROT_READ | PROT_WRITE) == 0,
		    "mprotect writable again");
	m[0] = 'C';
	ptest_check(m[0] == 'C' && m[PG] == 'A', "and the parent writes");
	munmap(m, 2 * PG);
}

/* The server's own writes: read() into a buffer both share, clone's
 * CHILD_SETTID, wait4's status. */
static void
server_writes(void)
{
	static char buf[2 * PG] __attribute__((aligned(PG)));
	static int tid;
	static int status[2] = {7, 7};
	int fds[2], go[2];

	memset(buf, '.', sizeof(buf));
	tid = 0;
	if (pipe(fds) || pipe(go)) {
		ptest_check(0, "pipe");
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		/* read() across the page boundary of the shared buffer. */
		char *at = buf + PG - 2;
		int ok =
		    read(fds[0], at, 5) == 5 && memcmp(at, "child", 5) == 0;
		wake(go[1]);
		_exit(ok ? 0 : 1);
	}
	if (write(fds[1], "child", 5) != 5) {
		ptest_check(0, "write");
	}
	await(go[0]);
	ptest_check(reap(pid) == 0, "read() into a shared buffer: the child's");
	ptest_check(memcmp(buf + PG - 2, "..", 2) == 0 && buf[PG] == '.',
		    "the parent's buffer is as it was");

	/* clone(CLONE_CHILD_SETTID) writes the tid in the child's page. */
	pid = (pid_t)syscall(SYS_clone, LX_CLONE_CHILD_SETTID | SIGCHLD, 0,
			     NULL, &tid, 0);
	if (pid == 0) {
		_exit(tid == getpid() ? 0 : 1);
	}
	ptest_check(pid > 0 && reap(pid) == 0,
		    "CLONE_CHILD_SETTID: the child's tid in its own page");
	ptest_check(tid == 0, "and not in the parent's");

	/* wait4's status into a page a waiting child shares. */
	pid_t holder = fork();
	if (holder == 0) {
		await(go[0]);
		_exit(status[0] == 7 ? 0 : 1);
	}
	pid = fork();
	if (pid == 0) {
		_exit(5);
	}
	ptest_check(waitpid(pid, &status[0], 0) == pid &&
			WEXITSTATUS(status[0]) == 5,
		    "wait4 writes the status in the parent's page");
	wake(go[1]);
	ptest_check(reap(holder) == 0, "and not in its other child's");
	close(fds[0]), close(fds[1]), close(go[0]), close(go[1]);
}

/* 1,000 forks, each child writing pages its parent has, then ending: the
 * pages come back, and a child then writes 2 MiB of new heap. */
static void
many_forks(void)
{
	char *heap = malloc(8 * PG);
	int bad = 0;

	if (heap == NULL) {
		ptest_check(0, "malloc");
		return;
	}
	memset(heap, 1, 8 * PG);
	for (int i = 0; i < 1000 && bad == 0; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			for (int k = 0; k < 8; k++) {
				heap[k * PG] = 2;
			}
			_exit(0);
		}
		if (pid < 0 || reap(pid) != 0) {
			bad = i + 1;
		}
		heap[(i % 8) * PG] = 1;
	}
	ptest_check(bad == 0, "1,000 forks, each child writing 8 pages");
	if (bad != 0) {
		printf("cowtest: fork %d failed\n", bad);
	}
	int ok = 1;
	for (int k = 0; k < 8; k++) {
		ok = ok && heap[k * PG] == 1;
	}
	ptest_check(ok, "the parent's pages are its own through them all");
	pid_t pid = fork();
	if (pid == 0) {
		size_t n = 2 << 20;
		char *big = malloc(n);
		if (big == NULL) {
			_exit(1);
		}
		memset(big, 3, n);
		_exit(big[n - 1] == 3 ? 0 : 2);
	}
	ptest_check(reap(pid) == 0, "then a child writes 2 MiB of new heap");
	free(heap);
}

/*
 * Children that each write all of the parent's 3 MiB until memory runs
 * out; each tells the parent it has, through a pipe of its own, and
 * waits for the parent's SIGTERM.  One that finds no page ends by
 * SIGSEGV before it says so.
 */
#define OOM_CHILDREN 12
#define OOM_BYTES    (3u << 20)

static void
oom(void)
{
	char *big = malloc(OOM_BYTES);
	int silent = 0, well = 0, segv = 0, refused = 0;
	pid_t pids[OOM_CHILDREN] = {0};

	if (big == NULL) {
		ptest_check(0, "setup");
		return;
	}
	memset(big, 1, OOM_BYTES);
	for (int i = 0; i < OOM_CHILDREN; i++) {
		int said[2];
		if (pipe(said) != 0) {
			ptest_check(0, "pipe");
			break;
		}
		pids[i] = fork();
		if (pids[i] == 0) {
			close(said[0]);
			for (size_t k = 0; k < OOM_BYTES; k += PG) {
				big[k] = 2;
			}
			wake(said[1]);
			pause(); /* until the parent ends it */
			_exit(1);
		}
		close(said[1]);
		char c;
		if (pids[i] < 0) {
			refused++;
		} else if (read(said[0], &c, 1) != 1) {
			silent++; /* it ended before it said so */
		}
		close(said[0]);
	}
	for (int i = 0; i < OOM_CHILDREN; i++) {
		if (pids[i] <= 0) {
			continue;
		}
		kill(pids[i], SIGTERM);
		int st = reap(pids[i]);
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM) {
			well++;
		} else if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV) {
			segv++;
		} else {
			printf("cowtest: child %d's status 0x%x\n", i, st);
		}
	}
	printf("cowtest: %d children wrote 3 MiB, %d found no memory, "
	       "%d forks refused\n",
	       well, segv, refused);
	ptest_check(well + segv + refused == OOM_CHILDREN && segv == silent,
		    "each child ended well or by SIGSEGV for want of memory");
	ptest_check(big[0] == 1 && big[OOM_BYTES - 1] == 1,
		    "the parent's pages are its own");
	pid_t pid = fork();
	if (pid == 0) {
		for (size_t k = 0; k < OOM_BYTES; k += PG) {
			big[k] = 3;
		}
		_exit(0);
	}
	ptest_check(reap(pid) == 0, "memory came back: a child writes 3 MiB");
	free(big);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "oom") == 0) {
		oom();
		return ptest_done("cowtest oom");
	}
	private_writes();
	read_only();
	grandchild();
	after_mprotect();
	server_writes();
	many_forks();
	return ptest_done("cowtest");
}
