/* Device models' plumbing for the driver host tests (see hwfake.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "arch/cache.h"
#include "hwfake.h"

#define HWFAKE_DEVS 4

uint64_t hwfake_freq, hwfake_now, hwfake_access_ticks, hwfake_accesses;
hwfake_event hwfake_log[HWFAKE_LOG_MAX];
size_t hwfake_nlog;
void (*hwfake_on_cache)(const void *p, size_t len);
void (*hwfake_on_inval)(const void *p, size_t len);

static hwfake_dev *devs[HWFAKE_DEVS];
static uint64_t budget;
static jmp_buf out_of_budget;
static bool running;

void hwfake_reset(void)
{
	memset(devs, 0, sizeof(devs));
	hwfake_freq = 19200000u;
	hwfake_now = 1000;
	hwfake_access_ticks = 0;
	hwfake_accesses = 0;
	hwfake_nlog = 0;
	hwfake_on_cache = NULL;
	hwfake_on_inval = NULL;
}

void hwfake_attach(hwfake_dev *d)
{
	for (unsigned i = 0; i < HWFAKE_DEVS; i++)
		if (!devs[i]) {
			devs[i] = d;
			return;
		}
	fail_msg("hwfake: more than %d devices", HWFAKE_DEVS);
}

static void log_event(char op, uint64_t addr, uint64_t len, uint32_t v)
{
	if (hwfake_nlog < HWFAKE_LOG_MAX)
		hwfake_log[hwfake_nlog] = (hwfake_event){ op, addr, len, v, hwfake_now };
	hwfake_nlog++;
}

static hwfake_dev *find(uint64_t addr)
{
	if (addr & 3)
		fail_msg("hwfake: unaligned register access at 0x%llx", (unsigned long long)addr);
	for (unsigned i = 0; i < HWFAKE_DEVS; i++)
		if (devs[i] && addr >= devs[i]->base && addr - devs[i]->base < devs[i]->size)
			return devs[i];
	fail_msg("hwfake: access to 0x%llx, where no device is", (unsigned long long)addr);
	return NULL;
}

static void account(void)
{
	hwfake_now += hwfake_access_ticks;
	if (running && ++hwfake_accesses > budget)
		longjmp(out_of_budget, 1);
}

uint32_t hw_read32(uint64_t addr)
{
	hwfake_dev *d = find(addr);
	uint32_t v;

	account();
	v = d->read(d, (uint32_t)(addr - d->base));
	log_event('r', addr, 4, v);
	return v;
}

void hw_write32(uint64_t addr, uint32_t v)
{
	hwfake_dev *d = find(addr);

	account();
	log_event('w', addr, 4, v);
	d->write(d, (uint32_t)(addr - d->base), v);
}

uint64_t hw_ticks(void)
{
	return hwfake_now++;
}

uint64_t hw_tick_freq(void)
{
	return hwfake_freq;
}

void hw_dcache_clean_inval(const void *p, size_t len)
{
	log_event('c', (uint64_t)(uintptr_t)p, len, 0);
	if (hwfake_on_cache)
		hwfake_on_cache(p, len);
}

void hw_sev(void)
{
	log_event('e', 0, 0, 0);
}

void dcache_inval_poc_mmu_off(const void *p, size_t len)
{
	log_event('i', (uint64_t)(uintptr_t)p, len, 0);
	if (hwfake_on_inval)
		hwfake_on_inval(p, len);
}

bool hwfake_run(void (*fn)(void *), void *arg, uint64_t max_accesses)
{
	budget = max_accesses;
	hwfake_accesses = 0;
	if (setjmp(out_of_budget)) {
		running = false;
		return false;
	}
	running = true;
	fn(arg);
	running = false;
	return true;
}
