/*
 * hooks: libc_write, libc_morecore and libc_exit for the host tests.
 * Output is captured in memory; the heap is a static arena; exit jumps
 * back into the test that expected it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "libc/include/cairn_libc.h"
#include "libc/libc_impl.h"
#include "hooks.h"

#define ARENA_SIZE (16u << 20)

char hook_out[1 << 16];
size_t hook_out_len;
int hook_write_calls;

size_t hook_core_left;
size_t hook_core_gap;
int hook_core_calls;
size_t hook_core_given;

jmp_buf *hook_exit_jmp;
int hook_exit_status;

_Alignas(4096) unsigned char hook_arena[ARENA_SIZE];
const size_t hook_arena_size = ARENA_SIZE;
static size_t arena_used;

void
hook_out_reset(void)
{
	hook_out_len = 0;
	hook_out[0] = '\0';
	hook_write_calls = 0;
}

void
hook_heap_reset(size_t limit)
{
	__cairn_heap_reset();
	arena_used = 0;
	hook_core_left = limit != 0 ? limit : ARENA_SIZE;
	hook_core_gap = 0;
	hook_core_calls = 0;
	hook_core_given = 0;
}

void
libc_write(const char *s, size_t n)
{
	size_t room = sizeof(hook_out) - 1 - hook_out_len;
	size_t m = n < room ? n : room;

	assert_true(n > 0);
	memcpy(hook_out + hook_out_len, s, m);
	hook_out_len += m;
	hook_out[hook_out_len] = '\0';
	hook_write_calls++;
}

void *
libc_morecore(size_t n)
{
	hook_core_calls++;
	assert_true(n > 0 && n % LIBC_MORECORE_UNIT == 0);
	size_t gap = hook_core_gap;
	if (n > hook_core_left || gap + n > ARENA_SIZE - arena_used) {
		return NULL;
	}
	unsigned char *p = hook_arena + arena_used + gap;
	arena_used += gap + n;
	hook_core_left -= n;
	hook_core_given += n;
	return p;
}

_Noreturn void
libc_exit(int status)
{
	hook_exit_status = status;
	if (hook_exit_jmp != NULL) {
		longjmp(*hook_exit_jmp, 1);
	}
	fail_msg("libc_exit(%d) with no test expecting it", status);
	abort();
}
