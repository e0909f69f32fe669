/*
 * cmd_fs: the shell's file commands and echo, over the libc's file calls
 * (docs/storage.md): paths under /disk are the ext2 disk's, through the
 * fs service; any other path names a file of the initramfs, read-only.
 * A failure prints one line as coreutils does, "cmd: path: strerror",
 * and the command goes on with its next argument.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sha256.h"
#include "shell.h"

/* Bytes moved a call by cat, cp and sha256 (one for all: the shell runs
 * one command at a time). */
static char iobuf[16384];

int
fs_fail(const char *cmd, const char *path)
{
	printf("%s: %s: %s\n", cmd, path, strerror(errno));
	return 1;
}

/* The last component of path (after its last '/'). */
static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL && s[1] != '\0' ? s + 1 : path;
}

/* dir/name into out (n bytes): 0, or -1 (errno ENAMETOOLONG). */
static int
join(char *out, size_t n, const char *dir, const char *name)
{
	size_t d = strlen(dir);
	const char *sep = d > 0 && dir[d - 1] == '/' ? "" : "/";

	if ((size_t)snprintf(out, n, "%s%s%s", dir, sep, name) >= n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* Whether path names a directory (following links). */
static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

void
fs_mode_string(unsigned mode, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";

	out[0] = S_ISDIR(mode)	 ? 'd'
		 : S_ISLNK(mode) ? 'l'
		 : S_ISREG(mode) ? '-'
				 : '?';
	for (int i = 0; i < 9; i++) {
		out[1 + i] = '-';
		if ((mode & (0400u >> i)) != 0) {
			out[1 + i] = rwx[i];
		}
	}
	out[10] = '\0';
}

/* One line of ls -l: mode, links, size, name (and a link's target). */
static void
ls_long(const char *path, const char *name)
{
	struct stat st;
	char mode[11];

	if (lstat(path, &st) != 0) {
		fs_fail("ls", path);
		return;
	}
	fs_mode_string((unsigned)st.st_mode, mode);
	printf("%s %3lu %9lu %s", mode, (unsigned long)st.st_nlink,
	       (unsigned long)st.st_size, name);
	if (S_ISLNK(st.st_mode)) {
		char link_to[128];
		long n = readlink(path, link_to, sizeof(link_to) - 1);
		if (n >= 0) {
			printf(" -> %.*s", (int)n, link_to);
		}
	}
	printf("\n");
}

/* The initramfs's files, as ls has always shown them. */
static int
ls_initramfs(int lng)
{
	char name[129];
	word_t size;

	for (word_t i = 0; cairn_init_ls(i, &size, name) == CAIRN_OK; i++) {
		if (lng) {
			printf("-r--r--r-- %3d %9lu %s\n", 1, size, name);
		} else {
			printf("%8lu  %s\n", size, name);
		}
	}
	return 0;
}

/* A directory's entries, in the order it keeps them; names starting
 * with '.' left out, as ls does without -a. */
static int
ls_dir(const char *path, int lng)
{
	char full[300];
	DIR *d = opendir(path);
	struct dirent *e;

	if (d == NULL) {
		return fs_fail("ls", path);
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.') {
			continue;
		}
		if (!lng) {
			printf("%s\n", e->d_name);
		} else if (join(full, sizeof(full), path, e->d_name) != 0) {
			fs_fail("ls", e->d_name);
		} else {
			ls_long(full, e->d_name);
		}
	}
	closedir(d);
	return 0;
}

static int
cmd_ls(int argc, char **argv)
{
	int lng = argc > 1 && strcmp(argv[1], "-l") == 0;
	int first = 1 + lng;
	struct stat st;

	if (argc > first + 1) {
		printf("ls: usage: ls [-l] [path]\n");
		return 1;
	}
	if (argc == first) {
		return ls_initramfs(lng);
	}
	const char *path = argv[first];
	if (lstat(path, &st) != 0) {
		return fs_fail("ls", path);
	}
	if (S_ISDIR(st.st_mode)) {
		return ls_dir(path, lng);
	}
	if (lng) {
		ls_long(path, path);
	} else {
		printf("%s\n", path);
	}
	return 0;
}

/* Show n bytes of a file, control bytes as '.' so that a binary cannot
 * upset the terminal. */
static void
show(char *s, long n)
{
	for (long i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n' && c != '\t') || c >= 0x7F) {
			s[i] = '.';
		}
	}
	printf("%.*s", (int)n, s);
}

static int
cmd_cat(int argc, char **argv)
{
	int status = 0;

	if (argc < 2) {
		printf("cat: usage: cat <file>...\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		long n;
		if (fd < 0) {
			status = fs_fail("cat", argv[i]);
			continue;
		}
		while ((n = read(fd, iobuf, sizeof(iobuf))) > 0) {
			show(iobuf, n);
		}
		if (n < 0) {
			status = fs_fail("cat", argv[i]);
		}
		close(fd);
	}
	return status;
}

/* Write all n bytes at p to fd: 0, or -1 with errno. */
static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		long w = write(fd, p, n);
		if (w <= 0) {
			if (w == 0) {
				errno = EIO;
			}
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Copy the file src to the file dst (made, or cut to nothing). */
static int
copy_file(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY);
	int out, bad = 0;
	long n;

	if (in < 0) {
		return fs_fail("cp", src);
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0) {
		close(in);
		return fs_fail("cp", dst);
	}
	while (!bad && (n = read(in, iobuf, sizeof(iobuf))) > 0) {
		if (write_all(out, iobuf, (size_t)n) != 0) {
			bad = fs_fail("cp", dst);
		}
	}
	if (!bad && n < 0) {
		bad = fs_fail("cp", src);
	}
	close(in);
	if (close(out) != 0 && !bad) {
		bad = fs_fail("cp", dst);
	}
	return bad;
}

/* dst, or dst/<src's last component> when dst is a directory. */
static const char *
target(const char *src, const char *dst, char *buf, size_t n)
{
	if (is_dir(dst) && join(buf, n, dst, base_name(src)) == 0) {
		return buf;
	}
	return dst;
}

/* Whether a and b name one file (the same inode of the same mount). */
static int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int
cmd_cp(int argc, char **argv)
{
	char buf[300];

	if (argc != 3) {
		printf("cp: usage: cp <source> <destination>\n");
		return 1;
	}
	if (is_dir(argv[1])) {
		errno = EISDIR;
		return fs_fail("cp", argv[1]);
	}
	const char *dst = target(argv[1], argv[2], buf, sizeof(buf));
	if (same_file(argv[1], dst)) {
		/* Opening dst would empty the source: refuse, as cp does. */
		printf("cp: %s and %s are the same file\n", argv[1], dst);
		return 1;
	}
	return copy_file(argv[1], dst);
}

static int
cmd_mv(int argc, char **argv)
{
	char buf[300];

	if (argc != 3) {
		printf("mv: usage: mv <source> <destination>\n");
		return 1;
	}
	const char *dst = target(argv[1], argv[2], buf, sizeof(buf));
	if (rename(argv[1], dst) != 0) {
		return fs_fail("mv", argv[1]);
	}
	return 0;
}

/* Run call on each argument, reporting each failure as cmd's. */
static int
each(int argc, char **argv, const char *usage, int (*call)(const char *))
{
	int status = 0;

	if (argc < 2) {
		printf("%s: usage: %s %s\n", argv[0], argv[0], usage);
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		if (call(argv[i]) != 0) {
			status = fs_fail(argv[0], argv[i]);
		}
	}
	return status;
}

static int
make_dir(const char *path)
{
	return mkdir(path, 0755);
}

static int
cmd_rm(int argc, char **argv)
{
	return each(argc, argv, "<file>...", unlink);
}

static int
cmd_mkdir(int argc, char **argv)
{
	return each(argc, argv, "<directory>...", make_dir);
}

static int
cmd_rmdir(int argc, char **argv)
{
	return each(argc, argv, "<directory>...", rmdir);
}

/* The SHA-256 of a file's bytes as hex: 0, or -1 with errno. */
static int
hash_file(const char *path, char hex[SHA256_HEX])
{
	struct sha256 s;
	uint8_t d[SHA256_DIGEST];
	int fd = open(path, O_RDONLY);
	long n;

	if (fd < 0) {
		return -1;
	}
	sha256_init(&s);
	while ((n = read(fd, iobuf, sizeof(iobuf))) > 0) {
		sha256_update(&s, iobuf, (size_t)n);
	}
	int saved = errno;
	close(fd);
	if (n < 0) {
		errno = saved;
		return -1;
	}
	sha256_final(&s, d);
	sha256_hex(d, hex);
	return 0;
}

static int
cmd_sha256(int argc, char **argv)
{
	char hex[SHA256_HEX];
	int status = 0;

	if (argc < 2) {
		printf("sha256: usage: sha256 <file>...\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		if (is_dir(argv[i])) {
			errno = EISDIR;
			status = fs_fail("sha256", argv[i]);
		} else if (hash_file(argv[i], hex) != 0) {
			status = fs_fail("sha256", argv[i]);
		} else {
			/* sha256sum's line: two spaces (text mode). */
			printf("%s  %s\n", hex, argv[i]);
		}
	}
	return status;
}

/*
 * The words of echo, and where they go: "> file" makes or empties the
 * file and writes them there, ">> file" adds them at its end.  The
 * arrow is a word of its own, or starts the word of the file's name
 * (">file").  The words joined by spaces and a newline, as echo prints
 * them.
 */
static int
echo_to(int argc, char **argv, int at)
{
	const char *arrow = argv[at];
	int append = strncmp(arrow, ">>", 2) == 0;
	const char *file = arrow + 1 + append;
	char line[LINE_MAX + 2];
	size_t n = 0;

	if (*file == '\0') {
		file = at + 1 < argc ? argv[at + 1] : "";
		argc--;
	}
	if (*file == '\0' || at + 1 != argc) {
		printf("echo: usage: echo [words] > file (or >> file)\n");
		return 1;
	}
	for (int i = 1; i < at; i++) {
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s",
				      argv[i], i + 1 < at ? " " : "");
	}
	line[n++] = '\n';
	int fd = open(file, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC),
		      0644);
	if (fd < 0) {
		return fs_fail("echo", file);
	}
	int bad = write_all(fd, line, n) != 0;
	if (close(fd) != 0) {
		bad = 1;
	}
	return bad ? fs_fail("echo", file) : 0;
}

static int
cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '>') {
			return echo_to(argc, argv, i);
		}
	}
	for (int i = 1; i < argc; i++) {
		printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	}
	printf("\n");
	return 0;
}

static int
cmd_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/";

	if (argc > 2) {
		printf("cd: usage: cd [directory]\n");
		return 1;
	}
	return chdir(dir) != 0 ? fs_fail("cd", dir) : 0;
}

static int
cmd_pwd(int argc, char **argv)
{
	char dir[300];

	(void)argc;
	(void)argv;
	if (getcwd(dir, sizeof(dir)) == NULL) {
		return fs_fail("pwd", ".");
	}
	printf("%s\n", dir);
	return 0;
}

const struct command fs_commands[] = {
    {"ls", "[-l] [path]", "files: the initramfs's, or a directory's", cmd_ls},
    {"cat", "<file>...", "show files", cmd_cat},
    {"cp", "<src> <dst>", "copy a file (dst may be a directory)", cmd_cp},
    {"mv", "<src> <dst>", "rename a file or directory", cmd_mv},
    {"rm", "<file>...", "remove files", cmd_rm},
    {"mkdir", "<dir>...", "make directories", cmd_mkdir},
    {"rmdir", "<dir>...", "remove empty directories", cmd_rmdir},
    {"stat", "<path>", "size, blocks, mode, links, inode, times", cmd_stat},
    {"sha256", "<file>...", "SHA-256 digests, as sha256sum prints them",
     cmd_sha256},
    {"df", "", "each file system: size, used, free", cmd_df},
    {"mount", "", "what is mounted where, and how full", cmd_mount},
    {"sync", "", "write everything to the disk", cmd_sync},
    {"cd", "[dir]", "change the working directory (/ by default)", cmd_cd},
    {"pwd", "", "the working directory", cmd_pwd},
    {"echo", "[words] [> file]", "print the words (> file, >> file)", cmd_echo},
    {NULL, NULL, NULL, NULL},
};
