/*
 * ctype: the "C" locale's character classes, by range tests rather than
 * a table, so no int value can index out of bounds.  Only 0 to 127 are
 * in any class; EOF and 128 to 255 are in none.
 */
#include <ctype.h>

int
isdigit(int c)
{
	return c >= '0' && c <= '9';
}

int
islower(int c)
{
	return c >= 'a' && c <= 'z';
}

int
isupper(int c)
{
	return c >= 'A' && c <= 'Z';
}

int
isalpha(int c)
{
	return islower(c) || isupper(c);
}

int
isalnum(int c)
{
	return isalpha(c) || isdigit(c);
}

int
isxdigit(int c)
{
	return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int
isblank(int c)
{
	return c == ' ' || c == '\t';
}

/* Space, \t, \n, \v, \f and \r. */
int
isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

int
iscntrl(int c)
{
	return (c >= 0 && c < ' ') || c == 0x7f;
}

/* Printable: space to '~'. */
int
isprint(int c)
{
	return c >= ' ' && c <= '~';
}

int
isgraph(int c)
{
	return c > ' ' && c <= '~';
}

int
ispunct(int c)
{
	return isgraph(c) && !isalnum(c);
}

int
tolower(int c)
{
	return isupper(c) ? c - 'A' + 'a' : c;
}

int
toupper(int c)
{
	return islower(c) ? c - 'a' + 'A' : c;
}
