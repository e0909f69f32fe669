/*
 * fstest: every file call of the libc on /disk, through the fs service
 * (docs/storage.md, "The fs service"), and each error it must give.
 * TAP-like: "ok N name" or "not ok N name: why", then "N passed, N
 * failed"; the status is the failures.  It leaves /fstest/keep.txt,
 * /fstest/big.bin (FSTEST_BIG bytes of fstest_byte) and
 * /fstest/attr.txt (test_attrs) on the disk for the host to read back
 * with debugfs (tests/system/fstests.py).  `fstest restart` kills the
 * fs service under an open file instead (boot.conf's `allow fstest
 * control`) and goes on using it.
 */
#include <cairn/manifest.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "procrt.h"

CAIRN_MANIFEST("name fstest\n"
	       "description the file calls on /disk, every error too\n"
	       "quota 512K\n"
	       "receive\n"
	       "needs serial\n"
	       "needs fs\n");

#define D	   "/disk/fstest"
#define FSTEST_BIG (300u << 10) /* past 1 KiB blocks' single indirect */
#define KEEP	   "fstest was here\n"

static int passed, failed, n;
static char buf[16384];

static void
check(int ok, const char *name, const char *why)
{
	n++;
	if (ok) {
		passed++;
		printf("ok %d %s\n", n, name);
	} else {
		failed++;
		printf("not ok %d %s: %s (errno %d %s)\n", n, name, why, errno,
		       strerror(errno));
	}
}

/* Does call r fail with errno e? */
static void
fails(long r, int e, const char *name)
{
	check(r == -1 && errno == e, name, "wrong result or errno");
}

static unsigned char
fstest_byte(size_t i)
{
	return (unsigned char)(i * 31 + (i >> 10));
}

/* Write the whole of s to path (flags), 0 or -1. */
static int
put(const char *path, int flags, const char *s)
{
	int fd = open(path, flags, 0644);
	size_t k = strlen(s);

	if (fd < 0) {
		return -1;
	}
	int r = write(fd, s, k) == (ssize_t)k ? 0 : -1;
	return close(fd) == 0 ? r : -1;
}

/* Is path's content exactly s? */
static int
holds(const char *path, const char *s)
{
	int fd = open(path, O_RDONLY);
	ssize_t r = fd >= 0 ? read(fd, buf, sizeof(buf)) : -1;

	if (fd >= 0) {
		close(fd);
	}
	return r == (ssize_t)strlen(s) && memcmp(buf, s, (size_t)r) == 0;
}

/* After ftruncate to 5000: bytes 3..4999 read as zeros. */
static int
pread_zero(int fd)
{
	if (lseek(fd, 3, SEEK_SET) != 3 || read(fd, buf, 4997) != 4997) {
		return 0;
	}
	for (int i = 0; i < 4997; i++) {
		if (buf[i] != 0) {
			return 0;
		}
	}
	return 1;
}

static void
test_files(void)
{
	struct stat st;

	check(mkdir(D, 0755) == 0 || errno == EEXIST, "mkdir " D, "mkdir");
	check(put(D "/a.txt", O_WRONLY | O_CREAT | O_TRUNC, "alpha\n") == 0,
	      "create and write", "write");
	check(holds(D "/a.txt", "alpha\n"), "read back", "content");
	check(put(D "/a.txt", O_WRONLY | O_APPEND, "beta\n") == 0, "append",
	      "write");
	check(holds(D "/a.txt", "alpha\nbeta\n"), "append read back",
	      "content");
	check(stat(D "/a.txt", &st) == 0 && S_ISREG(st.st_mode) &&
		  st.st_size == 11 && st.st_nlink == 1,
	      "stat", "fields");
	int fd = open(D "/a.txt", O_RDWR);
	check(fd >= 0 && lseek(fd, 6, SEEK_SET) == 6 &&
		  write(fd, "BETA", 4) == 4 && lseek(fd, 0, SEEK_END) == 11,
	      "lseek and overwrite", "lseek");
	check(ftruncate(fd, 3) == 0 && fstat(fd, &st) == 0 && st.st_size == 3,
	      "ftruncate shrinks", "size");
	check(ftruncate(fd, 5000) == 0 && pread_zero(fd), "ftruncate grows",
	      "hole");
	check(fsync(fd) == 0 && close(fd) == 0, "fsync and close", "fsync");
	check(put(D "/a.txt", O_WRONLY | O_TRUNC, "gamma\n") == 0 &&
		  holds(D "/a.txt", "gamma\n"),
	      "O_TRUNC", "content");
}

static void
test_big(void)
{
	int fd = open(D "/big.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	size_t done = 0;
	int ok = fd >= 0;

	while (ok && done < FSTEST_BIG) {
		size_t k = FSTEST_BIG - done < sizeof(buf) ? FSTEST_BIG - done
							   : sizeof(buf);
		for (size_t i = 0; i < k; i++) {
			buf[i] = (char)fstest_byte(done + i);
		}
		ok = write(fd, buf, k) == (ssize_t)k;
		done += k;
	}
	check(ok && fsync(fd) == 0 && close(fd) == 0, "big file written",
	      "write");
	fd = open(D "/big.bin", O_RDONLY);
	done = 0;
	ok = fd >= 0;
	while (ok && done < FSTEST_BIG) {
		ssize_t r = read(fd, buf, sizeof(buf));
		ok = r > 0;
		for (ssize_t i = 0; ok && i < r; i++) {
			ok = (unsigned char)buf[i] == fstest_byte(done + i);
		}
		done += r > 0 ? (size_t)r : 0;
	}
	check(ok && done == FSTEST_BIG && read(fd, buf, 1) == 0,
	      "big file read back", "content");
	close(fd);
}

static void
test_names(void)
{
	struct stat st;
	char t[64] = {0};

	check(rename(D "/a.txt", D "/b.txt") == 0, "rename", "rename");
	fails(stat(D "/a.txt", &st), ENOENT, "old name gone");
	check(holds(D "/b.txt", "gamma\n"), "new name holds it", "content");
	check(link(D "/b.txt", D "/c.txt") == 0 && stat(D "/b.txt", &st) == 0 &&
		  st.st_nlink == 2,
	      "link", "nlink");
	check(unlink(D "/c.txt") == 0 && stat(D "/b.txt", &st) == 0 &&
		  st.st_nlink == 1,
	      "unlink a link", "nlink");
	check(symlink("b.txt", D "/s") == 0, "symlink", "symlink");
	check(readlink(D "/s", t, sizeof(t)) == 5 && memcmp(t, "b.txt", 5) == 0,
	      "readlink", "target");
	check(lstat(D "/s", &st) == 0 && S_ISLNK(st.st_mode), "lstat a link",
	      "mode");
	check(stat(D "/s", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 6,
	      "stat follows it", "mode");
	check(holds(D "/s", "gamma\n"), "open follows it", "content");
	check(unlink(D "/s") == 0, "unlink the link", "unlink");
	check(put(D "/keep.txt", O_WRONLY | O_CREAT | O_TRUNC, KEEP) == 0,
	      "keep.txt for the host", "write");
}

static void
test_dirs(void)
{
	int seen = 0;
	struct dirent *e;

	check(mkdir(D "/d", 0755) == 0, "mkdir", "mkdir");
	check(put(D "/d/one", O_WRONLY | O_CREAT, "1") == 0 &&
		  put(D "/d/two", O_WRONLY | O_CREAT, "2") == 0,
	      "files in it", "create");
	DIR *d = opendir(D "/d");
	while (d != NULL && (e = readdir(d)) != NULL) {
		seen |= strcmp(e->d_name, ".") == 0	? 1
			: strcmp(e->d_name, "..") == 0	? 2
			: strcmp(e->d_name, "one") == 0 ? 4
			: strcmp(e->d_name, "two") == 0 ? 8
							: 16;
	}
	check(d != NULL && seen == 15 && closedir(d) == 0, "readdir", "names");
	fails(rmdir(D "/d"), ENOTEMPTY, "rmdir of a full directory");
	check(unlink(D "/d/one") == 0 && unlink(D "/d/two") == 0 &&
		  rmdir(D "/d") == 0,
	      "emptied and removed", "rmdir");
	check(chdir(D) == 0 && holds("b.txt", "gamma\n") && chdir("/") == 0,
	      "relative paths from chdir", "chdir");
}

static void
test_errors(void)
{
	fails(open(D "/none", O_RDONLY), ENOENT, "ENOENT: open");
	fails(unlink(D "/none"), ENOENT, "ENOENT: unlink");
	fails(mkdir(D, 0755), EEXIST, "EEXIST: mkdir");
	fails(open(D "/b.txt", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST,
	      "EEXIST: O_EXCL");
	fails(open(D, O_WRONLY), EISDIR, "EISDIR: open a directory to write");
	fails(unlink(D), EISDIR, "EISDIR: unlink a directory");
	fails(open(D "/b.txt/x", O_RDONLY), ENOTDIR, "ENOTDIR: a file as dir");
	fails(rmdir(D "/b.txt"), ENOTDIR, "ENOTDIR: rmdir a file");
	fails(open(D "/b.txt", O_RDONLY | O_DIRECTORY), ENOTDIR,
	      "ENOTDIR: O_DIRECTORY");
	fails(read(99, buf, 1), EBADF, "EBADF: read");
	fails(write(-1, buf, 1), EBADF, "EBADF: write");
	fails(close(20), EBADF, "EBADF: close");
	int fd = open(D "/b.txt", O_RDONLY);
	fails(write(fd, "x", 1), EBADF, "EBADF: write to O_RDONLY");
	close(fd);
	fails(open("/bin/fstest", O_WRONLY), EROFS, "EROFS: initramfs write");
	fails(mkdir("/etc/x", 0755), EROFS, "EROFS: initramfs mkdir");
	fails(rename(D "/b.txt", "/etc/b"), EROFS, "EROFS: rename out");
	fd = open("/etc/boot.conf", O_RDONLY);
	check(fd >= 0 && read(fd, buf, 1) == 1 && buf[0] == '#' &&
		  close(fd) == 0,
	      "initramfs read", "content");
}

static void
test_stdio(void)
{
	char line[32];
	struct cairn_fs_statfs sf;
	FILE *f = fopen(D "/lines.txt", "w");

	for (int i = 0; f != NULL && i < 100; i++) {
		fprintf(f, "line %d\n", i);
	}
	check(f != NULL && fclose(f) == 0, "fopen, fprintf, fclose", "fopen");
	f = fopen(D "/lines.txt", "r");
	int k = 0;
	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		char want[32];
		snprintf(want, sizeof(want), "line %d\n", k++);
		if (strcmp(line, want) != 0) {
			break;
		}
	}
	check(f != NULL && k == 100 && feof(f) && !ferror(f), "fgets back",
	      "lines");
	if (f != NULL) {
		fclose(f);
	}
	check(cairn_fs_statfs("/disk", &sf) == 0 && sf.blocks > 0 &&
		  sf.free_blocks < sf.blocks,
	      "statfs", "statfs");
	check(unlink(D "/lines.txt") == 0, "unlink", "unlink");
	sync();
}

/* Is path's mode (type and permission bits) mode? */
static int
mode_is(const char *path, mode_t mode)
{
	struct stat st;

	return stat(path, &st) == 0 && st.st_mode == mode;
}

/*
 * A file's mode, owner and times (the fs service's SETATTR).  It leaves
 * /fstest/attr.txt with mode 0640, owner 1000, group 2000, access time
 * 1000000000 and modification time 1300000000 for the host to check.
 */
static void
test_attrs(void)
{
	struct stat st;
	struct timespec t[2] = {{1000000000, 0}, {1234567890, 0}};

	check(put(D "/attr.txt", O_WRONLY | O_CREAT | O_TRUNC, "attr\n") == 0 &&
		  chmod(D "/attr.txt", 0600) == 0 &&
		  mode_is(D "/attr.txt", S_IFREG | 0600),
	      "chmod then stat shows it", "mode");
	check(chmod(D, 0700) == 0 && mode_is(D, S_IFDIR | 0700) &&
		  chmod(D, 0755) == 0 && mode_is(D, S_IFDIR | 0755),
	      "chmod a directory", "mode");
	int fd = open(D "/attr.txt", O_RDWR);
	check(fd >= 0 && fchmod(fd, 0640) == 0 && fstat(fd, &st) == 0 &&
		  st.st_mode == (S_IFREG | 0640),
	      "fchmod", "mode");
	check(chown(D "/attr.txt", 1000, 1000) == 0 &&
		  stat(D "/attr.txt", &st) == 0 && st.st_uid == 1000 &&
		  st.st_gid == 1000,
	      "chown", "owner");
	check(fchown(fd, (uid_t)-1, 2000) == 0 && fstat(fd, &st) == 0 &&
		  st.st_uid == 1000 && st.st_gid == 2000,
	      "fchown, the owner left as it was", "owner");
	check(utimensat(AT_FDCWD, D "/attr.txt", t, 0) == 0 &&
		  stat(D "/attr.txt", &st) == 0 && st.st_atime == 1000000000 &&
		  st.st_mtime == 1234567890,
	      "utimensat sets the times", "times");
	/* Now is the time the service stamps a write with. */
	time_t w =
	    write(fd, "x", 1) == 1 && fstat(fd, &st) == 0 ? st.st_mtime : -1;
	check(w >= 0 && futimens(fd, NULL) == 0 && fstat(fd, &st) == 0 &&
		  st.st_mtime >= w && st.st_atime >= w,
	      "futimens NULL: now, as a write stamps", "times");
	t[1].tv_sec = 1300000000;
	t[0].tv_nsec = UTIME_OMIT;
	check(utimensat(AT_FDCWD, D "/attr.txt", t, 0) == 0 &&
		  futimens(fd, (struct timespec[2]){{0, UTIME_NOW}, {5, 0}}) ==
		      0 &&
		  futimens(fd, t) == 0 && fstat(fd, &st) == 0 &&
		  st.st_mtime == 1300000000 && st.st_atime >= w,
	      "UTIME_OMIT and UTIME_NOW", "times");
	t[0] = (struct timespec){1000000000, 0};
	check(futimens(fd, t) == 0 && close(fd) == 0, "times for the host",
	      "times");
	fails(chmod("/etc/boot.conf", 0600), EROFS, "EROFS: initramfs chmod");
	t[1].tv_nsec = 1000000000;
	fails(utimensat(AT_FDCWD, D "/attr.txt", t, 0), EINVAL,
	      "EINVAL: utimensat nanoseconds");
	sync();
}

/* The pid of the process named fs, or 0. */
static word_t
fs_pid(void)
{
	struct cairn_ps_entry e;
	word_t from = 1;

	while (cairn_init_ps(from, &e) == CAIRN_OK) {
		if (strcmp(e.name, "fs") == 0) {
			return e.pid;
		}
		from = e.pid + 1;
	}
	return 0;
}

/*
 * fstest restart: a file held open while the fs service is killed (init
 * restarts it by its policy): the next calls attach again and re-open
 * the file under the same descriptor, as if nothing happened.
 */
static void
test_restart(void)
{
	word_t outcome = 0, delay = 0;
	char why[CAIRN_INIT_WHY_MAX + 1];
	struct stat st;

	check(mkdir(D, 0755) == 0 || errno == EEXIST, "mkdir " D, "mkdir");
	int fd = open(D "/held.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
	check(fd >= 0 && write(fd, "before\n", 7) == 7 && fsync(fd) == 0,
	      "written and fsynced", "write");
	word_t pid = fs_pid();
	int st_kill =
	    pid != 0 ? cairn_init_kill(pid, &outcome, &delay, why, sizeof(why))
		     : -1;
	check(st_kill == CAIRN_OK && outcome == CAIRN_KILL_RESTARTING,
	      "fs killed, to be restarted", "kill");
	check(write(fd, "after\n", 6) == 6, "write after the restart", "write");
	check(lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, 64) == 13 &&
		  memcmp(buf, "before\nafter\n", 13) == 0,
	      "read back through the same descriptor", "content");
	check(fstat(fd, &st) == 0 && st.st_size == 13 && close(fd) == 0,
	      "fstat and close", "fstat");
	check(fs_pid() == pid && stat(D "/held.txt", &st) == 0,
	      "the same service, a new run", "stat");
	sync();
}

int
main(int argc, char **argv)
{
	struct stat st;

	if (stat("/disk", &st) != 0 && errno == ENODEV) {
		printf("fstest: no disk (/disk: %s)\n", strerror(errno));
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "restart") == 0) {
		test_restart();
	} else {
		test_files();
		test_big();
		test_names();
		test_dirs();
		test_errors();
		test_stdio();
		test_attrs();
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed;
}
