/*
 * init: the root task.  It owns every capability the kernel hands over
 * at boot and runs the system's first services in one address space:
 * the memory manager (mem.c), the process manager (process.c, load.c), the
 * supervisor (super.c) and the name service (names.c); main.c starts
 * what etc/boot.conf names and serve.c answers every process's calls.
 */
#ifndef CAIRN_INIT_H
#define CAIRN_INIT_H

#include <stdbool.h>

#include <cairn/proc.h>

#include "cairn.h"
#include "slots.h"

extern const struct cairn_bootinfo *bootinfo;
extern int init_log_level;	/* 0 quiet ... 3 chatty */
extern uint64_t init_start_tsc; /* the TSC at init's first instruction */

/* Memory: Untyped blocks of 2^bits bytes from a buddy allocator. */
void mem_init(void);
cptr_t mem_block(unsigned bits);	    /* an Untyped of 2^bits, or 0 */
void mem_release(cptr_t ut);		    /* revoke it and take it back */
word_t mem_phys(cptr_t ut);		    /* its physical address */
word_t mem_total(void);			    /* bytes of RAM under management */
word_t mem_free(void);			    /* bytes in free blocks */
cptr_t mem_device(word_t phys, word_t len); /* device frames' Untyped */

/*
 * init's own objects (endpoints, reply objects, notifications, tables
 * for its own mappings) come from a pool it never gives back.
 */
cptr_t init_make(word_t type, word_t size);
int init_make_at(word_t type, word_t size, cptr_t slot);
word_t init_pool_used(void);

/* Virtual ranges of the single address layout, never handed out twice. */
word_t layout_take(word_t bytes, word_t align);

/* Map frame at vaddr in vspace, making tables with make as needed;
 * spare[3] keeps tables made but not needed, for the next call. */
int space_map(cptr_t frame, cptr_t vspace, word_t vaddr, word_t rights,
	      cptr_t (*make)(word_t type, void *arg), void *arg, cptr_t *spare);

/* Map frame at vaddr in init's own address space, tables as needed. */
int init_map(cptr_t frame, word_t vaddr, word_t rights);

/* The initramfs. */
extern const uint8_t *initramfs;
extern word_t initramfs_size;

/* Names: endpoints services provide, made once and kept by init. */
cptr_t names_endpoint(const char *name, bool create);
int names_count(void);

/* Logging: through the serial driver once it runs, else the kernel. */
void init_write(const char *s, size_t n);
void logf(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
