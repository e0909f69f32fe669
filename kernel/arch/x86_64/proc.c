/*
 * proc: loading and running the boot program.  Its frames and page tables
 * come from the boot memory account.
 */
#include "proc.h"

#include <cairn/layout.h>

#include "arch.h"
#include "console.h"
#include "cpu.h"
#include "cstring.h"
#include "elf.h"
#include "gdt.h"
#include "mmu.h"
#include "percpu.h"
#include "timer.h"
#include "trap.h"

static struct {
	char name[BOOT_NAME_MAX];
	char args[BOOT_NAME_MAX];
	uint64_t pml4;
	uint64_t entry;
	uint64_t pages;
	uint64_t start_ticks;
} proc;

/* Map one zeroed page at va with rights; copy src[0, n) to offset off. */
static int
load_page(uint64_t va, uint64_t rights, uint64_t off, const uint8_t *src,
	  uint64_t n)
{
	uint64_t pa = page_alloc_zeroed();

	if (pa == 0 || vspace_map(proc.pml4, va, pa, rights) != 0) {
		return -1;
	}
	memcpy((uint8_t *)phys_to_virt(pa) + off, src, n);
	proc.pages++;
	return 0;
}

static int
load_segment(const uint8_t *file, const struct elf_segment *s)
{
	uint64_t rights = (s->flags & ELF_PF_W ? PTE_W : 0) |
			  (s->flags & ELF_PF_X ? 0 : PTE_NX);
	uint64_t first = s->vaddr & ~(PAGE_SIZE - 1);

	for (uint64_t va = first; va < s->vaddr + s->memsz; va += PAGE_SIZE) {
		/* The part of the file's bytes that falls in this page. */
		uint64_t lo = va > s->vaddr ? va : s->vaddr;
		uint64_t hi = va + PAGE_SIZE;
		uint64_t fend = s->vaddr + s->filesz;
		hi = hi < fend ? hi : fend;
		uint64_t n = hi > lo ? hi - lo : 0;
		if (load_page(va, rights, lo - va,
			      file + s->offset + (lo - s->vaddr), n) != 0) {
			return -1;
		}
	}
	return 0;
}

/* Split "path args..." into the program's name and its arguments. */
static void
set_names(const char *cmd)
{
	const char *sp = cmd;
	while (*sp != '\0' && *sp != ' ') {
		sp++;
	}
	const char *base = sp;
	while (base > cmd && base[-1] != '/') {
		base--;
	}
	uint64_t n = (uint64_t)(sp - base) < sizeof(proc.name) - 1
			 ? (uint64_t)(sp - base)
			 : sizeof(proc.name) - 1;
	memcpy(proc.name, base, n);
	proc.name[n] = '\0';
	while (*sp == ' ') {
		sp++;
	}
	memcpy(proc.args, sp, strlen(sp) + 1);
}

int
proc_load(const struct boot_module *m)
{
	const uint8_t *file = phys_to_virt(m->start);
	struct elf_image img;

	set_names(m->name);
	int err = elf_check(file, m->end - m->start, CAIRN_USER_TOP, &img);
	if (err != ELF_OK) {
		kprintf("proc: '%s' refused: %s\n", proc.name,
			elf_strerror(err));
		return -1;
	}
	proc.pml4 = vspace_create();
	if (proc.pml4 == 0) {
		kprintf("proc: no memory for an address space\n");
		return -1;
	}
	for (int i = 0; i < img.nsegs; i++) {
		if (load_segment(file, &img.seg[i]) != 0) {
			kprintf("proc: no memory to load '%s'\n", proc.name);
			return -1;
		}
	}
	uint64_t stack = CAIRN_USER_STACK_TOP - CAIRN_USER_STACK_SIZE;
	for (uint64_t va = stack; va < CAIRN_USER_STACK_TOP; va += PAGE_SIZE) {
		if (load_page(va, PTE_W | PTE_NX, 0, NULL, 0) != 0) {
			kprintf("proc: no memory for a stack\n");
			return -1;
		}
	}
	proc.entry = img.entry;
	kprintf("proc: loaded '%s' (args \"%s\"): entry 0x%lx, %d segments, "
		"%lu pages\n",
		proc.name, proc.args, img.entry, img.nsegs, proc.pages);
	return 0;
}

/*
 * Enter the program at its entry with rdi pointing at its argument string,
 * copied to the top of its stack.
 */
void
proc_start(void)
{
	static struct trap_frame *f;
	uint64_t len = strlen(proc.args) + 1;
	uint64_t args = (CAIRN_USER_STACK_TOP - len) & ~15ull;

	f = (struct trap_frame *)(cpu0.kstack_top - sizeof(*f));
	memset(f, 0, sizeof(*f));
	f->rip = proc.entry;
	f->cs = SEL_UCODE;
	f->ss = SEL_UDATA;
	f->rflags = RFLAGS_IF | 2;
	f->rsp = args - 8; /* as if a call had pushed a return address */
	f->rdi = args;
	write_cr3(proc.pml4);
	if (cpu_features.smap) {
		__asm__ volatile("stac");
	}
	memcpy((void *)args, proc.args, len);
	if (cpu_features.smap) {
		__asm__ volatile("clac");
	}
	proc.start_ticks = cpu0.ticks;
	user_enter(f);
}

/* The program is gone: report, show the kernel still runs, power off. */
static _Noreturn void
finish(enum power_status status)
{
	write_cr3(kernel_pml4);
	kprintf("proc: '%s' ran for %lu timer ticks\n", proc.name,
		cpu0.ticks - proc.start_ticks);
	if (status == POWER_FAULT) {
		kprintf("kernel: carrying on after the user fault\n");
		timer_check(5);
	}
	arch_poweroff(status);
}

void
proc_exit(uint64_t status)
{
	kprintf("proc: '%s' exited with status %lu\n", proc.name, status);
	finish(status == 0 ? POWER_OK : POWER_FAILED);
}

void
proc_fault(struct trap_frame *f)
{
	kprintf("user fault: %s in '%s' at 0x%lx", trap_name(f->vector),
		proc.name, f->rip);
	if (f->vector == VEC_PF) {
		kprintf(", address 0x%lx", read_cr2());
	}
	kprintf("\n");
	trap_dump(f);
	kprintf("proc: '%s' killed by the fault\n", proc.name);
	finish(POWER_FAULT);
}

void
proc_unknown_syscall(struct trap_frame *f)
{
	kprintf("user fault: unknown system call %ld in '%s' at 0x%lx\n",
		(int64_t)f->rax, proc.name, f->rip);
	kprintf("proc: '%s' killed by the fault\n", proc.name);
	finish(POWER_FAULT);
}
