/* Host unit tests for services/init/slots.c: init's CNode slots. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "slots.h"

#define NSLOTS (1u << INIT_RADIX)

/* slots.c keeps its state in statics: each test frees what it took. */
static int
setup(void **state)
{
	(void)state;
	slots_free_range(1, NSLOTS - 1);
	slots_init(10);
	return 0;
}

static void
singles_from_the_bottom(void **state)
{
	(void)state;
	assert_int_equal(slots_in_use(), 10);
	assert_int_equal(slot_alloc(), 10);
	assert_int_equal(slot_alloc(), 11);
	assert_int_equal(slot_alloc(), 12);
	slot_free(11);
	assert_int_equal(slot_alloc(), 11); /* the lowest free one */
	assert_int_equal(slot_alloc(), 13);
	assert_int_equal(slots_in_use(), 14);
}

static void
ranges_from_the_top(void **state)
{
	(void)state;
	cptr_t a = slots_alloc_range(4);
	assert_int_equal(a, NSLOTS - 4);
	cptr_t b = slots_alloc_range(2);
	assert_int_equal(b, NSLOTS - 6);
	assert_int_equal(slot_alloc(), 10); /* singles still at the bottom */
	slots_free_range(a, 4);
	assert_int_equal(slots_alloc_range(3), NSLOTS - 3);
	assert_int_equal(slots_in_use(), 10 + 2 + 1 + 3);
}

static void
freeing_twice_or_out_of_range_is_harmless(void **state)
{
	(void)state;
	cptr_t s = slot_alloc();
	slot_free(s);
	slot_free(s);
	slot_free(0);
	slot_free(NSLOTS);
	slot_free(NSLOTS + 100);
	slot_free(3); /* a boot slot: may be given back once */
	assert_int_equal(slots_in_use(), 9);
	assert_int_equal(slot_alloc(), 3);
	assert_int_equal(slots_in_use(), 10);
}

static void
exhaustion(void **state)
{
	(void)state;
	word_t n = 0;
	while (slot_alloc() != 0) {
		n++;
	}
	assert_int_equal(n, NSLOTS - 10);
	assert_int_equal(slots_alloc_range(1), 0);
	slot_free(100);
	slot_free(101);
	assert_int_equal(slots_alloc_range(3), 0); /* no run of 3 */
	assert_int_equal(slots_alloc_range(2), 100);
	assert_int_equal(slots_alloc_range(0), 0);
	assert_int_equal(slots_alloc_range(NSLOTS), 0);
}

/* Slot 0 is never handed out: it means "none". */
static void
slot_zero_never(void **state)
{
	(void)state;
	slots_free_range(1, NSLOTS - 1);
	slots_init(0);
	assert_int_equal(slot_alloc(), 1);
	assert_int_equal(slots_alloc_range(NSLOTS - 2), 2);
	assert_int_equal(slot_alloc(), 0);
}

/* Ranges below whole words of taken slots (passed over a word at a
 * time), and a free run that straddles a word boundary below them. */
static void
ranges_past_full_words(void **state)
{
	(void)state;
	cptr_t big = slots_alloc_range(1000); /* ends at the top */
	assert_int_equal(big, NSLOTS - 1000);
	cptr_t a = slots_alloc_range(70);
	assert_int_equal(a, big - 70);
	/* A hole of 5 across the word boundary below a, then more taken. */
	slots_free_range(a + 60, 5);
	assert_int_equal(slots_alloc_range(6), a - 6);
	assert_int_equal(slots_alloc_range(5), a + 60);
	slots_free_range(big, 1000);
	slots_free_range(a, 70);
	slots_free_range(a - 6, 6);
	assert_int_equal(slots_alloc_range(1), NSLOTS - 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(singles_from_the_bottom, setup),
	    cmocka_unit_test_setup(ranges_from_the_top, setup),
	    cmocka_unit_test_setup(freeing_twice_or_out_of_range_is_harmless,
				   setup),
	    cmocka_unit_test_setup(exhaustion, setup),
	    cmocka_unit_test_setup(slot_zero_never, setup),
	    cmocka_unit_test_setup(ranges_past_full_words, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
