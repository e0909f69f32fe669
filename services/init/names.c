/*
 * names: the endpoints services provide, by name.  init makes each once
 * and keeps it, so a restarted server takes up the same endpoint and its
 * clients' capabilities keep working.
 */
#include "init.h"

#include "cstring.h"

#define MAX_NAMES 32

static struct {
	char name[16];
	cptr_t ep;
} names[MAX_NAMES];
static int nnames;

cptr_t
names_endpoint(const char *name, bool create)
{
	for (int i = 0; i < nnames; i++) {
		if (strcmp(names[i].name, name) == 0) {
			return names[i].ep;
		}
	}
	if (!create || nnames == MAX_NAMES || strlen(name) >= 16) {
		return 0;
	}
	cptr_t ep = init_make(CAIRN_OBJ_ENDPOINT, 0);
	if (ep == 0) {
		return 0;
	}
	strcpy(names[nnames].name, name);
	names[nnames++].ep = ep;
	return ep;
}

int
names_count(void)
{
	return nnames;
}
