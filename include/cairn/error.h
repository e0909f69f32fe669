/*
 * The one list of error codes every Cairn system call returns (0 = OK),
 * in rax (docs/abi.md, "Errors").  Kernel and user space include this.
 */
#ifndef CAIRN_ERROR_H
#define CAIRN_ERROR_H

enum cairn_error {
	CAIRN_OK = 0,
	CAIRN_E_INVALID_ARGUMENT = 1,  /* an argument is out of its range */
	CAIRN_E_INVALID_SYSCALL = 2,   /* a negative number no call has */
	CAIRN_E_BAD_ADDRESS = 3,       /* an address the call cannot use */
	CAIRN_E_RANGE = 4,	       /* a length, count or index too large */
	CAIRN_E_INVALID_CAP = 5,       /* no capability of the right type */
	CAIRN_E_EMPTY_SLOT = 6,	       /* the slot named holds nothing */
	CAIRN_E_SLOT_OCCUPIED = 7,     /* the destination slot is not empty */
	CAIRN_E_NO_RIGHTS = 8,	       /* the capability lacks a right */
	CAIRN_E_ILLEGAL_OPERATION = 9, /* no such method, or not now */
	CAIRN_E_NO_MEMORY = 10,	       /* the Untyped has too little room */
	CAIRN_E_REVOKE_FIRST = 11,     /* children or mappings in the way */
	CAIRN_E_ALIGNMENT = 12,	       /* an address is not aligned */
	CAIRN_E_NO_FREE_SLOT = 13,     /* automatic slot: the CNode is full */
	CAIRN_E_WOULD_BLOCK = 14,      /* non-blocking: nobody was there */
	CAIRN_E_DELETED = 15,	       /* what the thread waited on is gone */
	CAIRN_E_IN_USE = 16,	       /* already bound, mapped or assigned */
	CAIRN_E_NO_REPLY = 17,	       /* the reply object has no caller */
	CAIRN_E_NO_TABLE = 18,	       /* a mapping needs a page table first */
	CAIRN_E_COUNT = 19,
};

#endif
