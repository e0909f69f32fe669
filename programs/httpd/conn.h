/*
 * conn: one client connection of httpd, from its requests to its
 * answers: read a request head, answer it (answer.c), send the answer,
 * then the next request on the same connection or a graceful close.
 */
#ifndef CAIRN_HTTPD_CONN_H
#define CAIRN_HTTPD_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "http.h"

#define CONN_OUT 16384 /* the send buffer: a head and a piece of body */

/* Time limits, in milliseconds. */
#define CONN_IDLE_MS  15000 /* between requests on a kept connection */
#define CONN_HEAD_MS  10000 /* from a request's first byte to its end */
#define CONN_SEND_MS  30000 /* without any progress while sending */
#define CONN_DRAIN_MS 2000  /* reading what is left before the close */

enum conn_state {
	C_READ,	 /* reading a request head (or a body to skip) */
	C_SEND,	 /* sending an answer */
	C_DRAIN, /* answered for the last time: our side is shut */
	C_DONE,	 /* to be closed */
};

struct conn {
	int fd;
	int state;	/* enum conn_state */
	int keep;	/* keep the connection after this answer */
	uint64_t since; /* ms: when the current time limit started */
	size_t have;	/* request bytes in req */
	uint64_t skip;	/* body bytes still to read and drop */
	size_t out_at;	/* out[out_at, out_n) is still to send */
	size_t out_n;
	int file; /* the file whose bytes follow, or -1 */
	uint64_t file_left;
	char *mem; /* a generated body that follows (a listing) */
	size_t mem_at, mem_n;
	char req[HTTP_HEAD_MAX];
	char out[CONN_OUT];
};

/* What httpd was asked to do. */
struct httpd {
	const char *root; /* the folder served */
	int verbose;	  /* a line for every request */
	uint64_t requests, errors;
};

/* A new connection on fd. */
void conn_open(struct conn *c, int fd, uint64_t now);

/* Move c on after poll said revents (0: only time passed). */
void conn_step(struct httpd *h, struct conn *c, short revents, uint64_t now);

/* The events c waits for. */
short conn_events(const struct conn *c);

/* When c's time limit runs out (ms). */
uint64_t conn_deadline(const struct conn *c);

/* Close c's socket and what it holds. */
void conn_close(struct conn *c);

/* Begin the answer to r (answer.c): the head in c->out, the body's source
 * set. */
void answer(struct httpd *h, struct conn *c, const struct http_req *r);

/* Begin an answer with status and its error page; the connection closes
 * after it unless keep. */
void answer_error(struct conn *c, int status, int head_only, int keep);

#endif
