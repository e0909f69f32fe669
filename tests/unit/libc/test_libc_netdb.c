/*
 * Host unit tests for the libc's names (lib/libc/netdb.c): getaddrinfo
 * over a fake of the runtime's resolver hook, its hints and refusals,
 * freeaddrinfo, gai_strerror and gethostbyname.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "libc/include/arpa/inet.h"
#include "libc/include/cairn_libc.h"
#include "libc/include/netdb.h"
#include "libc/include/string.h"
#include "hooks.h"

extern const struct libc_sockops *hook_sockets;

static int resolves;	/* calls that reached the hook */
static char asked[300]; /* the last name asked */
static int answer_with; /* what the hook answers */

static int
f_resolve(const char *name, uint32_t *addr)
{
	resolves++;
	strncpy(asked, name, sizeof(asked) - 1);
	*addr = 0x0A000202; /* 10.0.2.2 */
	return answer_with;
}

static const struct libc_sockops fake = {.resolve = f_resolve};

static int
setup(void **state)
{
	(void)state;
	hook_heap_reset(0);
	hook_sockets = &fake;
	resolves = 0;
	asked[0] = '\0';
	answer_with = LIBC_RESOLVE_OK;
	return 0;
}

static const struct sockaddr_in *
in4(const struct addrinfo *ai)
{
	return (const struct sockaddr_in *)ai->ai_addr;
}

static void
test_name(void **state)
{
	struct addrinfo hints = {0}, *ai;

	(void)state;
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	assert_int_equal(getaddrinfo("web", "8080", &hints, &ai), 0);
	assert_string_equal(asked, "web");
	assert_int_equal(ai->ai_family, AF_INET);
	assert_int_equal(ai->ai_socktype, SOCK_STREAM);
	assert_int_equal(ai->ai_protocol, IPPROTO_TCP);
	assert_int_equal(ai->ai_addrlen, sizeof(struct sockaddr_in));
	assert_int_equal(in4(ai)->sin_family, AF_INET);
	assert_int_equal(in4(ai)->sin_port, htons(8080));
	assert_int_equal(in4(ai)->sin_addr.s_addr, htonl(0x0A000202));
	assert_null(ai->ai_next);
	assert_null(ai->ai_canonname);
	freeaddrinfo(ai);
}

static void
test_numeric_and_passive(void **state)
{
	struct addrinfo hints = {0}, *ai;

	(void)state;
	/* No hints: a stream and a datagram entry; no resolver asked. */
	assert_int_equal(getaddrinfo("10.1.2.3", "53", NULL, &ai), 0);
	assert_int_equal(resolves, 0);
	assert_int_equal(in4(ai)->sin_addr.s_addr, htonl(0x0A010203));
	assert_int_equal(ai->ai_socktype, SOCK_STREAM);
	assert_non_null(ai->ai_next);
	assert_int_equal(ai->ai_next->ai_socktype, SOCK_DGRAM);
	assert_int_equal(ai->ai_next->ai_protocol, IPPROTO_UDP);
	assert_null(ai->ai_next->ai_next);
	freeaddrinfo(ai);
	/* No host: the loopback, or any with AI_PASSIVE. */
	hints.ai_socktype = SOCK_DGRAM;
	assert_int_equal(getaddrinfo(NULL, "7", &hints, &ai), 0);
	assert_int_equal(in4(ai)->sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	assert_int_equal(ai->ai_socktype, SOCK_DGRAM);
	freeaddrinfo(ai);
	hints.ai_flags = AI_PASSIVE;
	assert_int_equal(getaddrinfo(NULL, "7", &hints, &ai), 0);
	assert_int_equal(in4(ai)->sin_addr.s_addr, htonl(INADDR_ANY));
	assert_int_equal(in4(ai)->sin_port, htons(7));
	freeaddrinfo(ai);
	/* A protocol alone chooses the type. */
	hints.ai_socktype = 0;
	hints.ai_protocol = IPPROTO_UDP;
	assert_int_equal(getaddrinfo("1.2.3.4", NULL, &hints, &ai), 0);
	assert_int_equal(ai->ai_socktype, SOCK_DGRAM);
	assert_int_equal(in4(ai)->sin_port, 0);
	assert_null(ai->ai_next);
	freeaddrinfo(ai);
	/* AI_CANONNAME: the name as asked. */
	hints.ai_flags = AI_CANONNAME;
	assert_int_equal(getaddrinfo("web", NULL, &hints, &ai), 0);
	assert_string_equal(ai->ai_canonname, "web");
	freeaddrinfo(ai);
	assert_int_equal(resolves, 1);
}

static void
test_refused(void **state)
{
	struct addrinfo hints = {0}, *ai = (struct addrinfo *)1;

	(void)state;
	assert_int_equal(getaddrinfo(NULL, NULL, NULL, &ai), EAI_NONAME);
	assert_null(ai);
	hints.ai_family = 10; /* AF_INET6 */
	assert_int_equal(getaddrinfo("web", NULL, &hints, &ai), EAI_FAMILY);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = 3; /* SOCK_RAW */
	assert_int_equal(getaddrinfo("web", NULL, &hints, &ai), EAI_SOCKTYPE);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_UDP;
	assert_int_equal(getaddrinfo("web", NULL, &hints, &ai), EAI_SOCKTYPE);
	hints.ai_protocol = 0;
	hints.ai_flags = 0x8000;
	assert_int_equal(getaddrinfo("web", NULL, &hints, &ai), EAI_BADFLAGS);
	hints.ai_flags = 0;
	assert_int_equal(getaddrinfo("web", "http", &hints, &ai), EAI_SERVICE);
	assert_int_equal(getaddrinfo("web", "65536", &hints, &ai), EAI_SERVICE);
	assert_int_equal(getaddrinfo("web", "", &hints, &ai), EAI_SERVICE);
	assert_int_equal(getaddrinfo("web", "-1", &hints, &ai), EAI_SERVICE);
	hints.ai_flags = AI_NUMERICHOST;
	assert_int_equal(getaddrinfo("web", NULL, &hints, &ai), EAI_NONAME);
	assert_int_equal(resolves, 0);
	hints.ai_flags = 0;
	/* The resolver's answers. */
	static const int map[][2] = {
	    {LIBC_RESOLVE_NOT_FOUND, EAI_NONAME},
	    {LIBC_RESOLVE_BAD_NAME, EAI_NONAME},
	    {LIBC_RESOLVE_TIMED_OUT, EAI_AGAIN},
	    {LIBC_RESOLVE_BUSY, EAI_AGAIN},
	    {LIBC_RESOLVE_NO_SERVER, EAI_FAIL},
	    {LIBC_RESOLVE_FAILED, EAI_FAIL},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		answer_with = map[i][0];
		assert_int_equal(getaddrinfo("web", NULL, &hints, &ai),
				 map[i][1]);
		assert_null(ai);
	}
	/* No resolver at all. */
	hook_sockets = NULL;
	assert_int_equal(getaddrinfo("web", NULL, &hints, &ai), EAI_FAIL);
	/* No memory. */
	hook_sockets = &fake;
	answer_with = LIBC_RESOLVE_OK;
	hook_heap_reset(1);
	assert_int_equal(getaddrinfo("web", NULL, &hints, &ai), EAI_MEMORY);
	assert_null(ai);
}

static void
test_strerror_and_hostent(void **state)
{
	(void)state;
	assert_string_equal(gai_strerror(EAI_NONAME),
			    "Name or service not known");
	assert_string_equal(gai_strerror(EAI_AGAIN),
			    "Temporary failure in name resolution");
	assert_string_equal(gai_strerror(12345), "Unknown error");
	struct hostent *h = gethostbyname("web");
	assert_non_null(h);
	assert_string_equal(h->h_name, "web");
	assert_int_equal(h->h_addrtype, AF_INET);
	assert_int_equal(h->h_length, 4);
	assert_memory_equal(h->h_addr, "\x0a\x00\x02\x02", 4);
	assert_null(h->h_addr_list[1]);
	answer_with = LIBC_RESOLVE_NOT_FOUND;
	assert_null(gethostbyname("nosuch"));
	assert_int_equal(h_errno, HOST_NOT_FOUND);
	answer_with = LIBC_RESOLVE_TIMED_OUT;
	assert_null(gethostbyname("slow"));
	assert_int_equal(h_errno, TRY_AGAIN);
	assert_null(gethostbyname(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_name, setup),
	    cmocka_unit_test_setup(test_numeric_and_passive, setup),
	    cmocka_unit_test_setup(test_refused, setup),
	    cmocka_unit_test_setup(test_strerror_and_hostent, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
