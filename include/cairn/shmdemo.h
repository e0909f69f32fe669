/* The protocol between programs/shmdemo and programs/shmpeer. */
#ifndef CAIRN_SHMDEMO_H
#define CAIRN_SHMDEMO_H

enum shmdemo_call {
	SHMDEMO_LIST = 1,    /* MR0 the list's head; the region's capability */
	SHMDEMO_CONSUME = 2, /* MR0 address, MR1 bytes -> MR0 their sum */
	SHMDEMO_COPY = 3,    /* MR0 bytes, MR1... the bytes -> MR0 their sum */
	SHMDEMO_QUIT = 4,
};

/* A node of the list shmdemo builds in the region and shmpeer walks. */
struct shmdemo_node {
	struct shmdemo_node *next;
	unsigned long value;
};

#endif
