/*
 * The one list of error codes every Cairn system call returns (0 = OK).
 * Part of the ABI: kernel and user space include this file.
 */
#ifndef CAIRN_ERROR_H
#define CAIRN_ERROR_H

enum cairn_error {
	CAIRN_OK = 0,
	CAIRN_E_INVALID_ARGUMENT = 1, /* an argument is out of its range */
	CAIRN_E_INVALID_SYSCALL = 2,  /* a negative number no call has */
	CAIRN_E_BAD_ADDRESS = 3,      /* a pointer to memory the caller
					 cannot read or write */
	CAIRN_E_RANGE = 4,	      /* a length or count is too large */
};

#endif
