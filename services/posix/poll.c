/*
 * poll: poll, ppoll, select and pselect6 over pipes, the console, the
 * disk's files and sockets.  A call that finds nothing ready and has
 * time to wait is held here; poll_wake looks at the held calls again
 * whenever something they could wait for moves.
 */
#include "files.h"
#include "sysdefs.h"

void
poll_wake(void)
{
	/* Nothing is held yet: poll and select are to come. */
}
