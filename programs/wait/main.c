/*
 * wait: waits for ever, until it is killed: for trying out kill, ps and
 * mem ("run wait &", then "kill <pid>").  It blocks receiving on an
 * endpoint it provides and nobody calls.
 */
#include <cairn/manifest.h>

#include "procrt.h"

CAIRN_MANIFEST("name wait\n"
	       "description waits until it is killed\n"
	       "quota 128K\n"
	       "provides wait\n");

int
main(int argc, char **argv)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_PROVIDES, "wait");

	(void)argc;
	(void)argv;
	if (g == NULL) {
		return 1;
	}
	for (;;) {
		struct cairn_msg m = {0};
		cairn_recv(g->slot, 0, &m);
	}
}
