/*
 * tar: the POSIX ustar format, after the pax utility's description in
 * POSIX.1-2008.  A header is one 512-byte block; the data follows in whole
 * blocks; two zero blocks end the archive.
 */
#include "tar.h"

#include "cstring.h"

/* Header fields: offset and length. */
enum {
	H_NAME = 0,
	H_NAME_LEN = 100,
	H_MODE = 100,
	H_UID = 108,
	H_GID = 116,
	H_SIZE = 124,
	H_MTIME = 136,
	H_CHKSUM = 148,
	H_TYPE = 156,
	H_MAGIC = 257,
	H_DEVMAJOR = 329,
	H_DEVMINOR = 337,
	H_PREFIX = 345,
	H_PREFIX_LEN = 155,
};

/* Magic and version: POSIX ustar, and GNU tar's older variant. */
static const char posix_magic[8] = {'u', 's', 't', 'a', 'r', '\0', '0', '0'};
static const char gnu_magic[8] = {'u', 's', 't', 'a', 'r', ' ', ' ', '\0'};

/*
 * Parse the octal field f (n bytes): optional leading spaces, digits, then
 * at least one space or NUL and nothing but spaces and NULs.  A field with
 * no digits is refused unless empty_ok.  Eleven digits at most fit in the
 * widest field, so the value cannot overflow.
 */
static int
octal(const uint8_t *f, int n, int empty_ok, uint64_t *v)
{
	int i = 0;
	int digits = 0;
	uint64_t x = 0;

	while (i < n && f[i] == ' ') {
		i++;
	}
	for (; i < n && f[i] >= '0' && f[i] <= '7'; i++, digits++) {
		x = x * 8 + (uint64_t)(f[i] - '0');
	}
	if (i == n || (digits == 0 && !empty_ok)) {
		return TAR_E_NUMBER;
	}
	for (; i < n; i++) {
		if (f[i] != ' ' && f[i] != '\0') {
			return TAR_E_NUMBER;
		}
	}
	*v = x;
	return TAR_OK;
}

/* Does the checksum field match the unsigned or the signed byte sum? */
static int
checksum_ok(const uint8_t *h, uint64_t want)
{
	uint64_t usum = 8 * ' ';
	int64_t ssum = 8 * ' ';

	/* Every byte but the checksum field's, which count as spaces. */
	for (int i = 0; i < TAR_BLOCK; i++) {
		usum += h[i];
		ssum += (int8_t)h[i];
	}
	for (int i = H_CHKSUM; i < H_CHKSUM + 8; i++) {
		usum -= h[i];
		ssum -= (int8_t)h[i];
	}
	return usum == want || (ssum >= 0 && (uint64_t)ssum == want);
}

static int
zero_block(const uint8_t *h)
{
	for (int i = 0; i < TAR_BLOCK; i++) {
		if (h[i] != 0) {
			return 0;
		}
	}
	return 1;
}

/* The length of the string in f (n bytes), NUL-terminated unless full. */
static size_t
field_len(const uint8_t *f, size_t n)
{
	size_t i = 0;

	while (i < n && f[i] != '\0') {
		i++;
	}
	return i;
}

/*
 * Build e->name from the header: prefix (POSIX headers only; GNU ones use
 * that space for other things) and name, then drop leading "./" and, for
 * a directory, trailing '/'.
 */
static int
make_name(const uint8_t *h, int posix, struct tar_entry *e)
{
	char buf[H_PREFIX_LEN + 1 + H_NAME_LEN + 1];
	size_t n = 0;
	size_t plen = posix ? field_len(h + H_PREFIX, H_PREFIX_LEN) : 0;
	size_t nlen = field_len(h + H_NAME, H_NAME_LEN);

	if (plen > 0) {
		memcpy(buf, h + H_PREFIX, plen);
		buf[plen] = '/';
		n = plen + 1;
	}
	memcpy(buf + n, h + H_NAME, nlen);
	n += nlen;
	buf[n] = '\0';

	const char *s = buf;
	while (s[0] == '.' && s[1] == '/') {
		s += 2;
		n -= 2;
	}
	if (n == 1 && s[0] == '.') {
		n = 0;
	}
	if (e->type == TAR_DIR) {
		while (n > 0 && s[n - 1] == '/') {
			n--;
		}
	}
	if (n > TAR_NAME_MAX || (n == 0 && e->type != TAR_DIR)) {
		return TAR_E_NAME;
	}
	memcpy(e->name, s, n);
	e->name[n] = '\0';
	return TAR_OK;
}

/*
 * Check the numeric fields; fill e's mode and size.  Device numbers may be
 * left empty for entries that are not devices.
 */
static int
check_numbers(const uint8_t *h, struct tar_entry *e)
{
	uint64_t mode, v;

	if (octal(h + H_MODE, 8, 0, &mode) != TAR_OK ||
	    octal(h + H_UID, 8, 0, &v) != TAR_OK ||
	    octal(h + H_GID, 8, 0, &v) != TAR_OK ||
	    octal(h + H_MTIME, 12, 0, &v) != TAR_OK ||
	    octal(h + H_DEVMAJOR, 8, 1, &v) != TAR_OK ||
	    octal(h + H_DEVMINOR, 8, 1, &v) != TAR_OK ||
	    octal(h + H_SIZE, 12, 0, &e->size) != TAR_OK) {
		return TAR_E_NUMBER;
	}
	e->mode = (uint32_t)mode;
	return TAR_OK;
}

/* Classify the typeflag; return whether data blocks follow the header. */
static int
classify(uint8_t flag, struct tar_entry *e)
{
	switch (flag) {
	case '0':
	case '\0':
	case '7':
		e->type = TAR_FILE;
		return 1;
	case '5':
		e->type = TAR_DIR;
		return 0;
	case '1':
	case '2':
	case '3':
	case '4':
	case '6':
		/* Links and devices: the size field does not count data. */
		e->type = TAR_OTHER;
		return 0;
	default:
		e->type = TAR_OTHER;
		return 1;
	}
}

/* Check the header at it->pos and describe it in *e. */
static int
read_header(struct tar_iter *it, struct tar_entry *e)
{
	const uint8_t *h = it->archive + it->pos;
	uint64_t sum;

	if (octal(h + H_CHKSUM, 8, 0, &sum) != TAR_OK || !checksum_ok(h, sum)) {
		return TAR_E_CHECKSUM;
	}
	int posix = memcmp(h + H_MAGIC, posix_magic, 8) == 0;
	if (!posix && memcmp(h + H_MAGIC, gnu_magic, 8) != 0) {
		return TAR_E_MAGIC;
	}
	int err = check_numbers(h, e);
	if (err != TAR_OK) {
		return err;
	}
	int has_data = classify(h[H_TYPE], e);
	err = make_name(h, posix, e);
	if (err != TAR_OK) {
		return err;
	}
	size_t left = it->size - it->pos - TAR_BLOCK;
	uint64_t blocks = 0;
	if (has_data) {
		blocks = (e->size + TAR_BLOCK - 1) / TAR_BLOCK;
		if (blocks > left / TAR_BLOCK) {
			return TAR_E_SIZE;
		}
	} else {
		e->size = 0;
	}
	e->data = has_data ? h + TAR_BLOCK : NULL;
	it->pos += TAR_BLOCK + (size_t)blocks * TAR_BLOCK;
	return TAR_OK;
}

void
tar_begin(struct tar_iter *it, const void *archive, size_t size)
{
	it->archive = archive;
	it->size = size;
	it->pos = 0;
	it->status = 1;
	it->terminated = 0;
}

/*
 * At a zero block: the end if the buffer ends after it or another zero
 * block follows; anything else is a lone zero block.
 */
static int
at_zero_block(struct tar_iter *it)
{
	size_t next = it->pos + TAR_BLOCK;

	if (next == it->size) {
		return 0;
	}
	if (it->size - next < TAR_BLOCK) {
		return TAR_E_SHORT;
	}
	if (!zero_block(it->archive + next)) {
		return TAR_E_ZERO;
	}
	it->terminated = 1;
	return 0;
}

int
tar_next(struct tar_iter *it, struct tar_entry *e)
{
	if (it->status != 1) {
		return it->status;
	}
	memset(e, 0, sizeof(*e));
	if (it->pos == it->size) {
		it->status = 0;
	} else if (it->size - it->pos < TAR_BLOCK) {
		it->status = TAR_E_SHORT;
	} else if (zero_block(it->archive + it->pos)) {
		it->status = at_zero_block(it);
	} else {
		int err = read_header(it, e);
		if (err == TAR_OK) {
			return 1;
		}
		it->status = err;
	}
	memset(e, 0, sizeof(*e));
	return it->status;
}

int
tar_find(const void *archive, size_t size, const char *path,
	 struct tar_entry *e)
{
	struct tar_iter it;
	struct tar_entry cur;
	int found = 0;
	int r;

	while (path[0] == '.' && path[1] == '/') {
		path += 2;
	}
	memset(e, 0, sizeof(*e));
	tar_begin(&it, archive, size);
	while ((r = tar_next(&it, &cur)) == 1) {
		if (cur.type == TAR_FILE && strcmp(cur.name, path) == 0) {
			*e = cur;
			found = 1;
		}
	}
	if (r < 0 || !found) {
		memset(e, 0, sizeof(*e));
		return r < 0 ? r : TAR_E_NOT_FOUND;
	}
	return TAR_OK;
}

const char *
tar_strerror(int err)
{
	static const char *const msg[] = {
	    "ok",
	    "archive ends inside a header",
	    "header checksum mismatch",
	    "not a ustar header",
	    "malformed octal field in a header",
	    "entry data runs past the end of the archive",
	    "entry name empty or longer than 255 characters",
	    "lone zero block inside the archive",
	    "no such regular file in the archive",
	};

	if (err > 0 || -err >= (int)(sizeof(msg) / sizeof(msg[0]))) {
		return "unknown error";
	}
	return msg[-err];
}
