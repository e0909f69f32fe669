/* shell: the console's command shell. */
#ifndef CAIRN_SHELL_H
#define CAIRN_SHELL_H

#include <stdio.h>

#include "procrt.h"

#define LINE_MAX 200
#define PROMPT	 "cairn> "

/* Read a line with editing into line (LINE_MAX + 1 bytes): its length,
 * or -1 if the console failed. */
int edit_line(const char *prompt, char *line);

#endif
