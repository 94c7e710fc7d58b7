/*
 * VideoCore mailbox property channel (BCM2835 family).  The mailbox block
 * holds two mailboxes: the ARM reads the VideoCore's answers from mailbox 0
 * (read at +0x00, status at +0x18) and writes its requests to mailbox 1
 * (write at +0x20, status at +0x38 = 0xB8B8); each status register says
 * FULL and EMPTY for its own mailbox.
 */
#include "plat/drivers/bcm2835_mbox.h"
#include "plat/drivers/hw.h"

#define MBOX0_READ   0x00u
#define MBOX0_STATUS 0x18u
#define MBOX1_WRITE  0x20u
#define MBOX1_STATUS 0x38u
#define MBOX_FULL    0x80000000u
#define MBOX_EMPTY   0x40000000u
#define MBOX_CH_PROP 8u

/*
 * The VideoCore addresses ARM RAM through a bus alias: 0xC0000000 | phys on
 * the BCM2837 (its device tree's dma-ranges map bus 0xC0000000 to ARM
 * physical 0).  Only the first GiB is reachable.
 */
#define VC_BUS_ALIAS 0xc0000000u
#define VC_BUS_LIMIT 0x40000000u

#define PROP_REQUEST	   0u
#define PROP_SUCCESS	   0x80000000u
#define TAG_RESPONSE	   0x80000000u
#define TAG_SET_CLOCK_RATE 0x00038002u

/* Status polls before giving up (each an MMIO read: well over a second). */
#define MBOX_SPIN_MAX 10000000u

static int call(uint64_t base, bcm_mbox_buf *buf, uint64_t buf_pa)
{
	uint32_t msg = (uint32_t)buf_pa | VC_BUS_ALIAS | MBOX_CH_PROP;
	uint32_t spins;

	if ((buf_pa & (BCM_MBOX_BUF_BYTES - 1)) || buf_pa >= VC_BUS_LIMIT ||
	    buf->w[0] != sizeof(*buf))
		return BCM_MBOX_EADDR;
	/* Our request to memory and no line of it left in the cache, so the
	 * answer the VideoCore writes is what we read afterwards. */
	hw_dcache_clean_inval(buf, sizeof(*buf));
	for (spins = 0; hw_read32(base + MBOX1_STATUS) & MBOX_FULL; spins++)
		if (spins >= MBOX_SPIN_MAX)
			return BCM_MBOX_EFULL;
	hw_write32(base + MBOX1_WRITE, msg);
	for (spins = 0; spins < MBOX_SPIN_MAX; spins++) {
		if (hw_read32(base + MBOX0_STATUS) & MBOX_EMPTY)
			continue;
		if (hw_read32(base + MBOX0_READ) != msg)
			continue; /* an answer to someone else: not ours */
		/* Drop anything speculatively fetched while the VideoCore
		 * was writing. */
		hw_dcache_clean_inval(buf, sizeof(*buf));
		return buf->w[1] == PROP_SUCCESS ? BCM_MBOX_OK : BCM_MBOX_EFW;
	}
	return BCM_MBOX_ETIMEOUT;
}

int bcm_mbox_set_clock(uint64_t base, bcm_mbox_buf *buf, uint64_t buf_pa, uint32_t clock_id,
		       uint32_t hz, uint32_t *set_hz)
{
	uint32_t *w = buf->w;
	int err;

	for (unsigned i = 0; i < BCM_MBOX_BUF_BYTES / 4; i++)
		w[i] = 0;
	w[0] = sizeof(*buf);
	w[1] = PROP_REQUEST;
	w[2] = TAG_SET_CLOCK_RATE;
	w[3] = 12; /* value buffer: clock id, rate, skip turbo */
	w[4] = 0;
	w[5] = clock_id;
	w[6] = hz;
	w[7] = 0;
	w[8] = 0; /* end tag */
	err = call(base, buf, buf_pa);
	if (err)
		return err;
	/* The tag must have been answered, for our clock, with both words. */
	if (!(w[4] & TAG_RESPONSE) || (w[4] & ~TAG_RESPONSE) < 8 || w[5] != clock_id)
		return BCM_MBOX_EFW;
	*set_hz = w[6];
	return BCM_MBOX_OK;
}

const char *bcm_mbox_strerror(int err)
{
	switch (err) {
	case BCM_MBOX_OK:
		return "ok";
	case BCM_MBOX_EADDR:
		return "message buffer misaligned or above 1 GiB";
	case BCM_MBOX_EFULL:
		return "mailbox 1 stayed full";
	case BCM_MBOX_ETIMEOUT:
		return "no answer from the VideoCore";
	case BCM_MBOX_EFW:
		return "the firmware answered with an error";
	default:
		return "unknown error";
	}
}
