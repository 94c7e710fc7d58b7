/* Early device tree reader for the RAM facts (see fdtmem.h). */
#include "lib/fdtmem.h"

#define FDT_MAGIC      0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP	       4u
#define FDT_END	       9u
#define MAX_DEPTH      16

typedef struct blob {
	const volatile uint32_t *w; /* the blob as big-endian words */
	uint32_t size;
	uint32_t strings, strings_size;
} blob;

static uint32_t be(const blob *b, uint32_t off)
{
	uint32_t v = b->w[off / 4];

	return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
}

static uint8_t byte(const blob *b, uint32_t off)
{
	return (uint8_t)(be(b, off & ~3u) >> (24 - 8 * (off & 3)));
}

const fdtmem_range *fdtmem_ram_of(const fdtmem *fm, uint64_t addr)
{
	for (unsigned i = 0; i < fm->nmem; i++)
		if (addr >= fm->mem[i].base && addr - fm->mem[i].base < fm->mem[i].size)
			return &fm->mem[i];
	return fm->nmem ? &fm->mem[0] : 0;
}

uint32_t fdtmem_size(const void *p, uint64_t max)
{
	blob b = { p, 40, 0, 0 };
	uint32_t size;

	if (!p || ((uintptr_t)p & 7) || max < 40 || be(&b, 0) != FDT_MAGIC)
		return 0;
	size = be(&b, 4);
	return size >= 40 && size <= max ? size : 0;
}

/* Does the NUL-terminated text at off equal s?  The text must end inside
 * [off, end). */
static bool text_is(const blob *b, uint32_t off, uint32_t end, const char *s)
{
	for (; off < end; off++, s++) {
		uint8_t c = byte(b, off);

		if (c != (uint8_t)*s)
			return false;
		if (!c)
			return true;
	}
	return false;
}

/* A node name "base" or "base@unit". */
static bool name_is(const blob *b, uint32_t off, uint32_t end, const char *base)
{
	for (; off < end && *base; off++, base++)
		if (byte(b, off) != (uint8_t)*base)
			return false;
	if (*base || off >= end)
		return false;
	return byte(b, off) == 0 || byte(b, off) == '@';
}

static uint64_t cells(const blob *b, uint32_t off, unsigned n)
{
	uint64_t v = 0;

	while (n--) {
		v = (v << 32) | be(b, off);
		off += 4;
	}
	return v;
}

enum { RES, MEM, IO };

static void add(fdtmem *out, int what, uint64_t base, uint64_t size, bool nomap)
{
	fdtmem_range *r = what == MEM ? out->mem : what == IO ? out->io : out->res;
	unsigned *n = what == MEM ? &out->nmem : what == IO ? &out->nio : &out->nres;

	if (!size)
		return;
	if (*n >= (what == IO ? FDTMEM_IO_MAX : FDTMEM_MAX)) {
		out->truncated = true;
		return;
	}
	r[*n] = (fdtmem_range){ base, size, nomap };
	(*n)++;
}

/* What a node at some depth is to us. */
enum { OTHER, ROOT, MEMORY, RESERVED, RESERVED_CHILD };

typedef struct node {
	int kind;
	unsigned ac, sc; /* #address-cells, #size-cells for its children */
	bool is_memory;	 /* device_type = "memory" */
	bool nomap;
	uint32_t reg, reg_len;	     /* its reg property, 0 if none */
	uint32_t ranges, ranges_len; /* its ranges property, 0 if none or empty */
} node;

static void add_regs(fdtmem *out, const blob *b, const node *n, const node *parent, bool mem)
{
	uint32_t step = 4 * (parent->ac + parent->sc), off;

	if (!parent->ac || parent->ac > 2 || parent->sc > 2 || !parent->sc)
		return;
	for (off = 0; off + step <= n->reg_len; off += step)
		add(out, mem ? MEM : RES, cells(b, n->reg + off, parent->ac),
		    cells(b, n->reg + off + 4 * parent->ac, parent->sc), n->nomap);
}

/* A root child's ranges: (child address, parent address, size) triples;
 * the parent side (the root's, i.e. CPU, addresses) is a device window.  An
 * empty ranges (identity) says nothing about where devices are. */
static void add_windows(fdtmem *out, const blob *b, const node *n, const node *root)
{
	uint32_t step = 4 * (n->ac + root->ac + n->sc), off;

	if (!n->ac || n->ac > 3 || !root->ac || root->ac > 2 || !n->sc || n->sc > 2)
		return;
	for (off = 0; off + step <= n->ranges_len; off += step)
		add(out, IO, cells(b, n->ranges + off + 4 * n->ac, root->ac),
		    cells(b, n->ranges + off + 4 * (n->ac + root->ac), n->sc), false);
}

const char *fdtmem_read(const void *p, uint64_t max, fdtmem *out)
{
	blob b = { p, 0, 0, 0 };
	uint32_t off, end, rsv;
	node stack[MAX_DEPTH];
	int depth = -1;

	out->nmem = out->nres = out->nio = 0;
	out->truncated = false;
	b.size = fdtmem_size(p, max);
	if (!b.size)
		return "no valid device tree header";
	if (be(&b, 20) < 16)
		return "device tree version below 16";
	off = be(&b, 8);
	end = off + be(&b, 36);
	b.strings = be(&b, 12);
	b.strings_size = be(&b, 32);
	rsv = be(&b, 16);
	if ((off & 3) || end < off || end > b.size || (rsv & 7) || rsv >= b.size ||
	    b.strings > b.size || b.strings_size > b.size - b.strings)
		return "device tree blocks out of bounds";

	/* The memory reservation block: (address, size) pairs up to 0, 0. */
	for (; rsv + 16 <= b.size; rsv += 16) {
		uint64_t base = cells(&b, rsv, 2), size = cells(&b, rsv + 8, 2);

		if (!base && !size)
			break;
		add(out, RES, base, size, false);
	}

	while (off + 4 <= end) {
		uint32_t tok = be(&b, off), len, pname;

		off += 4;
		switch (tok) {
		case FDT_BEGIN_NODE: {
			node *n, *up = depth >= 0 ? &stack[depth] : 0;
			uint32_t name;

			if (++depth >= MAX_DEPTH)
				return "device tree nested too deep";
			n = &stack[depth];
			name = off;
			while (off < end && byte(&b, off))
				off++;
			off = (off + 4) & ~3u; /* the NUL, then padding */
			*n = (node){ OTHER, 2, 1, false, false, 0, 0, 0, 0 };
			if (depth == 0)
				n->kind = ROOT;
			else if (up->kind == ROOT && name_is(&b, name, end, "memory"))
				n->kind = MEMORY;
			else if (up->kind == ROOT && name_is(&b, name, end, "reserved-memory"))
				n->kind = RESERVED;
			else if (up->kind == RESERVED)
				n->kind = RESERVED_CHILD;
			break;
		}
		case FDT_END_NODE:
			if (depth < 0)
				return "device tree nodes unbalanced";
			if (depth >= 1 && stack[depth].reg) {
				node *n = &stack[depth];

				/* A root child named memory or with device_type
				 * "memory" (2.3.1: either identifies it). */
				if (stack[depth - 1].kind == ROOT &&
				    (n->kind == MEMORY || n->is_memory))
					add_regs(out, &b, n, &stack[depth - 1], true);
				else if (n->kind == RESERVED_CHILD)
					add_regs(out, &b, n, &stack[depth - 1], false);
			}
			if (depth == 1 && stack[1].ranges_len && stack[1].kind == OTHER &&
			    !stack[1].is_memory)
				add_windows(out, &b, &stack[1], &stack[0]);
			depth--;
			break;
		case FDT_PROP:
			if (off + 8 > end || depth < 0)
				return "device tree property out of bounds";
			len = be(&b, off);
			pname = be(&b, off + 4);
			off += 8;
			if (len > end - off || pname >= b.strings_size)
				return "device tree property out of bounds";
			pname += b.strings;
			{
				node *n = &stack[depth];
				uint32_t send = b.strings + b.strings_size;

				if (text_is(&b, pname, send, "#address-cells") && len == 4)
					n->ac = be(&b, off);
				else if (text_is(&b, pname, send, "#size-cells") && len == 4)
					n->sc = be(&b, off);
				else if (text_is(&b, pname, send, "reg")) {
					n->reg = off;
					n->reg_len = len;
				} else if (text_is(&b, pname, send, "ranges")) {
					n->ranges = off;
					n->ranges_len = len;
				} else if (text_is(&b, pname, send, "no-map"))
					n->nomap = true;
				else if (text_is(&b, pname, send, "device_type"))
					n->is_memory = text_is(&b, off, off + len, "memory");
			}
			off = (off + len + 3) & ~3u;
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			return depth == -1 ? 0 : "device tree nodes unbalanced";
		default:
			return "unknown device tree token";
		}
	}
	return "device tree structure block not terminated";
}
