/*
 * ctype.h: character classes of the "C" locale (ASCII).  Each function
 * takes an int that is EOF (-1) or an unsigned char value; every other
 * int is answered too (as not in any class, and unchanged by tolower and
 * toupper), so a stray negative char does no harm.
 */
#ifndef CAIRN_LIBC_CTYPE_H
#define CAIRN_LIBC_CTYPE_H

#include "libc_names.h"

int isalnum(int c);
int isalpha(int c);
int isblank(int c);
int iscntrl(int c);
int isdigit(int c);
int isgraph(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int isspace(int c);
int isupper(int c);
int isxdigit(int c);
int tolower(int c);
int toupper(int c);

#endif
