/* Raspberry Pi device models for the board tests (see bcmfake.h). */
#include <string.h>

#include "bcmfake.h"

#define GPPUD		   0x94u
#define GPPUDCLK0	   0x98u
#define GPPUDCLK1	   0x9cu
#define PUP_PDN_CNTRL_REG0 0xe4u
#define PUP_PDN_CNTRL_REG3 0xf0u

static uint32_t gpio_read(hwfake_dev *d, uint32_t off)
{
	bcmfake_gpio *g = d->state;

	if (g->soc == BCMFAKE_2711 && off >= GPPUD && off <= GPPUDCLK1)
		g->faults++;
	if (g->soc == BCMFAKE_2837 && off >= PUP_PDN_CNTRL_REG0 && off <= PUP_PDN_CNTRL_REG3)
		g->faults++;
	return g->regs[off / 4];
}

static void gpio_write(hwfake_dev *d, uint32_t off, uint32_t v)
{
	bcmfake_gpio *g = d->state;

	if (g->soc == BCMFAKE_2711) {
		if (off >= GPPUD && off <= GPPUDCLK1) {
			g->faults++;
			return;
		}
		if (off >= PUP_PDN_CNTRL_REG0 && off <= PUP_PDN_CNTRL_REG3) {
			unsigned first = 16u * ((off - PUP_PDN_CNTRL_REG0) / 4);
			for (unsigned i = 0; i < 16 && first + i < 58; i++)
				g->pull[first + i] = (uint8_t)((v >> (2 * i)) & 3u);
		}
	} else {
		if (off >= PUP_PDN_CNTRL_REG0 && off <= PUP_PDN_CNTRL_REG3) {
			g->faults++;
			return;
		}
		/* A GPPUDCLK0 bit going high clocks GPPUD's code into the pin
		 * (the set-up time is test_gpio's business). */
		if (off == GPPUDCLK0)
			for (unsigned i = 0; i < 32; i++)
				if ((v & ~g->regs[off / 4]) & (1u << i))
					g->pull[i] = (uint8_t)(g->regs[GPPUD / 4] & 3u);
	}
	g->regs[off / 4] = v;
}

void bcmfake_gpio_attach(bcmfake_gpio *g, bcmfake_soc soc, uint64_t base)
{
	memset(g, 0, sizeof(*g));
	g->soc = soc;
	for (unsigned i = 0; i < 6; i++)
		g->regs[i] = 0x3fffffffu;
	for (unsigned i = 0; i < 58; i++)
		g->pull[i] = BCMFAKE_PULL_DOWN;
	if (soc == BCMFAKE_2711)
		for (unsigned r = 0; r < 4; r++)
			g->regs[PUP_PDN_CNTRL_REG0 / 4 + r] = 0xaaaaaaaau;
	g->dev = (hwfake_dev){ "gpio", base, 0x100, gpio_read, gpio_write, g };
	hwfake_attach(&g->dev);
}

#define UART_DR 0x00u
#define UART_FR 0x18u

static uint32_t uart_read(hwfake_dev *d, uint32_t off)
{
	bcmfake_uart *u = d->state;

	return off == UART_FR ? 1u << 7 /* TXFE: empty, never full, never busy */
			      : u->regs[off / 4];
}

static void uart_write(hwfake_dev *d, uint32_t off, uint32_t v)
{
	bcmfake_uart *u = d->state;

	u->writes[off / 4]++;
	if (off == UART_DR) {
		if (u->nout < sizeof(u->out))
			u->out[u->nout++] = (char)v;
		return;
	}
	u->regs[off / 4] = v;
}

void bcmfake_uart_attach(bcmfake_uart *u, uint64_t base)
{
	memset(u, 0, sizeof(*u));
	u->dev = (hwfake_dev){ "pl011", base, 0x1000, uart_read, uart_write, u };
	hwfake_attach(&u->dev);
}

#define MBOX0_READ   0x00u
#define MBOX0_STATUS 0x18u
#define MBOX1_WRITE  0x20u
#define MBOX_EMPTY   0x40000000u

static uint32_t mbox_read(hwfake_dev *d, uint32_t off)
{
	bcmfake_mbox *m = d->state;

	if (off == MBOX0_STATUS)
		return m->answered ? 0 : MBOX_EMPTY;
	if (off == MBOX0_READ) {
		m->answered = false;
		return m->msg;
	}
	return 0; /* mailbox 1 status: never full */
}

static void mbox_write(hwfake_dev *d, uint32_t off, uint32_t v)
{
	bcmfake_mbox *m = d->state;

	if (off != MBOX1_WRITE)
		return;
	m->requests++;
	m->msg = v;
	m->clock_id = m->buf[5];
	m->asked_hz = m->buf[6];
	m->buf[1] = 0x80000000u; /* request successful */
	m->buf[4] = 0x80000008u; /* tag answered, 8 bytes */
	m->buf[6] = m->rate;
	m->answered = true;
}

void bcmfake_mbox_attach(bcmfake_mbox *m, uint64_t base, uint32_t *buf, uint32_t rate)
{
	memset(m, 0, sizeof(*m));
	m->buf = buf;
	m->rate = rate;
	m->dev = (hwfake_dev){ "mbox", base, 0x40, mbox_read, mbox_write, m };
	hwfake_attach(&m->dev);
}

size_t bcmfake_first_write(uint64_t addr, size_t from)
{
	for (size_t i = from; i < hwfake_nlog && i < HWFAKE_LOG_MAX; i++)
		if (hwfake_log[i].op == 'w' && hwfake_log[i].addr == addr)
			return i;
	return hwfake_nlog;
}
