/*
 * The earlycon console drivers against a register-file fake: a write lands
 * in the data register only when the transmit status says ready, at the
 * offset and width the hardware (and the DT's reg-shift / reg-io-width)
 * give, and nothing else in the register block changes.
 *
 * Each case fills the whole fake with the value that means the opposite of
 * what the status register is set to, so a driver that polls the wrong
 * offset (e.g. ignores reg-shift) sees the wrong answer and fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "plat/drivers/earlycon.h"

#define FAKE_WORDS (0x800 / 4)

static uint32_t fake[FAKE_WORDS];

/* Every register a driver writes holds STALE before the write, so an access
 * of the wrong width shows in the bytes it leaves (or clobbers). */
#define STALE 0xa5a5a5a5u

/* One register write the driver must make: offset, and the 32-bit word the
 * register file holds afterwards. */
typedef struct expect_write {
	uint32_t off;
	uint32_t word;
} expect_write;

typedef struct drv_case {
	const char *compatible; /* looked up in earlycon_table */
	unsigned reg_shift, io_width;
	uint32_t status_off; /* the status register (word offset in bytes) */
	uint32_t mask;	     /* status bits: ready when (status & mask) == ready_val */
	uint32_t ready_val;
	expect_write writes[4];
	unsigned nwrites;
} drv_case;

#define X 0x58u /* 'X' */

static const drv_case cases[] = {
	/* PL011: FR 0x18, TXFF bit 5 clear = ready; DR 0x00, 32-bit. */
	{ "arm,pl011", 0, 4, 0x18, 1u << 5, 0, { { 0x00, X } }, 1 },
	{ "arm,sbsa-uart", 0, 4, 0x18, 1u << 5, 0, { { 0x00, X } }, 1 },
	/* 16550, reg-shift 0, 8-bit: LSR byte 5 (in word 4..7), THRE bit 5 set =
	 * ready; THR byte 0, the other bytes of word 0 untouched. */
	{ "ns16550a", 0, 1, 0x04, 0x20u << 8, 0x20u << 8, { { 0x00, 0xa5a5a500u | X } }, 1 },
	/* dw-apb-uart as the Rockchip/Allwinner DTs give it: reg-shift 2,
	 * reg-io-width 4: LSR at 0x14, THR a 32-bit write. */
	{ "snps,dw-apb-uart", 2, 4, 0x14, 0x20u, 0x20u, { { 0x00, X } }, 1 },
	/* Tegra: reg-shift 2, 8-bit accesses. */
	{ "nvidia,tegra20-uart", 2, 1, 0x14, 0x20u, 0x20u, { { 0x00, 0xa5a5a500u | X } }, 1 },
	/* 16-bit accesses, reg-shift 1: LSR at 0x0a (upper half of word 8). */
	{ "ns16550", 1, 2, 0x08, 0x20u << 16, 0x20u << 16, { { 0x00, 0xa5a50000u | X } }, 1 },
	/* BCM2835 mini-UART: AUX_MU_LSR at +0x14, bit 5; AUX_MU_IO at +0x00. */
	{ "brcm,bcm2835-aux-uart", 2, 4, 0x14, 0x20u, 0x20u, { { 0x00, X } }, 1 },
	/* i.MX: UTS 0xb4 TXFULL bit 4 clear = ready; UTXD 0x40. */
	{ "fsl,imx6q-uart", 0, 4, 0xb4, 1u << 4, 0, { { 0x40, X } }, 1 },
	/* LPUART: STAT 0x14 TDRE bit 23 set = ready; DATA 0x1c. */
	{ "fsl,imx8qxp-lpuart", 0, 4, 0x14, 1u << 23, 1u << 23, { { 0x1c, X } }, 1 },
	/* Meson: STATUS 0x0c TX_FULL bit 21 clear = ready; WFIFO 0x00. */
	{ "amlogic,meson-ao-uart", 0, 4, 0x0c, 1u << 21, 0, { { 0x00, X } }, 1 },
	/* Cadence: SR 0x2c TFUL bit 4 clear = ready; FIFO 0x30. */
	{ "cdns,uart-r1p12", 0, 4, 0x2c, 1u << 4, 0, { { 0x30, X } }, 1 },
	/* Armada 3700: STAT 0x0c bit 11 clear = ready; TSH 0x04. */
	{ "marvell,armada-3700-uart", 0, 4, 0x0c, 1u << 11, 0, { { 0x04, X } }, 1 },
	/* GENI: ready while GENI_STATUS (0x40) M_GENI_CMD_ACTIVE (bit 0) is
	 * clear; a byte is: M_IRQ_CLEAR (0x618) = CMD_DONE | TX_WATERMARK,
	 * TX_TRANS_LEN (0x270) = 1, M_CMD0 (0x600) = START_TX (1) << 27,
	 * TX_FIFO (0x700) = the byte. */
	/* UARTDM v1.4: ready when SR (0xa4) has TXRDY (bit 2) and TXEMT (bit 3)
	 * (ISR's TX_READY reads 0 then); a byte is CR (0xa8) = RESET_TX_READY,
	 * NCF_TX (0x40) = 1, TF (0x100) = the byte. */
	{ "qcom,msm-uartdm-v1.4",
	  0,
	  4,
	  0xa4,
	  3u << 2,
	  3u << 2,
	  { { 0xa8, 0x300 }, { 0x40, 1 }, { 0x100, X } },
	  3 },
	/* SCIF: SCFSR (16-bit at 0x10) TDFE bit 5 set = ready; the byte into
	 * SCFTDR (8-bit at 0x0c), then SCFSR written back with TDFE and TEND
	 * cleared. */
	{ "renesas,rcar-gen3-scif",
	  0,
	  2,
	  0x10,
	  1u << 5,
	  1u << 5,
	  { { 0x0c, 0xa5a5a500u | X }, { 0x10, 0 } },
	  2 },
	{ "qcom,geni-debug-uart",
	  0,
	  4,
	  0x40,
	  1u << 0,
	  0,
	  { { 0x618, 0x40000001u }, { 0x270, 1 }, { 0x600, 0x08000000u }, { 0x700, X } },
	  4 },
};

static void fill(uint32_t v)
{
	for (unsigned i = 0; i < FAKE_WORDS; i++)
		fake[i] = v;
}

static earlycon_port port_for(const drv_case *c)
{
	return (earlycon_port){ (uintptr_t)fake, c->reg_shift, c->io_width };
}

/* The fill under which every register reads as "ready" (or "busy"). */
static uint32_t fill_reading(const drv_case *c, bool ready)
{
	bool ready_is_set = c->ready_val != 0;
	return ready == ready_is_set ? 0xffffffffu : 0;
}

/* Status says ready (or busy); every other register reads the opposite and
 * the registers the driver writes hold STALE.  Afterwards exactly the
 * expected writes (none when busy) have happened. */
static void run_case(const drv_case *c, bool ready)
{
	const earlycon_match *m = earlycon_find(c->compatible);
	earlycon_port p = port_for(c);
	uint32_t f = fill_reading(c, !ready);
	uint32_t status = (f & ~c->mask) | (ready ? c->ready_val : c->mask & ~c->ready_val);

	assert_non_null(m);
	fill(f);
	for (unsigned k = 0; k < c->nwrites; k++)
		fake[c->writes[k].off / 4] = STALE;
	fake[c->status_off / 4] = status;
	bool wrote = earlycon_try_putc(m->driver, &p, X);
	if (wrote != ready)
		print_error("%s (reg-shift %u, io-width %u): %s while %s\n", c->compatible,
			    c->reg_shift, c->io_width, wrote ? "wrote" : "did not write",
			    ready ? "ready" : "busy");
	assert_int_equal(wrote, ready);
	for (unsigned w = 0; w < FAKE_WORDS; w++) {
		uint32_t want = w == c->status_off / 4 ? status : f;
		for (unsigned k = 0; k < c->nwrites; k++)
			if (c->writes[k].off / 4 != w)
				continue;
			else if (ready)
				want = c->writes[k].word;
			else if (w != c->status_off / 4)
				want = STALE;
		if (fake[w] != want)
			print_error("%s: register 0x%x holds 0x%08x, want 0x%08x\n", c->compatible,
				    w * 4, fake[w], want);
		assert_int_equal(fake[w], want);
	}
}

static void test_busy_writes_nothing(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		run_case(&cases[i], false);
}

static void test_ready_writes_data_only(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		run_case(&cases[i], true);
}

/* The compatibles the issue names, and the driver each gets. */
static void test_table(void **state)
{
	static const struct {
		const char *compatible, *driver;
		unsigned shift, width;
		bool dt_props;
	} want[] = {
		{ "arm,pl011", "pl011", 0, 4, false },
		{ "arm,sbsa-uart", "pl011", 0, 4, false },
		{ "ns16550a", "8250", 0, 1, true },
		{ "ns16550", "8250", 0, 1, true },
		{ "snps,dw-apb-uart", "8250", 0, 1, true },
		{ "nvidia,tegra20-uart", "8250", 0, 1, true },
		{ "ti,am654-uart", "8250", 2, 1, true },
		{ "brcm,bcm2835-aux-uart", "8250", 2, 4, false },
		{ "fsl,imx6q-uart", "imx", 0, 4, false },
		{ "amlogic,meson-ao-uart", "meson", 0, 4, false },
		{ "cdns,uart-r1p12", "cdns", 0, 4, false },
		{ "marvell,armada-3700-uart", "mvebu", 0, 4, false },
		{ "qcom,geni-debug-uart", "geni", 0, 4, false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const earlycon_match *m = earlycon_find(want[i].compatible);
		assert_non_null(m);
		assert_string_equal(m->driver->name, want[i].driver);
		assert_int_equal(m->def_shift, want[i].shift);
		assert_int_equal(m->def_width, want[i].width);
		assert_int_equal(m->dt_props, want[i].dt_props);
	}
	assert_null(earlycon_find("acme,uart9000"));
	assert_null(earlycon_find("marvell,armada-3700-uart-ext"));
	/* no compatible twice */
	for (const earlycon_match *a = earlycon_table; a->compatible; a++)
		for (const earlycon_match *b = a + 1; b->compatible; b++)
			assert_true(strcmp(a->compatible, b->compatible) != 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_busy_writes_nothing),
		cmocka_unit_test(test_ready_writes_data_only),
		cmocka_unit_test(test_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
