/*
 * ids: the uid and gid family.  Each process has Linux's real,
 * effective and saved ids and its supplementary groups, from its parent
 * (the first process is root: 0).  The calls change them as Linux does
 * for a process with and without CAP_SETUID/CAP_SETGID, which here is
 * an effective id of 0.  The ids are kept and reported; the disk checks
 * no permissions for them (docs/posix.md): they are what a program
 * reads back and what its children inherit.
 */
#include <string.h>

#include "sysdefs.h"

#define NOCHANGE ((uint32_t)-1)

enum { REAL, EFFECTIVE, SAVED };

/* uid_t's argument, a C unsigned int. */
static uint32_t
id_arg(word_t w)
{
	return (uint32_t)w;
}

/* May p set an id to v, its ids being ids[3] (privileged: any)? */
static bool
may(const uint32_t *ids, bool privileged, uint32_t v)
{
	return v == NOCHANGE || privileged || v == ids[REAL] ||
	       v == ids[EFFECTIVE] || v == ids[SAVED];
}

/* setresuid and setresgid over ids (privileged: an effective uid 0). */
static word_t
set_res(uint32_t *ids, bool privileged, const word_t *a)
{
	uint32_t v[3] = {id_arg(a[0]), id_arg(a[1]), id_arg(a[2])};

	for (int i = 0; i < 3; i++) {
		if (!may(ids, privileged, v[i])) {
			return (word_t)-EPERM;
		}
	}
	for (int i = 0; i < 3; i++) {
		if (v[i] != NOCHANGE) {
			ids[i] = v[i];
		}
	}
	return 0;
}

/* setreuid and setregid: the saved id follows the effective one when
 * the real one is set, or the effective one set to other than the real
 * one, as Linux does. */
static word_t
set_re(uint32_t *ids, bool privileged, const word_t *a)
{
	uint32_t r = id_arg(a[0]), e = id_arg(a[1]);

	if ((r != NOCHANGE && !privileged && r != ids[REAL] &&
	     r != ids[EFFECTIVE]) ||
	    !may(ids, privileged, e)) {
		return (word_t)-EPERM;
	}
	uint32_t old_real = ids[REAL];
	if (r != NOCHANGE) {
		ids[REAL] = r;
	}
	if (e != NOCHANGE) {
		ids[EFFECTIVE] = e;
	}
	if (r != NOCHANGE || (e != NOCHANGE && e != old_real)) {
		ids[SAVED] = ids[EFFECTIVE];
	}
	return 0;
}

/* setuid and setgid: all three if privileged, else the effective. */
static word_t
set_one(uint32_t *ids, bool privileged, word_t a0)
{
	uint32_t v = id_arg(a0);

	if (v == NOCHANGE) {
		return (word_t)-EINVAL;
	}
	if (privileged) {
		ids[REAL] = ids[EFFECTIVE] = ids[SAVED] = v;
		return 0;
	}
	if (v != ids[REAL] && v != ids[SAVED]) {
		return (word_t)-EPERM;
	}
	ids[EFFECTIVE] = v;
	return 0;
}

static word_t
get_res(struct lproc *p, const uint32_t *ids, const word_t *a)
{
	for (int i = 0; i < 3; i++) {
		if (copy_out(p, a[i], &ids[i], sizeof(ids[i])) < 0) {
			return (word_t)-EFAULT;
		}
	}
	return 0;
}

static bool
root(const struct lproc *p)
{
	return p->uid[EFFECTIVE] == 0;
}

SYS(getuid)
{
	(void)a;
	return p->uid[REAL];
}

SYS(geteuid)
{
	(void)a;
	return p->uid[EFFECTIVE];
}

SYS(getgid)
{
	(void)a;
	return p->gid[REAL];
}

SYS(getegid)
{
	(void)a;
	return p->gid[EFFECTIVE];
}

SYS(setuid)
{
	return set_one(p->uid, root(p), a[0]);
}

SYS(setgid)
{
	return set_one(p->gid, root(p), a[0]);
}

SYS(setreuid)
{
	return set_re(p->uid, root(p), a);
}

SYS(setregid)
{
	return set_re(p->gid, root(p), a);
}

SYS(setresuid)
{
	return set_res(p->uid, root(p), a);
}

SYS(setresgid)
{
	return set_res(p->gid, root(p), a);
}

SYS(getresuid)
{
	return get_res(p, p->uid, a);
}

SYS(getresgid)
{
	return get_res(p, p->gid, a);
}

/* setfsuid and setfsgid: the file-system id is the effective one here;
 * they answer the old one and change nothing they may not. */
SYS(setfsuid)
{
	uint32_t old = p->uid[EFFECTIVE];

	(void)a;
	return old;
}

SYS(setfsgid)
{
	uint32_t old = p->gid[EFFECTIVE];

	(void)a;
	return old;
}

SYS(getgroups)
{
	int32_t n = (int32_t)a[0];

	if (n < 0) {
		return (word_t)-EINVAL;
	}
	if (n == 0) {
		return p->ngroups;
	}
	if ((unsigned)n < p->ngroups) {
		return (word_t)-EINVAL;
	}
	return copy_out(p, a[1], p->groups, p->ngroups * sizeof(uint32_t)) < 0
		   ? (word_t)-EFAULT
		   : p->ngroups;
}

SYS(setgroups)
{
	uint32_t g[POSIX_MAX_GROUPS];
	word_t n = a[0];

	if (!root(p)) {
		return (word_t)-EPERM;
	}
	if ((int32_t)n < 0 || n > 65536) {
		return (word_t)-EINVAL;
	}
	if (n > POSIX_MAX_GROUPS) {
		return (word_t)-ENOMEM; /* this server keeps 32 */
	}
	if (copy_in(p, g, a[1], n * sizeof(uint32_t)) < 0) {
		return (word_t)-EFAULT;
	}
	memcpy(p->groups, g, n * sizeof(uint32_t));
	p->ngroups = (unsigned)n;
	return 0;
}
