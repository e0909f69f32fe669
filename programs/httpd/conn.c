/*
 * conn: a connection's life (conn.h).  One request is read and answered
 * at a time; requests sent ahead (pipelined) wait in the request buffer
 * and are answered in order.  A connection that will not be kept is shut
 * for writing after its last answer and read until the client closes,
 * so that the answer is not lost to a reset.
 */
#include "conn.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

void
conn_open(struct conn *c, int fd, uint64_t now)
{
	c->fd = fd;
	c->state = C_READ;
	c->keep = 1;
	c->since = now;
	c->have = 0;
	c->skip = 0;
	c->out_at = c->out_n = 0;
	c->file = -1;
	c->file_left = 0;
	c->mem = NULL;
	c->mem_at = c->mem_n = 0;
}

/* Let go of the body being sent, if any. */
static void
drop_body(struct conn *c)
{
	if (c->file >= 0) {
		close(c->file);
		c->file = -1;
	}
	free(c->mem);
	c->mem = NULL;
	c->file_left = 0;
	c->mem_at = c->mem_n = 0;
}

void
conn_close(struct conn *c)
{
	drop_body(c);
	if (c->fd >= 0) {
		close(c->fd);
	}
	c->fd = -1;
	c->state = C_DONE;
}

/* Top up out from the body's source: 0, or -1 if the file ended early
 * or failed (its length was promised: the connection must end). */
static int
refill(struct conn *c)
{
	if (c->out_at > 0) {
		memmove(c->out, c->out + c->out_at, c->out_n - c->out_at);
		c->out_n -= c->out_at;
		c->out_at = 0;
	}
	while (c->out_n < CONN_OUT) {
		size_t room = CONN_OUT - c->out_n;
		if (c->mem_at < c->mem_n) {
			size_t k = c->mem_n - c->mem_at < room
				       ? c->mem_n - c->mem_at
				       : room;
			memcpy(c->out + c->out_n, c->mem + c->mem_at, k);
			c->mem_at += k;
			c->out_n += k;
		} else if (c->file >= 0 && c->file_left > 0) {
			size_t k =
			    c->file_left < room ? (size_t)c->file_left : room;
			ssize_t r = read(c->file, c->out + c->out_n, k);
			if (r <= 0) {
				return -1;
			}
			c->file_left -= (uint64_t)r;
			c->out_n += (size_t)r;
		} else {
			break;
		}
	}
	return 0;
}

/* Send what the socket takes: 1 once the whole answer is sent, 0 if the
 * socket is full, -1 if the connection failed. */
static int
pump(struct conn *c, uint64_t now)
{
	for (;;) {
		if (refill(c) < 0) {
			return -1;
		}
		if (c->out_n == 0) {
			return 1;
		}
		ssize_t r =
		    send(c->fd, c->out + c->out_at, c->out_n - c->out_at, 0);
		if (r < 0) {
			return errno == EAGAIN ? 0 : -1;
		}
		c->out_at += (size_t)r;
		c->since = now;
	}
}

/* One read from the client, into the request buffer or, while a body is
 * skipped, nowhere: 1 if bytes came, 0 if none, -1 if it closed. */
static int
take_in(struct conn *c, uint64_t now)
{
	static char sink[4096];
	char *to = c->req + c->have;
	size_t room = HTTP_HEAD_MAX - c->have;

	if (c->skip > 0) {
		to = sink;
		room = c->skip < sizeof(sink) ? (size_t)c->skip : sizeof(sink);
	}
	if (room == 0) {
		return 0;
	}
	ssize_t r = recv(c->fd, to, room, 0);
	if (r <= 0) {
		return r < 0 && errno == EAGAIN ? 0 : -1;
	}
	if (c->have == 0 && c->skip == 0) {
		c->since = now; /* a request begins: its clock starts */
	}
	if (c->skip > 0) {
		c->skip -= (uint64_t)r;
	} else {
		c->have += (size_t)r;
	}
	return 1;
}

/* Answer the request at the start of the buffer if it is whole. */
static void
next_request(struct httpd *h, struct conn *c, uint64_t now)
{
	struct http_req r;
	long n =
	    c->skip > 0 || c->have == 0 ? 0 : http_parse(c->req, c->have, &r);

	if (n == 0) {
		return;
	}
	if (n < 0) {
		h->errors++;
		c->have = 0;
		answer_error(c, (int)-n, 0, 0);
	} else {
		size_t rest = c->have - (size_t)n;
		size_t body = r.body < rest ? (size_t)r.body : rest;
		memmove(c->req, c->req + n + body, rest - body);
		c->have = rest - body;
		c->skip = r.body - body;
		h->requests++;
		answer(h, c, &r);
	}
	c->state = C_SEND;
	c->since = now;
}

/* c's answer is sent: the next request, or the end. */
static void
answered(struct conn *c, uint64_t now)
{
	drop_body(c);
	c->since = now;
	if (c->keep) {
		c->state = C_READ;
		return;
	}
	shutdown(c->fd, SHUT_WR);
	c->state = C_DRAIN;
}

void
conn_step(struct httpd *h, struct conn *c, short revents, uint64_t now)
{
	if (revents & POLLNVAL) {
		conn_close(c);
		return;
	}
	for (;;) {
		char sink[512];
		ssize_t r;
		switch (c->state) {
		case C_READ:
			if ((revents & (POLLIN | POLLHUP | POLLERR)) &&
			    take_in(c, now) < 0) {
				conn_close(c);
				return;
			}
			revents = 0;
			next_request(h, c, now);
			if (c->state == C_SEND) {
				continue;
			}
			if (now >= conn_deadline(c)) {
				if (c->have == 0 && c->skip == 0) {
					conn_close(c); /* idle: quietly */
					return;
				}
				c->have = 0;
				answer_error(c, 408, 0, 0);
				c->state = C_SEND;
				continue;
			}
			return;
		case C_SEND:
			switch (pump(c, now)) {
			case 1:
				answered(c, now);
				continue;
			case 0:
				if (now >= conn_deadline(c)) {
					conn_close(c); /* it stopped reading */
				}
				return;
			default:
				conn_close(c);
				return;
			}
		case C_DRAIN:
			r = recv(c->fd, sink, sizeof(sink), 0);
			if (r > 0) {
				continue;
			}
			if (r == 0 || errno != EAGAIN ||
			    now >= conn_deadline(c)) {
				conn_close(c);
			}
			return;
		default:
			return;
		}
	}
}

short
conn_events(const struct conn *c)
{
	return c->state == C_SEND ? POLLOUT : POLLIN;
}

uint64_t
conn_deadline(const struct conn *c)
{
	switch (c->state) {
	case C_READ:
		return c->since + (c->have == 0 && c->skip == 0 ? CONN_IDLE_MS
								: CONN_HEAD_MS);
	case C_SEND:
		return c->since + CONN_SEND_MS;
	case C_DRAIN:
		return c->since + CONN_DRAIN_MS;
	default:
		return c->since;
	}
}
