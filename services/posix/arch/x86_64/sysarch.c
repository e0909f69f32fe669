/*
 * x86_64's own calls.  arch_prctl(ARCH_SET_FS) sets the FS base, Linux's
 * thread pointer: a Linux thread has no IPC buffer, so the register is
 * its own (docs/posix.md).  The registers are written while the thread
 * waits for the answer; the answer then sets only rax.
 */
#include <sys/stat.h>

#include "../../files.h"
#include "../../sysdefs.h"
#include "procrt.h"

word_t
sys_arch_prctl(struct lproc *p, const word_t *a)
{
	word_t regs[CAIRN_REG_COUNT];

	switch (a[0]) {
	case LX_ARCH_SET_FS:
		if (a[1] >= LINUX_TOP) {
			return (word_t)-EPERM;
		}
		if (cairn_tcb_read_registers(p->tcb, CAIRN_REG_COUNT, regs) !=
		    CAIRN_OK) {
			return (word_t)-EINVAL;
		}
		regs[CAIRN_REG_FS_BASE] = a[1];
		if (cairn_tcb_write_registers(p->tcb, 0, CAIRN_REG_COUNT,
					      regs) != CAIRN_OK) {
			return (word_t)-EPERM;
		}
		p->fs_base = a[1];
		return 0;
	case LX_ARCH_GET_FS:
		return copy_out(p, a[1], &p->fs_base, 8) < 0 ? (word_t)-EFAULT
							     : 0;
	default:
		return (word_t)-EINVAL;
	}
}

/* Linux's x86_64 struct stat. */
struct lx_stat {
	uint64_t dev, ino, nlink;
	uint32_t mode, uid, gid, pad0;
	uint64_t rdev;
	int64_t size, blksize, blocks;
	uint64_t atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
	int64_t unused[3];
};
_Static_assert(sizeof(struct lx_stat) == 144, "x86_64's struct stat");

word_t
arch_put_stat(struct lproc *p, word_t va, const struct stat *st)
{
	struct lx_stat x = {
	    .dev = (uint64_t)st->st_dev,
	    .ino = st->st_ino,
	    .nlink = (uint64_t)st->st_nlink,
	    .mode = st->st_mode,
	    .rdev = st->st_rdev,
	    .uid = st->st_uid,
	    .gid = st->st_gid,
	    .size = st->st_size,
	    .blksize = st->st_blksize,
	    .blocks = st->st_blocks,
	    .atime = (uint64_t)st->st_atime,
	    .mtime = (uint64_t)st->st_mtime,
	    .ctime = (uint64_t)st->st_ctime,
	};
	return copy_out(p, va, &x, sizeof(x)) < 0 ? (word_t)-EFAULT : 0;
}

/*
 * The old calls x86_64 keeps beside the *at ones: each is its *at call
 * from the working directory.
 */
static word_t
at(struct lproc *p, sys_fn fn, word_t a0, word_t a1, word_t a2, word_t a3)
{
	const word_t b[6] = {LX_AT_FDCWD, a0, a1, a2, a3, 0};

	return fn(p, b);
}

SYS(open)
{
	return at(p, sys_openat, a[0], a[1], a[2], 0);
}

SYS(stat)
{
	return at(p, sys_newfstatat, a[0], a[1], 0, 0);
}

SYS(lstat)
{
	return at(p, sys_newfstatat, a[0], a[1], LX_AT_SYMLINK_NOFOLLOW, 0);
}

SYS(access)
{
	return at(p, sys_faccessat, a[0], a[1], 0, 0);
}

SYS(mkdir)
{
	return at(p, sys_mkdirat, a[0], a[1], 0, 0);
}

SYS(mknod)
{
	return at(p, sys_mknodat, a[0], a[1], a[2], 0);
}

SYS(rmdir)
{
	return at(p, sys_unlinkat, a[0], LX_AT_REMOVEDIR, 0, 0);
}

SYS(unlink)
{
	return at(p, sys_unlinkat, a[0], 0, 0, 0);
}

SYS(rename)
{
	return at(p, sys_renameat, a[0], LX_AT_FDCWD, a[1], 0);
}

SYS(link)
{
	return at(p, sys_linkat, a[0], LX_AT_FDCWD, a[1], 0);
}

SYS(symlink)
{
	const word_t b[6] = {a[0], LX_AT_FDCWD, a[1], 0, 0, 0};

	return sys_symlinkat(p, b);
}

SYS(readlink)
{
	return at(p, sys_readlinkat, a[0], a[1], a[2], 0);
}

SYS(chmod)
{
	return at(p, sys_fchmodat, a[0], a[1], 0, 0);
}

SYS(chown)
{
	return at(p, sys_fchownat, a[0], a[1], a[2], 0);
}

SYS(lchown)
{
	return at(p, sys_fchownat, a[0], a[1], a[2], LX_AT_SYMLINK_NOFOLLOW);
}
