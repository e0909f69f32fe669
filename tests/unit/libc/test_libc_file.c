/*
 * Host unit tests for the libc's file calls (lib/libc/path.c, file.c,
 * dir.c, stdio_file.c, attr.c) over the file systems in memory that
 * hooks.c mounts at "/" (read-only) and "/disk": paths made plain and
 * routed, the descriptor table, errors as errno, stdio's buffering, and
 * the mode, owner and times through setattr.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "libc/include/cairn_libc.h"
#include "libc/include/dirent.h"
#include "libc/include/errno.h"
#include "libc/include/fcntl.h"
#include "libc/include/stdio.h"
#include "libc/include/stdlib.h"
#include "libc/include/string.h"
#include "libc/include/sys/stat.h"
#include "libc/include/unistd.h"
#include "libc/libc_impl.h"
#include "hooks.h"

static int
setup(void **state)
{
	(void)state;
	hook_out_reset();
	hook_heap_reset(0);
	hook_fs_reset();
	chdir("/");
	for (int fd = 3; fd < OPEN_MAX; fd++) {
		close(fd); /* what a test left open */
	}
	return 0;
}

/* Resolve path from dir and compare with want (NULL: expect err). */
static void
resolves(const char *dir, const char *path, const char *want, int err)
{
	char out[64];
	int r = __cairn_path_resolve(dir, path, out, sizeof(out));

	if (want == NULL) {
		assert_int_equal(r, -err);
		return;
	}
	assert_int_equal(r, 0);
	assert_string_equal(out, want);
}

static void
test_resolve(void **state)
{
	(void)state;
	resolves("/", "/disk/a", "/disk/a", 0);
	resolves("/", "disk//a/", "/disk/a", 0);
	resolves("/disk", "a/./b/../c", "/disk/a/c", 0);
	resolves("/disk/x", "..", "/disk", 0);
	resolves("/disk", "../../..", "/", 0);
	resolves("/", ".", "/", 0);
	resolves("/a", "/", "/", 0);
	resolves("/", "", NULL, ENOENT);
	resolves("/",
		 "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		 "aaaaaaaaaaaaaa",
		 NULL, ENAMETOOLONG);
}

static void
routes(const char *abs, const char *dir, const char *rest)
{
	const char *r = NULL;
	const struct libc_mount *m = __cairn_route(abs, &r);

	assert_non_null(m);
	assert_string_equal(m->dir, dir);
	assert_string_equal(r, rest);
}

static void
test_route(void **state)
{
	(void)state;
	routes("/disk", "/disk", "/");
	routes("/disk/a/b", "/disk", "/a/b");
	routes("/diskette", "/", "/diskette");
	routes("/bin/hello", "/", "/bin/hello");
	routes("/", "/", "/");
}

static void
test_open_write_read(void **state)
{
	char buf[32] = {0};

	(void)state;
	int fd = open("/disk/f", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 3);
	assert_int_equal(write(fd, "hello", 5), 5);
	assert_int_equal(write(fd, " world", 6), 6);
	assert_int_equal(lseek(fd, 0, SEEK_CUR), 11);
	assert_int_equal(close(fd), 0);
	fd = open("/disk/f", O_RDONLY);
	assert_int_equal(read(fd, buf, sizeof(buf)), 11);
	assert_string_equal(buf, "hello world");
	assert_int_equal(read(fd, buf, sizeof(buf)), 0);
	assert_int_equal(lseek(fd, -5, SEEK_END), 6);
	assert_int_equal(read(fd, buf, 5), 5);
	assert_memory_equal(buf, "world", 5);
	assert_int_equal(lseek(fd, -1, SEEK_SET), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(write(fd, "x", 1), -1);
	assert_int_equal(errno, EBADF);
	assert_int_equal(close(fd), 0);
	assert_int_equal(close(fd), -1);
	assert_int_equal(errno, EBADF);
}

static void
test_relative(void **state)
{
	char cwd[64];
	struct stat st;

	(void)state;
	assert_int_equal(mkdir("/disk/d", 0755), 0);
	assert_int_equal(chdir("/disk/d"), 0);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_string_equal(cwd, "/disk/d");
	int fd = open("g", O_RDWR | O_CREAT, 0644);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(stat("/disk/d/g", &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(stat("../d", &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(chdir("g"), -1);
	assert_int_equal(errno, ENOTDIR);
	assert_null(getcwd(cwd, 3));
	assert_int_equal(errno, ERANGE);
}

static void
test_errors(void **state)
{
	struct stat st;
	char buf[8];

	(void)state;
	hook_file("@/etc", 1, NULL);
	hook_file("@/etc/motd", 0, "hi");
	assert_int_equal(open("/disk/none", O_RDONLY), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(open("/etc/motd", O_WRONLY), -1);
	assert_int_equal(errno, EROFS);
	assert_int_equal(open("/etc/new", O_RDWR | O_CREAT, 0644), -1);
	assert_int_equal(errno, EROFS);
	assert_int_equal(mkdir("/etc/x", 0755), -1);
	assert_int_equal(errno, EROFS);
	assert_int_equal(unlink("/etc/motd"), -1);
	assert_int_equal(errno, EROFS);
	assert_int_equal(rename("/disk/a", "/etc/a"), -1);
	assert_int_equal(errno, EROFS);
	int fd = open("/etc/motd", O_RDONLY);
	assert_int_equal(read(fd, buf, sizeof(buf)), 2);
	assert_int_equal(write(fd, "x", 1), -1);
	assert_int_equal(errno, EBADF);
	assert_int_equal(ftruncate(fd, 0), -1);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_size, 2);
	close(fd);
	assert_int_equal(read(99, buf, 1), -1);
	assert_int_equal(errno, EBADF);
	assert_int_equal(read(-1, buf, 1), -1);
	assert_int_equal(errno, EBADF);
	assert_int_equal(lseek(0, 0, SEEK_SET), -1);
	assert_int_equal(errno, ESPIPE);
	assert_int_equal(mkdir("/disk/m", 0755), 0);
	assert_int_equal(mkdir("/disk/m", 0755), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(open("/disk/m", O_WRONLY), -1);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(open("/disk/m", O_RDONLY | O_DIRECTORY) >= 0, 1);
	assert_int_equal(open("/disk/m", O_CREAT | O_EXCL | O_RDWR, 0644), -1);
	assert_int_equal(errno, EEXIST);
	assert_string_equal(strerror(ENOTEMPTY), "Directory not empty");
	assert_string_equal(strerror(EROFS), "Read-only file system");
}

static void
test_fd_table(void **state)
{
	int fds[OPEN_MAX] = {0};
	int n = 0;

	(void)state;
	hook_file("/x", 0, "x");
	while (n < OPEN_MAX) {
		int fd = open("/disk/x", O_RDONLY);
		if (fd < 0) {
			break;
		}
		assert_true(fd >= 3 && fd < OPEN_MAX);
		fds[n++] = fd;
	}
	assert_int_equal(n, OPEN_MAX - 3);
	assert_int_equal(errno, EMFILE);
	assert_int_equal(close(fds[4]), 0);
	assert_int_equal(open("/disk/x", O_RDONLY), fds[4]);
	for (int i = 0; i < n; i++) {
		close(fds[i]);
	}
}

static void
test_console(void **state)
{
	(void)state;
	printf("a");
	putchar('b');
	assert_int_equal(write(1, "c\n", 2), 2);
	assert_string_equal(hook_out, "abc\n");
	assert_int_equal(fprintf(stderr, "%d!", 42), 3);
	assert_string_equal(hook_out, "abc\n42!");
}

static void
test_dir(void **state)
{
	DIR *d;
	struct dirent *e;
	int seen = 0;

	(void)state;
	mkdir("/disk/dd", 0755);
	close(open("/disk/dd/one", O_CREAT | O_WRONLY, 0644));
	close(open("/disk/dd/two", O_CREAT | O_WRONLY, 0644));
	mkdir("/disk/dd/sub", 0755);
	d = opendir("/disk/dd");
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		seen |= strcmp(e->d_name, "one") == 0	? 1
			: strcmp(e->d_name, "two") == 0 ? 2
			: strcmp(e->d_name, "sub") == 0 && e->d_type == DT_DIR
			    ? 4
			    : 8;
	}
	assert_int_equal(seen, 7);
	assert_int_equal(closedir(d), 0);
	assert_null(opendir("/disk/dd/one"));
	assert_int_equal(errno, ENOTDIR);
	assert_null(opendir("/disk/none"));
	assert_int_equal(errno, ENOENT);
}

/* stdio: writes gather in the buffer until fflush, a full buffer or
 * fclose; reads come a buffer at a time. */
static void
test_stdio_buffering(void **state)
{
	char line[64];

	(void)state;
	FILE *f = fopen("/disk/s", "w");
	assert_non_null(f);
	for (int i = 0; i < 100; i++) {
		assert_int_equal(fprintf(f, "line %d\n", i), i < 10 ? 7 : 8);
	}
	assert_int_equal(hook_fs_writes, 0);
	assert_int_equal(ftell(f), 790);
	assert_int_equal(fflush(f), 0);
	assert_int_equal(hook_fs_writes, 1);
	assert_int_equal(fputs("end\n", f), 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(hook_fs_writes, 2);

	f = fopen("/disk/s", "r");
	assert_non_null(f);
	assert_string_equal(fgets(line, sizeof(line), f), "line 0\n");
	assert_string_equal(fgets(line, sizeof(line), f), "line 1\n");
	assert_int_equal(hook_fs_reads, 1);
	assert_int_equal(ftell(f), 14);
	assert_int_equal(fseek(f, -4, SEEK_END), 0);
	assert_string_equal(fgets(line, sizeof(line), f), "end\n");
	assert_null(fgets(line, sizeof(line), f));
	assert_true(feof(f));
	assert_false(ferror(f));
	assert_int_equal(fwrite("x", 1, 1, f), 0);
	assert_true(ferror(f));
	assert_int_equal(fclose(f), 0);
}

static void
test_stdio_modes(void **state)
{
	char buf[16] = {0};

	(void)state;
	FILE *f = fopen("/disk/m", "w+");
	assert_non_null(f);
	assert_int_equal(fwrite("abcdef", 1, 6, f), 6);
	assert_int_equal(fseek(f, 2, SEEK_SET), 0);
	assert_int_equal(fread(buf, 1, 2, f), 2);
	assert_string_equal(buf, "cd");
	assert_int_equal(fputc('X', f), 'X'); /* after the read-ahead */
	assert_int_equal(fclose(f), 0);
	f = fopen("/disk/m", "a");
	assert_int_equal(fputs("gh", f), 0);
	assert_int_equal(fclose(f), 0);
	f = fopen("/disk/m", "r");
	assert_int_equal(fread(buf, 1, sizeof(buf), f), 8);
	assert_memory_equal(buf, "abcdXfgh", 8);
	assert_int_equal(fclose(f), 0);
	assert_null(fopen("/disk/m", "q"));
	assert_int_equal(errno, EINVAL);
	assert_null(fopen("/etc/x", "w"));
	assert_int_equal(errno, EROFS);
	assert_null(fopen("/disk/none", "r"));
	assert_int_equal(errno, ENOENT);
}

static void
test_big_transfer(void **state)
{
	static char big[6000], back[6000];

	(void)state;
	for (size_t i = 0; i < sizeof(big); i++) {
		big[i] = (char)(i * 7);
	}
	FILE *f = fopen("/disk/big", "w");
	assert_int_equal(fwrite(big, 1, sizeof(big), f), sizeof(big));
	assert_int_equal(hook_fs_writes, 1); /* straight through */
	assert_int_equal(fclose(f), 0);
	f = fopen("/disk/big", "r");
	assert_int_equal(fread(back, 1, 10, f), 10);
	assert_int_equal(fread(back + 10, 1, sizeof(back) - 10, f),
			 sizeof(back) - 10);
	assert_memory_equal(big, back, sizeof(big));
	assert_int_equal(fclose(f), 0);
	assert_int_equal(truncate("/disk/big", 10), 0);
	struct stat st;
	assert_int_equal(stat("/disk/big", &st), 0);
	assert_int_equal(st.st_size, 10);
	sync();
	assert_int_equal(hook_fs_syncs, 1);
}

/* chmod, fchmod, chown, fchown: through the mount's setattr, by a
 * handle of its own for a path; the refusals. */
static void
test_mode_owner(void **state)
{
	struct stat st;

	(void)state;
	int i = hook_file("/a", 0, "x");
	hook_file("/d", 1, NULL);
	hook_file("@/etc", 1, NULL);
	hook_file("@/etc/motd", 0, "hi");
	hook_files[i].gid = 9;
	assert_int_equal(chmod("/disk/a", S_IFREG | 04754), 0);
	assert_int_equal(hook_setattr_mask, LIBC_SET_MODE);
	assert_int_equal(stat("/disk/a", &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 04754);
	assert_int_equal(chmod("/disk/d", 0700), 0);
	assert_int_equal(stat("/disk/d", &st), 0);
	assert_int_equal(st.st_mode, S_IFDIR | 0700);
	assert_int_equal(chown("/disk/a", 5, (gid_t)-1), 0);
	assert_int_equal(hook_setattr_mask, LIBC_SET_UID);
	assert_int_equal(stat("/disk/a", &st), 0);
	assert_true(st.st_uid == 5 && st.st_gid == 9);
	int fd = open("/disk/a", O_RDONLY);
	assert_true(fd >= 3);
	assert_int_equal(fchmod(fd, 0600), 0);
	assert_int_equal(fchown(fd, (uid_t)-1, 7), 0);
	assert_int_equal(hook_setattr_mask, LIBC_SET_GID);
	assert_int_equal(fchown(fd, (uid_t)-1, (gid_t)-1), 0);
	assert_int_equal(hook_setattr_mask, 0); /* the change time alone */
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(st.st_mode == (S_IFREG | 0600) && st.st_uid == 5 &&
		    st.st_gid == 7);
	/* A path call leaves no descriptor behind. */
	assert_int_equal(open("/disk/a", O_RDONLY), fd + 1);
	int calls = hook_setattr_calls;
	assert_int_equal(chmod("/disk/none", 0600), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(chmod("/etc/motd", 0600), -1);
	assert_int_equal(errno, EROFS);
	assert_int_equal(chown("/etc", 1, 1), -1);
	assert_int_equal(errno, EROFS);
	int ro = open("/etc/motd", O_RDONLY);
	assert_int_equal(fchmod(ro, 0600), -1);
	assert_int_equal(errno, EROFS);
	assert_int_equal(fchown(ro, 1, 1), -1);
	assert_int_equal(errno, EROFS);
	assert_int_equal(fchmod(99, 0600), -1);
	assert_int_equal(errno, EBADF);
	assert_int_equal(fchown(1, 0, 0), -1);
	assert_int_equal(errno, EBADF);
	assert_int_equal(chmod("", 0600), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(hook_setattr_calls, calls);
}

/* utimensat and futimens: seconds, UTIME_NOW, UTIME_OMIT, NULL; the
 * refusals. */
static void
test_times(void **state)
{
	struct stat st;
	struct timespec t[2] = {{100, 0}, {200, UTIME_OMIT}};

	(void)state;
	int i = hook_file("/a", 0, "x");
	hook_file("@/etc", 1, NULL);
	hook_files[i].mtime = 50;
	assert_int_equal(utimensat(AT_FDCWD, "/disk/a", t, 0), 0);
	assert_int_equal(hook_setattr_mask, LIBC_SET_ATIME);
	assert_int_equal(stat("/disk/a", &st), 0);
	assert_true(st.st_atime == 100 && st.st_mtime == 50);
	assert_int_equal(chdir("/disk"), 0);
	t[0] = (struct timespec){0, UTIME_NOW};
	t[1] = (struct timespec){300, 999999999};
	assert_int_equal(utimensat(AT_FDCWD, "a", t, AT_SYMLINK_NOFOLLOW), 0);
	assert_int_equal(hook_setattr_mask,
			 LIBC_SET_ATIME_NOW | LIBC_SET_MTIME);
	assert_int_equal(stat("a", &st), 0);
	assert_true(st.st_atime == HOOK_NOW && st.st_mtime == 300);
	assert_int_equal(utimensat(5, "/disk/a", NULL, 0), 0);
	assert_int_equal(hook_setattr_mask,
			 LIBC_SET_ATIME_NOW | LIBC_SET_MTIME_NOW);
	int fd = open("a", O_RDONLY);
	t[0] = (struct timespec){0, UTIME_OMIT};
	t[1] = (struct timespec){400, 5};
	assert_int_equal(futimens(fd, t), 0);
	assert_int_equal(hook_setattr_mask, LIBC_SET_MTIME);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_mtime, 400);
	assert_int_equal(futimens(fd, NULL), 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(st.st_atime == HOOK_NOW && st.st_mtime == HOOK_NOW);
	/* Both UTIME_OMIT: no call, but the file must exist. */
	int calls = hook_setattr_calls;
	t[1].tv_nsec = UTIME_OMIT;
	assert_int_equal(futimens(fd, t), 0);
	assert_int_equal(utimensat(AT_FDCWD, "a", t, 0), 0);
	assert_int_equal(utimensat(AT_FDCWD, "none", t, 0), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(futimens(99, t), -1);
	assert_int_equal(errno, EBADF);
	/* The refusals. */
	hook_files[i].link = 1;
	assert_int_equal(utimensat(AT_FDCWD, "a", NULL, AT_SYMLINK_NOFOLLOW),
			 -1);
	assert_int_equal(errno, EOPNOTSUPP);
	t[1].tv_nsec = 1000000000;
	assert_int_equal(futimens(fd, t), -1);
	assert_int_equal(errno, EINVAL);
	t[1].tv_nsec = -1;
	assert_int_equal(utimensat(AT_FDCWD, "a", t, 0), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(utimensat(AT_FDCWD, "a", NULL, 0x200), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(utimensat(fd, "a", NULL, 0), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	assert_int_equal(utimensat(AT_FDCWD, "/etc", NULL, 0), -1);
	assert_int_equal(errno, EROFS);
	assert_int_equal(utimensat(AT_FDCWD, NULL, NULL, 0), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(hook_setattr_calls, calls);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_resolve, setup),
	    cmocka_unit_test_setup(test_route, setup),
	    cmocka_unit_test_setup(test_open_write_read, setup),
	    cmocka_unit_test_setup(test_relative, setup),
	    cmocka_unit_test_setup(test_errors, setup),
	    cmocka_unit_test_setup(test_fd_table, setup),
	    cmocka_unit_test_setup(test_console, setup),
	    cmocka_unit_test_setup(test_dir, setup),
	    cmocka_unit_test_setup(test_stdio_buffering, setup),
	    cmocka_unit_test_setup(test_stdio_modes, setup),
	    cmocka_unit_test_setup(test_big_transfer, setup),
	    cmocka_unit_test_setup(test_mode_owner, setup),
	    cmocka_unit_test_setup(test_times, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
