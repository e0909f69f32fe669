/*
 * grant: a program's manifest, checked against boot.conf, and the
 * capabilities it declares, made and placed in its CNode.  Nothing else
 * is given: a program without a manifest gets no privilege at all.
 */
#include "process.h"

#include "bootconf.h"
#include "cstring.h"
#include "fmt.h"
#include "pci_bar.h"

struct bootconf bootconf;

int
load_manifest(struct proc *p, const char *prog, const uint8_t *file,
	      size_t size, char *why, size_t whylen)
{
	const char *text;
	size_t len;
	char err[96];
	int st = manifest_find_section(file, size, &text, &len);

	if (st == MANIFEST_E_NO_SECTION) {
		memset(&p->m, 0, sizeof(p->m));
		strcpy(p->m.name, prog);
		p->m.cspace_bits = MANIFEST_CSPACE_DEFAULT;
		p->m.quota = MANIFEST_QUOTA_DEFAULT;
		p->m.restart = MANIFEST_RESTART_NEVER;
		return 0;
	}
	if (st != MANIFEST_OK) {
		fmt_snprintf(why, whylen, "%s: bad manifest: %s", prog,
			     manifest_strerror(st));
		return -1;
	}
	if (manifest_parse(text, len, &p->m, err, sizeof(err)) != MANIFEST_OK) {
		fmt_snprintf(why, whylen, "%s: bad manifest: %s", prog, err);
		return -1;
	}
	if (strcmp(p->m.name, prog) != 0) {
		fmt_snprintf(why, whylen, "%s: its manifest names it '%s'",
			     prog, p->m.name);
		return -1;
	}
	/* A program of the disk's is held to what '*' may have, whatever
	 * name its manifest gives. */
	struct manifest as = p->m;
	strcpy(as.name, proc_rule_name(p));
	if (bootconf_permits(&bootconf, &as, err, sizeof(err)) != 0) {
		if (p->disk) {
			fmt_snprintf(why, whylen,
				     "%s (started from a file): %s", prog, err);
		} else {
			fmt_snprintf(why, whylen, "%s", err);
		}
		return -1;
	}
	return 0;
}

const char *
proc_rule_name(const struct proc *p)
{
	return p->disk ? "*" : p->m.name;
}

static struct cairn_grant *
record(struct proc *p, uint32_t kind, cptr_t slot, uint64_t a, uint64_t b,
       const char *name)
{
	struct cairn_grant *g = &p->info.grants[p->info.ngrants++];

	g->kind = kind;
	g->slot = (uint32_t)slot;
	g->a = a;
	g->b = b;
	if (name != NULL) {
		strcpy(g->name, name);
	}
	return g;
}

/* A slot of init's, in p's range, for a capability p's release deletes. */
static cptr_t
own_slot(struct proc *p)
{
	return p->next < p->nslots ? p->slots + p->next++ : 0;
}

/*
 * The manifest's `notify`: the notification bound to p's thread, into
 * p's CNode at *slot.  A process with interrupts has one bound already
 * (its first IRQ's or its device's): that one is named again.
 */
static int
grant_notify(struct proc *p, cptr_t *slot, char *why, size_t whylen)
{
	for (word_t i = 0; i < p->info.ngrants; i++) {
		const struct cairn_grant *g = &p->info.grants[i];
		if (g->kind == CAIRN_GRANT_IRQ || g->kind == CAIRN_GRANT_MSI ||
		    g->kind == CAIRN_GRANT_INTX) {
			record(p, CAIRN_GRANT_NOTIFY, g->slot2, 0, 0, NULL);
			return 0;
		}
	}
	cptr_t n = proc_make(p, CAIRN_OBJ_NOTIFICATION, 0);
	int st =
	    n == 0 ? CAIRN_E_NO_MEMORY : cairn_tcb_bind_notification(p->tcb, n);
	if (st == CAIRN_OK) {
		st = cairn_cnode_copy(p->cnode, *slot, CAIRN_ROOT_CNODE, n,
				      CAIRN_RIGHTS_ALL, NULL);
	}
	if (st != CAIRN_OK) {
		fmt_snprintf(why, whylen, "%s: notify: out of memory",
			     p->m.name);
		return -1;
	}
	record(p, CAIRN_GRANT_NOTIFY, (*slot)++, 0, 0, NULL);
	return 0;
}

/* log2 of bytes, a power of two. */
static unsigned
log2_exact(uint64_t bytes)
{
	unsigned b = 0;

	while ((1ull << b) < bytes) {
		b++;
	}
	return b;
}

/*
 * The manifest's `untyped N`: two Untypeds of N/2 bytes into p's CNode at
 * *slot and the next, then copies of its own VSpace and TCB (all rights)
 * in the two after.  Two halves because a child Untyped must be smaller
 * than its parent: one child of a block would leave half of it idle.
 * p->extra_block holds the block, so that release() takes it back,
 * whatever else failed, with every object made from it.
 */
static int
grant_untyped(struct proc *p, cptr_t *slot, char *why, size_t whylen)
{
	const struct manifest *m = &p->m;
	unsigned bits = log2_exact(m->untyped);
	cptr_t s = *slot;

	p->extra_block = mem_block(bits);
	if (p->extra_block == 0) {
		fmt_snprintf(why, whylen, "%s: untyped %luM: out of memory",
			     m->name, m->untyped >> 20);
		return -1;
	}
	int st = cairn_untyped_retype(p->extra_block, CAIRN_OBJ_UNTYPED,
				      bits - 1, p->cnode, s, 2, NULL);
	if (st == CAIRN_OK) {
		st = cairn_cnode_copy(p->cnode, s + 2, CAIRN_ROOT_CNODE,
				      p->vspace, CAIRN_RIGHTS_ALL, NULL);
	}
	if (st == CAIRN_OK) {
		st = cairn_cnode_copy(p->cnode, s + 3, CAIRN_ROOT_CNODE, p->tcb,
				      CAIRN_RIGHTS_ALL, NULL);
	}
	if (st != CAIRN_OK) {
		fmt_snprintf(why, whylen, "%s: untyped %luM: refused (%d)",
			     m->name, m->untyped >> 20, st);
		return -1;
	}
	/* A fresh block's first child starts at its base. */
	struct cairn_grant *g = record(p, CAIRN_GRANT_UNTYPED, s, m->untyped,
				       mem_phys(p->extra_block), NULL);
	g->slot2 = (uint32_t)(s + 2);
	g->reserved = (uint32_t)(s + 3);
	*slot = s + 4;
	return 0;
}

int
grant_all(struct proc *p, char *why, size_t whylen)
{
	const struct manifest *m = &p->m;
	cptr_t slot = CAIRN_PROC_FIRST_GRANT;
	word_t room = (1ull << m->cspace_bits) - CAIRN_PROC_FIRST_GRANT;
	word_t want = (word_t)m->nioports + 2 * (word_t)m->nirqs +
		      (word_t)m->nneeds + (word_t)m->nprovides +
		      (m->npci > 0 ? 3 + PCI_MAX_BARS : 0) + (word_t)m->notify +
		      (m->untyped != 0 ? 4 : 0);
	int st = CAIRN_OK;

	/* Records: one per grant, one for the replies, one for a wake. */
	word_t records = (word_t)(m->nioports + m->nirqs + m->nmmio +
				  m->nneeds + m->nprovides) +
			 2 + (m->npci > 0 ? 2 + PCI_MAX_BARS : 0) +
			 (m->notify ? 1 : 0) + (m->untyped != 0 ? 1 : 0);
	if (want + (word_t)m->replies + 1 > room ||
	    records > CAIRN_PROC_MAX_GRANTS) {
		fmt_snprintf(why, whylen, "%s: too many grants for its CSpace",
			     m->name);
		return -1;
	}
	if ((m->receive || m->untyped != 0) &&
	    cairn_cnode_copy(p->cnode, CAIRN_PROC_CNODE, CAIRN_ROOT_CNODE,
			     p->cnode, CAIRN_RIGHTS_ALL, NULL) != CAIRN_OK) {
		fmt_snprintf(why, whylen, "%s: cannot give it its CNode",
			     m->name);
		return -1;
	}
	for (int i = 0; i < m->nmmio; i++) {
		const struct manifest_range *r = &m->mmio[i];
		word_t va = layout_take(r->len, 1ull << 21);
		for (word_t off = 0; off < r->len; off += 0x1000) {
			cptr_t f = own_slot(p);
			st = f == 0 ? CAIRN_E_NO_FREE_SLOT
				    : mmio_frame(r->base + off, f);
			if (st == CAIRN_OK) {
				st = proc_map(p, f, va + off,
					      CAIRN_RIGHT_READ |
						  CAIRN_RIGHT_WRITE);
			}
			if (st != CAIRN_OK) {
				fmt_snprintf(
				    why, whylen, "%s: mmio 0x%lx+0x%lx: %s",
				    m->name, r->base, r->len,
				    st == CAIRN_E_IN_USE ? "in use"
							 : "not device memory");
				return -1;
			}
		}
		record(p, CAIRN_GRANT_MMIO, 0, va, r->len, NULL);
	}
	for (int i = 0; i < m->nioports && st == CAIRN_OK; i++) {
		const struct manifest_range *r = &m->ioport[i];
		st = cairn_ioport_issue(CAIRN_ROOT_IOPORT_CONTROL, r->base,
					r->base + r->len - 1, p->cnode, slot);
		if (st == CAIRN_OK) {
			record(p, CAIRN_GRANT_IOPORT, slot++, r->base, r->len,
			       NULL);
		} else {
			fmt_snprintf(why, whylen, "%s: ioport 0x%lx+%lu: %s",
				     m->name, r->base, r->len,
				     st == CAIRN_E_IN_USE ? "in use"
							  : "refused");
			return -1;
		}
	}
	for (int i = 0; i < m->nirqs && st == CAIRN_OK; i++) {
		cptr_t h = own_slot(p), b = own_slot(p);
		cptr_t n = proc_make(p, CAIRN_OBJ_NOTIFICATION, 0);
		st = h == 0 || b == 0 || n == 0
			 ? CAIRN_E_NO_FREE_SLOT
			 : cairn_irq_get(CAIRN_ROOT_IRQ_CONTROL, m->irq[i],
					 CAIRN_ROOT_CNODE, h);
		if (st == CAIRN_OK) {
			st = cairn_cnode_mint(
			    CAIRN_ROOT_CNODE, b, CAIRN_ROOT_CNODE, n,
			    CAIRN_RIGHT_WRITE, CAIRN_IRQ_BADGE(i), NULL);
		}
		if (st == CAIRN_OK) {
			st = cairn_irq_set_notification(h, b);
		}
		if (st == CAIRN_OK && i == 0) {
			st = cairn_tcb_bind_notification(p->tcb, n);
		}
		if (st == CAIRN_OK) {
			st = cairn_cnode_copy(p->cnode, slot, CAIRN_ROOT_CNODE,
					      h, CAIRN_RIGHTS_ALL, NULL);
		}
		if (st == CAIRN_OK) {
			st = cairn_cnode_copy(p->cnode, slot + 1,
					      CAIRN_ROOT_CNODE, n,
					      CAIRN_RIGHTS_ALL, NULL);
		}
		if (st != CAIRN_OK) {
			fmt_snprintf(
			    why, whylen, "%s: irq %u: %s", m->name, m->irq[i],
			    st == CAIRN_E_IN_USE ? "in use" : "refused");
			return -1;
		}
		struct cairn_grant *g =
		    record(p, CAIRN_GRANT_IRQ, slot, m->irq[i],
			   CAIRN_IRQ_BADGE(i), NULL);
		g->slot2 = (uint32_t)(slot + 1);
		slot += 2;
	}
	if (pcidev_grant(p, &slot, why, whylen) != 0) {
		return -1;
	}
	for (int i = 0; i < m->nneeds; i++) {
		cptr_t ep = names_endpoint(m->needs[i], true);
		st = ep == 0 ? CAIRN_E_NO_MEMORY
			     : cairn_cnode_mint(
				   p->cnode, slot, CAIRN_ROOT_CNODE, ep,
				   CAIRN_RIGHT_WRITE | CAIRN_RIGHT_GRANT |
				       CAIRN_RIGHT_GRANT_REPLY,
				   p->pid, NULL);
		if (st != CAIRN_OK) {
			fmt_snprintf(why, whylen, "%s: needs %s: refused",
				     m->name, m->needs[i]);
			return -1;
		}
		record(p, CAIRN_GRANT_NEEDS, slot++, 0, 0, m->needs[i]);
	}
	for (int i = 0; i < m->nprovides; i++) {
		cptr_t ep = names_endpoint(m->provides[i], true);
		st = ep == 0 ? CAIRN_E_NO_MEMORY
			     : cairn_cnode_copy(
				   p->cnode, slot, CAIRN_ROOT_CNODE, ep,
				   CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE, NULL);
		if (st != CAIRN_OK) {
			fmt_snprintf(why, whylen, "%s: provides %s: refused",
				     m->name, m->provides[i]);
			return -1;
		}
		record(p, CAIRN_GRANT_PROVIDES, slot++, 0, 0, m->provides[i]);
	}
	/* The timer service wakes init (the supervisor's backoff). */
	for (int i = 0; i < m->nprovides; i++) {
		if (strcmp(m->provides[i], "timer") == 0 &&
		    super_wake_cap() != 0 && slot < (1ull << m->cspace_bits) &&
		    cairn_cnode_mint(p->cnode, slot, CAIRN_ROOT_CNODE,
				     super_wake_cap(), CAIRN_RIGHT_WRITE,
				     WAKE_BADGE, NULL) == CAIRN_OK) {
			record(p, CAIRN_GRANT_WAKE, slot++, 0, 0, "init");
		}
	}
	if (m->notify && grant_notify(p, &slot, why, whylen) != 0) {
		return -1;
	}
	if (m->untyped != 0 && grant_untyped(p, &slot, why, whylen) != 0) {
		return -1;
	}
	if (m->replies > 0) {
		if (proc_make_in(p, CAIRN_OBJ_REPLY, 0, p->cnode, slot,
				 (word_t)m->replies) != CAIRN_OK) {
			fmt_snprintf(why, whylen,
				     "%s: out of memory for its replies",
				     m->name);
			return -1;
		}
		record(p, CAIRN_GRANT_REPLIES, slot, (word_t)m->replies, 0,
		       NULL);
	}
	return 0;
}
