/*
 * filetest: the file calls, on the disk (Linux's "/" is its root): open,
 * read and write in every form, seeking, status, directories, links,
 * the working directory, descriptors, the devices, and each refusal Linux
 * gives.  Works in /ftest, which it makes and leaves with keep.txt in it.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptest.h"

static void
read_write(void)
{
	int fd = open("/ftest/a.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
	ptest_check(fd >= 3, "open O_CREAT a new file");
	ptest_check(write(fd, "hello, world\n", 13) == 13, "write 13 bytes");
	ptest_check(lseek(fd, 0, SEEK_CUR) == 13, "lseek SEEK_CUR is 13");
	ptest_check(lseek(fd, 7, SEEK_SET) == 7, "lseek SEEK_SET 7");
	char b[32] = {0};
	ptest_check(read(fd, b, 5) == 5 && memcmp(b, "world", 5) == 0,
		    "read 5 from 7: world");
	ptest_check(pread(fd, b, 5, 0) == 5 && memcmp(b, "hello", 5) == 0,
		    "pread at 0: hello");
	ptest_check(lseek(fd, 0, SEEK_CUR) == 12, "pread leaves the offset");
	ptest_check(pwrite(fd, "J", 1, 0) == 1, "pwrite at 0");
	struct iovec v[2] = {{"ab", 2}, {"cd", 2}};
	ptest_check(lseek(fd, 0, SEEK_END) == 13, "lseek SEEK_END is 13");
	ptest_check(writev(fd, v, 2) == 4, "writev 2 + 2");
	char x[3] = {0}, y[20] = {0};
	struct iovec r[2] = {{x, 2}, {y, sizeof(y)}};
	lseek(fd, 0, SEEK_SET);
	ptest_check(readv(fd, r, 2) == 17 && memcmp(x, "Je", 2) == 0 &&
			memcmp(y, "llo, world\nabcd", 15) == 0,
		    "readv reads it all back");
	ptest_check(read(fd, b, sizeof(b)) == 0, "read at the end: 0");
	struct stat st;
	ptest_check(fstat(fd, &st) == 0 && st.st_size == 17 &&
			S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0644,
		    "fstat: 17 bytes, a regular file, mode 0644");
	ptest_check(ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0 &&
			st.st_size == 5,
		    "ftruncate to 5");
	ptest_check(fsync(fd) == 0, "fsync");
	ptest_check(close(fd) == 0, "close");
	fd = open("/ftest/a.txt", O_WRONLY | O_APPEND);
	ptest_check(write(fd, "+", 1) == 1 && lseek(fd, 0, SEEK_CUR) == 6,
		    "O_APPEND writes at the end");
	close(fd);
	ptest_check(stat("/ftest/a.txt", &st) == 0 && st.st_size == 6,
		    "stat by path: 6 bytes");
}

static void
directories(void)
{
	ptest_check(mkdir("/ftest/d", 0755) == 0, "mkdir");
	ptest_check(chdir("/ftest/d") == 0, "chdir");
	char cwd[64];
	ptest_check(getcwd(cwd, sizeof(cwd)) != NULL &&
			strcmp(cwd, "/ftest/d") == 0,
		    "getcwd is /ftest/d");
	int fd = open("rel.txt", O_CREAT | O_WRONLY, 0600);
	ptest_check(fd >= 0 && close(fd) == 0, "create by a relative path");
	ptest_check(access("../d/rel.txt", F_OK) == 0, "access by ../");
	ptest_check(chdir("..") == 0 && getcwd(cwd, sizeof(cwd)) != NULL &&
			strcmp(cwd, "/ftest") == 0,
		    "chdir .. is /ftest");
	int dfd = open("d", O_RDONLY | O_DIRECTORY);
	ptest_check(dfd >= 0, "open a directory");
	ptest_check(faccessat(dfd, "rel.txt", R_OK, 0) == 0,
		    "faccessat from a directory fd");
	ptest_check(fchdir(dfd) == 0 && getcwd(cwd, sizeof(cwd)) != NULL &&
			strcmp(cwd, "/ftest/d") == 0,
		    "fchdir");
	close(dfd);
	chdir("/");
	DIR *d = opendir("/ftest");
	int seen = 0;
	struct dirent *e;
	while (d != NULL && (e = readdir(d)) != NULL) {
		seen |= strcmp(e->d_name, "a.txt") == 0 ? 1 : 0;
		seen |=
		    strcmp(e->d_name, "d") == 0 && e->d_type == DT_DIR ? 2 : 0;
	}
	ptest_check(d != NULL && seen == 3, "readdir sees a.txt and d/");
	if (d != NULL) {
		closedir(d);
	}
	ptest_check(unlink("/ftest/d/rel.txt") == 0, "unlink");
	ptest_check(rmdir("/ftest/d") == 0, "rmdir");
}

/* A file unlinked or renamed over while open stays, nameless, until its
 * last descriptor closes (a fork's too). */
static void
unlinked_open(void)
{
	struct stat st;
	char b[8] = {0};
	int fd = open("/ftest/tmp", O_CREAT | O_RDWR | O_TRUNC, 0600);
	ptest_check(fd >= 0 && unlink("/ftest/tmp") == 0 &&
			access("/ftest/tmp", F_OK) != 0,
		    "unlink an open file: the name goes");
	ptest_check(write(fd, "kept", 4) == 4 && pread(fd, b, 8, 0) == 4 &&
			memcmp(b, "kept", 4) == 0,
		    "the unlinked file is written and read");
	ptest_check(fstat(fd, &st) == 0 && st.st_nlink == 0 && st.st_size == 4,
		    "fstat of the unlinked file: no links, 4 bytes");
	pid_t pid = fork();
	if (pid == 0) {
		_exit(pwrite(fd, "K", 1, 0) == 1 ? 0 : 1);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	ptest_check(close(fd) == 0 && status == 0,
		    "a child writes it, then both close");
	int old = open("/ftest/tmp", O_CREAT | O_WRONLY | O_TRUNC, 0600);
	int nfd = open("/ftest/tmp2", O_CREAT | O_WRONLY | O_TRUNC, 0600);
	write(old, "old", 3);
	write(nfd, "new", 3);
	close(nfd);
	fd = open("/ftest/tmp", O_RDONLY);
	ptest_check(rename("/ftest/tmp2", "/ftest/tmp") == 0 &&
			pread(fd, b, 8, 0) == 3 && memcmp(b, "old", 3) == 0,
		    "renamed over while open: the old file is still read");
	close(fd);
	close(old);
	fd = open("/ftest/tmp", O_RDONLY);
	ptest_check(read(fd, b, 8) == 3 && memcmp(b, "new", 3) == 0,
		    "the new one has the name");
	close(fd);
	unlink("/ftest/tmp");
}

/* FIFOs: mkfifo, the opens that wait for the other side and those that
 * do not, bytes through, the end of file. */
static void
fifos(void)
{
	const char *f = "/ftest/fifo";
	struct stat st;
	char b[8] = {0};
	int status = -1;

	ptest_check(mkfifo(f, 0600) == 0 && stat(f, &st) == 0 &&
			S_ISFIFO(st.st_mode) && (st.st_mode & 0777) == 0600,
		    "mkfifo: stat says a FIFO");
	ptest_refused(mkfifo(f, 0600), EEXIST, "mkfifo again: EEXIST");
	ptest_refused(open(f, O_WRONLY | O_NONBLOCK), ENXIO,
		      "open to write, non-blocking, no reader: ENXIO");
	int r = open(f, O_RDONLY | O_NONBLOCK);
	int w = open(f, O_WRONLY | O_NONBLOCK);
	ptest_check(r >= 0 && w >= 0 && write(w, "abc", 3) == 3 &&
			read(r, b, sizeof(b)) == 3 && memcmp(b, "abc", 3) == 0,
		    "non-blocking ends: bytes through");
	close(w);
	ptest_check(read(r, b, sizeof(b)) == 0, "no writer left: end of file");
	close(r);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(100000);
		int c = open(f, O_WRONLY);
		_exit(c >= 0 && write(c, "hello", 5) == 5 ? 0 : 1);
	}
	r = open(f, O_RDONLY);
	ptest_check(r >= 0 && read(r, b, sizeof(b)) == 5 &&
			memcmp(b, "hello", 5) == 0,
		    "open to read waits for a writer, then reads");
	ptest_check(waitpid(pid, &status, 0) == pid && status == 0 &&
			read(r, b, sizeof(b)) == 0,
		    "the writer ends: end of file");
	close(r);
	pid = fork();
	if (pid == 0) {
		int c = open(f, O_RDONLY);
		_exit(c >= 0 && read(c, b, sizeof(b)) == 1 && b[0] == 'x' ? 0
									  : 1);
	}
	usleep(100000);
	w = open(f, O_WRONLY);
	ptest_check(w >= 0 && write(w, "x", 1) == 1 && close(w) == 0 &&
			waitpid(pid, &status, 0) == pid && status == 0,
		    "a reader waiting in open: the writer's open goes on");
	int rw = open(f, O_RDWR);
	ptest_check(rw >= 0 && write(rw, "yz", 2) == 2 &&
			read(rw, b, sizeof(b)) == 2 && memcmp(b, "yz", 2) == 0,
		    "O_RDWR does not wait: both ends in one");
	close(rw);
	ptest_check(unlink(f) == 0, "unlink the FIFO");
}

/* mknod: device nodes (their numbers), refusals. */
static void
nodes(void)
{
	struct stat st;
	char b[4];

	ptest_check(mknod("/ftest/null", S_IFCHR | 0666, makedev(1, 3)) == 0 &&
			stat("/ftest/null", &st) == 0 && S_ISCHR(st.st_mode) &&
			major(st.st_rdev) == 1 && minor(st.st_rdev) == 3,
		    "mknod a character device 1,3: stat gives its numbers");
	int fd = open("/ftest/null", O_RDWR);
	ptest_check(fd >= 0 && write(fd, "gone", 4) == 4 &&
			read(fd, b, sizeof(b)) == 0,
		    "it opens as /dev/null");
	close(fd);
	ptest_check(mknod("/ftest/big", S_IFBLK | 0600, makedev(300, 70000)) ==
			    0 &&
			lstat("/ftest/big", &st) == 0 && S_ISBLK(st.st_mode) &&
			major(st.st_rdev) == 300 && minor(st.st_rdev) == 70000,
		    "a block device 300,70000: its numbers kept");
	ptest_check(mknod("/ftest/none", S_IFCHR | 0600, makedev(42, 42)) == 0,
		    "mknod a device nobody drives");
	ptest_refused(open("/ftest/none", O_RDONLY), ENXIO, "open it: ENXIO");
	ptest_refused(mknod("/ftest/d", S_IFDIR | 0700, 0), EPERM,
		      "mknod of a directory: EPERM");
	ptest_refused(mknod("/ftest/x", 0170000 | 0600, 0), EINVAL,
		      "mknod of no type Linux has: EINVAL");
	ptest_check(mknod("/ftest/r", 0600, 0) == 0 &&
			stat("/ftest/r", &st) == 0 && S_ISREG(st.st_mode),
		    "mknod with no type: a regular file");
	unlink("/ftest/null");
	unlink("/ftest/big");
	unlink("/ftest/none");
	unlink("/ftest/r");
}

/* In a chroot: its root is "/", ".." stops there, the paths above it
 * are gone; in a child, as the parent's root stays. */
static int
jailed(void)
{
	struct stat root, up;
	char b[16] = {0}, cwd[64];

	if (chroot("/ftest/jail") != 0 || chdir("/") != 0) {
		return 1;
	}
	int fd = open("/etc/f", O_RDONLY);
	if (fd < 0 || read(fd, b, sizeof(b)) != 7 ||
	    memcmp(b, "in jail", 7) != 0) {
		return 2;
	}
	if (stat("/", &root) != 0 || stat("/../..", &up) != 0 ||
	    root.st_ino != up.st_ino) {
		return 3;
	}
	if (access("/ftest", F_OK) == 0 || getcwd(cwd, sizeof(cwd)) == NULL ||
	    strcmp(cwd, "/") != 0) {
		return 4;
	}
	if (chdir("etc") != 0 || getcwd(cwd, sizeof(cwd)) == NULL ||
	    strcmp(cwd, "/etc") != 0 || access("../etc/f", R_OK) != 0) {
		return 5;
	}
	if (setuid(1000) != 0 || chroot("/") != -1 || errno != EPERM) {
		return 6;
	}
	return 0;
}

static void
chroots(void)
{
	int status = -1;

	mkdir("/ftest/jail", 0755);
	mkdir("/ftest/jail/etc", 0755);
	int fd = open("/ftest/jail/etc/f", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	write(fd, "in jail", 7);
	close(fd);
	pid_t pid = fork();
	if (pid == 0) {
		_exit(jailed());
	}
	waitpid(pid, &status, 0);
	ptest_check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		    "chroot: its root is /, .. stops there, cwd within");
	ptest_check(access("/ftest/jail/etc/f", F_OK) == 0,
		    "the parent's root is as it was");
	ptest_refused(chroot("/ftest/jail/etc/f"), ENOTDIR,
		      "chroot to a file: ENOTDIR");
	ptest_refused(chroot("/ftest/none"), ENOENT,
		      "chroot to nothing: ENOENT");
	unlink("/ftest/jail/etc/f");
	rmdir("/ftest/jail/etc");
	rmdir("/ftest/jail");
}

static void
links(void)
{
	struct stat st;
	ptest_check(rename("/ftest/a.txt", "/ftest/b.txt") == 0, "rename");
	ptest_check(link("/ftest/b.txt", "/ftest/c.txt") == 0 &&
			stat("/ftest/c.txt", &st) == 0 && st.st_nlink == 2,
		    "link: two names");
	ptest_check(symlink("b.txt", "/ftest/s") == 0, "symlink");
	char t[16] = {0};
	ptest_check(readlink("/ftest/s", t, sizeof(t)) == 5 &&
			memcmp(t, "b.txt", 5) == 0,
		    "readlink");
	ptest_check(lstat("/ftest/s", &st) == 0 && S_ISLNK(st.st_mode),
		    "lstat sees the link");
	ptest_check(stat("/ftest/s", &st) == 0 && S_ISREG(st.st_mode) &&
			st.st_size == 6,
		    "stat follows it");
	unlink("/ftest/s");
	unlink("/ftest/c.txt");
	unlink("/ftest/b.txt");
	unlinked_open();
	fifos();
	nodes();
	chroots();
	int fd = open("/ftest/keep.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	ptest_check(write(fd, "filetest was here\n", 18) == 18 &&
			close(fd) == 0,
		    "keep.txt written");
}

static void
attributes(void)
{
	const char *f = "/ftest/keep.txt";
	struct stat st;
	int fd = open(f, O_RDONLY);
	ptest_check(chmod(f, 0600) == 0 && stat(f, &st) == 0 &&
			(st.st_mode & 07777) == 0600,
		    "chmod 0600");
	ptest_check(fchmod(fd, 0644) == 0 && fstat(fd, &st) == 0 &&
			(st.st_mode & 07777) == 0644,
		    "fchmod 0644");
	ptest_check(chown(f, 1000, 2000) == 0 && stat(f, &st) == 0 &&
			st.st_uid == 1000 && st.st_gid == 2000,
		    "chown 1000:2000");
	ptest_check(fchown(fd, (uid_t)-1, 0) == 0 && fstat(fd, &st) == 0 &&
			st.st_uid == 1000 && st.st_gid == 0,
		    "fchown: the uid kept, the gid 0");
	struct timespec t[2] = {{100, 0}, {200, 0}};
	ptest_check(utimensat(AT_FDCWD, f, t, 0) == 0 && stat(f, &st) == 0 &&
			st.st_atime == 100 && st.st_mtime == 200,
		    "utimensat: atime 100, mtime 200");
	t[1].tv_nsec = UTIME_OMIT;
	t[0].tv_sec = 300;
	ptest_check(futimens(fd, t) == 0 && fstat(fd, &st) == 0 &&
			st.st_atime == 300 && st.st_mtime == 200,
		    "futimens: UTIME_OMIT keeps mtime");
	close(fd);
	ptest_refused(chmod("/ftest/none", 0600), ENOENT, "chmod: ENOENT");
	t[0].tv_nsec = 2000000000;
	ptest_refused(utimensat(AT_FDCWD, f, t, 0), EINVAL,
		      "utimensat: tv_nsec 2e9: EINVAL");
	ptest_refused(fchmod(40, 0600), EBADF, "fchmod fd 40: EBADF");
}

static void
descriptors(void)
{
	int fd = open("/dev/null", O_WRONLY);
	ptest_check(write(fd, "x", 1) == 1, "/dev/null takes writes");
	int two = dup(fd);
	ptest_check(two == fd + 1, "dup: the lowest free descriptor");
	ptest_check(dup2(fd, 20) == 20, "dup2 to 20");
	ptest_check(fcntl(20, F_GETFD) == 0, "dup2 clears FD_CLOEXEC");
	ptest_check(dup3(fd, 21, O_CLOEXEC) == 21 &&
			fcntl(21, F_GETFD) == FD_CLOEXEC,
		    "dup3 O_CLOEXEC");
	ptest_check(fcntl(fd, F_DUPFD, 30) == 30, "F_DUPFD from 30");
	ptest_check((fcntl(fd, F_GETFL) & O_ACCMODE) == O_WRONLY,
		    "F_GETFL: write only");
	close(two);
	close(20);
	close(21);
	close(30);
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	char z[8] = {1, 1, 1, 1, 1, 1, 1, 1};
	ptest_check(read(fd, z, 8) == 8 && z[0] == 0 && z[7] == 0,
		    "/dev/zero reads zeros");
	close(fd);
	struct rlimit rl;
	ptest_check(getrlimit(RLIMIT_NOFILE, &rl) == 0, "getrlimit NOFILE");
	int last = -1;
	while ((fd = open("/dev/null", O_RDONLY)) >= 0) {
		last = fd;
	}
	ptest_refused(fd, EMFILE, "open past RLIMIT_NOFILE: EMFILE");
	ptest_check(last == (int)rl.rlim_cur - 1,
		    "every descriptor below the limit was given");
	for (int i = 3; i <= last; i++) {
		close(i);
	}
}

static void
refusals(void)
{
	char b[8];
	struct stat st;
	ptest_refused(open("/ftest/none", O_RDONLY), ENOENT, "open: ENOENT");
	ptest_refused(
	    open("/ftest/keep.txt", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST,
	    "O_EXCL on a file: EEXIST");
	ptest_refused(open("/ftest/keep.txt/x", O_RDONLY), ENOTDIR,
		      "a file as a directory: ENOTDIR");
	ptest_refused(read(40, b, 1), EBADF, "read fd 40: EBADF");
	ptest_refused(close(40), EBADF, "close fd 40: EBADF");
	ptest_refused(open((char *)8, O_RDONLY), EFAULT, "a bad path: EFAULT");
	char *big = malloc(5000);
	memset(big, 'a', 4999);
	big[4999] = '\0';
	ptest_refused(open(big, O_RDONLY), ENAMETOOLONG,
		      "a 4999-byte path: ENAMETOOLONG");
	free(big);
	int fd = open("/ftest/keep.txt", O_RDONLY);
	ptest_refused(lseek(fd, 0, 7), EINVAL, "lseek whence 7: EINVAL");
	ptest_refused(lseek(fd, -5, SEEK_SET), EINVAL,
		      "lseek before 0: EINVAL");
	ptest_refused(write(fd, "x", 1), EBADF, "write to O_RDONLY: EBADF");
	ptest_refused(read(fd, (void *)8, 4), EFAULT,
		      "read into a bad pointer: EFAULT");
	/* musl's fstat converts in place, so the call itself. */
	ptest_refused(syscall(SYS_fstat, fd, 8), EFAULT,
		      "fstat into a bad pointer: EFAULT");
	close(fd);
	fd = open("/ftest", O_RDONLY);
	ptest_refused(read(fd, b, 1), EISDIR, "read a directory: EISDIR");
	close(fd);
	ptest_refused(lseek(1, 0, SEEK_SET), ESPIPE, "lseek the console");
	ptest_refused(syscall(SYS_getcwd, b, 1), ERANGE,
		      "getcwd into 1 byte: ERANGE");
	ptest_refused(chdir("/ftest/keep.txt"), ENOTDIR,
		      "chdir to a file: ENOTDIR");
	ptest_refused(rmdir("/ftest"), ENOTEMPTY, "rmdir a full one");
	ptest_refused(stat("", &st), ENOENT, "stat of an empty path");
}

int
main(void)
{
	umask(022);
	ptest_check(mkdir("/ftest", 0777) == 0, "mkdir /ftest");
	read_write();
	directories();
	links();
	attributes();
	descriptors();
	refusals();
	return ptest_done("filetest");
}
