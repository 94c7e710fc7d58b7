/*
 * The VideoCore mailbox property channel of the BCM2835 family (BCM2837 on
 * the Raspberry Pi 3): the ARM asks the VideoCore firmware for things (a
 * clock rate, ...) through a message buffer in RAM.
 */
#ifndef PG_PLAT_BCM2835_MBOX_H
#define PG_PLAT_BCM2835_MBOX_H

#include <stdint.h>

/* A message buffer: the VideoCore reads and writes it behind the ARM's
 * caches, so it is aligned and padded to whole cache lines (64 bytes on
 * the Cortex-A53) that hold nothing else. */
#define BCM_MBOX_BUF_BYTES 64u
typedef struct bcm_mbox_buf {
	uint32_t w[BCM_MBOX_BUF_BYTES / 4];
} __attribute__((aligned(BCM_MBOX_BUF_BYTES))) bcm_mbox_buf;

enum {
	BCM_MBOX_OK = 0,
	BCM_MBOX_EADDR = -1,	/* buffer misaligned or not below 1 GiB */
	BCM_MBOX_EFULL = -2,	/* mailbox 1 stayed full */
	BCM_MBOX_ETIMEOUT = -3, /* no answer */
	BCM_MBOX_EFW = -4,	/* the firmware answered with an error */
};

/*
 * Ask the firmware to set clock clock_id (2: UART) to hz.  base is the
 * mailbox block (peripheral base + 0xB880); buf, at physical address
 * buf_pa, is the message buffer.  On BCM_MBOX_OK *set_hz is the rate the
 * firmware reports it set (it may differ from hz; 0 when the clock does not
 * exist).
 */
int bcm_mbox_set_clock(uint64_t base, bcm_mbox_buf *buf, uint64_t buf_pa, uint32_t clock_id,
		       uint32_t hz, uint32_t *set_hz);

/* "buffer misaligned ...", for a report. */
const char *bcm_mbox_strerror(int err);

#endif
