/*
 * Test helper: disassemble words with GNU objdump (binutils-aarch64-linux-gnu)
 * and hand each line's mnemonic and operands to a callback, with objdump's
 * address and word columns and its trailing comments ("// #...",
 * "; undefined") stripped, so the text compares with a64_disasm's.
 */
#ifndef PG_TEST_OBJDUMP_H
#define PG_TEST_OBJDUMP_H

#include <stddef.h>
#include <stdint.h>

#define OBJDUMP_TOOL "aarch64-linux-gnu-objdump"

/* Called once per word, in order: index into the array, the word objdump
 * read back, its text. */
typedef void objdump_line_fn(void *ctx, size_t index, uint32_t word, const char *text);

/*
 * Disassemble n words placed at address vma (one objdump run).  Returns the
 * number of lines handed to fn; on failure (tool missing, I/O) returns
 * (size_t)-1 and writes the reason into err.
 */
size_t objdump_words(const uint32_t *words, size_t n, uint64_t vma, objdump_line_fn *fn, void *ctx,
		     char *err, size_t errn);

#endif
