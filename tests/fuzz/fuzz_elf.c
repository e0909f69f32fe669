/*
 * fuzz_elf: the input is a program file, loaded as init loads one
 * (services/init/process.c): elf_check, each segment copied into an image
 * of the pages it spans, then elf_relocate for a PIE, each write landing
 * in the image.  What elf_check promises about an accepted file is
 * checked along the way.
 */
#include <string.h>

#include <cairn/layout.h>

#include "elf.h"
#include "fuzz.h"

enum {
	PAGE = 4096,
	IMAGE_MAX = 8 << 20, /* init's scratch area; larger is refused */
};

#define PIE_BASE 0x10000000ull /* where a PIE's lowest page goes */

/* An image being loaded: span bytes for [base + lo, base + lo + span). */
struct image {
	const struct elf_image *img;
	uint64_t base;
	uint8_t *mem; /* NULL when too large to hold */
	int fail;     /* refuse every write */
	int writes;
};

/* The loader's write callback: check the target, then store. */
static int
write64(void *arg, uint64_t vaddr, uint64_t value)
{
	struct image *im = arg;
	const struct elf_image *img = im->img;
	uint64_t v = vaddr - im->base;
	int ok = 0;

	(void)value;
	for (int i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->seg[i];
		ok |= (s->flags & ELF_PF_W) && v >= s->vaddr && s->memsz >= 8 &&
		      v - s->vaddr <= s->memsz - 8;
	}
	fuzz_check(ok, "relocation outside a writable segment");
	im->writes++;
	if (im->fail) {
		return -1;
	}
	if (im->mem != NULL) {
		memcpy(im->mem + (v - img->span_start), &value, 8);
	}
	return 0;
}

/* Check what elf_check promises about an accepted file. */
static void
check_image(const struct elf_image *img, size_t size, uint64_t limit)
{
	fuzz_check(img->nsegs >= 1 && img->nsegs <= ELF_MAX_SEGMENTS,
		   "segment count");
	int entry_ok = 0;
	for (int i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->seg[i];
		fuzz_check(s->filesz <= s->memsz && s->offset <= size &&
			       s->filesz <= size - s->offset,
			   "segment's file bytes outside the file");
		fuzz_check(img->pie || (s->vaddr >= PAGE && s->vaddr < limit &&
					s->memsz <= limit - s->vaddr),
			   "segment outside user space");
		fuzz_check(s->vaddr >= img->span_start &&
			       s->vaddr + s->memsz <= img->span_end,
			   "segment outside the span");
		fuzz_check(!((s->flags & ELF_PF_W) && (s->flags & ELF_PF_X)),
			   "writable and executable");
		for (int j = 0; j < i; j++) {
			const struct elf_segment *t = &img->seg[j];
			fuzz_check(s->vaddr / PAGE >
					   (t->vaddr + t->memsz - 1) / PAGE ||
				       t->vaddr / PAGE >
					   (s->vaddr + s->memsz - 1) / PAGE,
				   "segments share a page");
		}
		entry_ok |= (s->flags & ELF_PF_X) && img->entry >= s->vaddr &&
			    img->entry - s->vaddr < s->memsz;
	}
	fuzz_check(entry_ok, "entry outside an executable segment");
	fuzz_check(img->span_start % PAGE == 0 && img->span_end % PAGE == 0,
		   "span not in pages");
	fuzz_check(!img->pie ||
		       img->span_end - img->span_start < ELF_PIE_SPAN_MAX,
		   "PIE too large");
	fuzz_check(img->rela_offset <= size &&
		       img->rela_count <= (size - img->rela_offset) / 24,
		   "relocation table outside the file");
}

/* Copy the segments into im->mem, as the loader does, if it fits. */
static void
load(struct image *im, const uint8_t *file)
{
	const struct elf_image *img = im->img;
	uint64_t span = img->span_end - img->span_start;

	im->mem = span <= IMAGE_MAX ? calloc(1, span) : NULL;
	for (int i = 0; im->mem != NULL && i < img->nsegs; i++) {
		const struct elf_segment *s = &img->seg[i];
		memcpy(im->mem + (s->vaddr - img->span_start), file + s->offset,
		       s->filesz);
	}
}

/*
 * Load the image.  A PIE is relocated at a bad base, then with a failing
 * callback, then for real; an executable must not be.
 */
static void
relocate(const uint8_t *file, size_t size, const struct elf_image *img)
{
	struct image im = {img, 0, NULL, 0, 0};

	if (!img->pie) {
		load(&im, file);
		fuzz_check(
		    elf_relocate(file, size, img, 0, write64, &im) == ELF_OK &&
			elf_relocate(file, size, img, PAGE, write64, &im) ==
			    ELF_E_BASE &&
			im.writes == 0,
		    "an executable relocated");
		free(im.mem);
		return;
	}
	im.base = img->span_start <= PIE_BASE ? PIE_BASE - img->span_start : 0;
	fuzz_check(elf_relocate(file, size, img, im.base + 1, write64, &im) ==
		       ELF_E_BASE,
		   "an unaligned base accepted");
	im.fail = 1;
	int r = elf_relocate(file, size, img, im.base, write64, &im);
	int can = img->span_end <= UINT64_MAX - im.base;
	fuzz_check(!can || r == (img->rela_count > 0 ? ELF_E_WRITE : ELF_OK),
		   "a failed write not reported");
	im.fail = 0;
	load(&im, file);
	r = elf_relocate(file, size, img, im.base, write64, &im);
	fuzz_check(can ? r == ELF_OK : r == ELF_E_BASE,
		   "a checked PIE does not relocate");
	free(im.mem);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_image img;
	const uint64_t limits[] = {CAIRN_USER_TOP, 0x800000};

	for (int i = 0; i < 2; i++) {
		int r = elf_check(data, size, limits[i], &img);
		fuzz_check(elf_strerror(r) != NULL, "no error text");
		if (r != ELF_OK) {
			fuzz_check(fuzz_zeroed(&img, sizeof(img)),
				   "a refused file left an image");
			continue;
		}
		check_image(&img, size, limits[i]);
		relocate(data, size, &img);
	}
	return 0;
}
