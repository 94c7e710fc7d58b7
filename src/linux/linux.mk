# PLAT=linux: pairguard as a static AArch64 Linux executable,
# build/linux/pairguard (issue 12).  Debian's gcc-aarch64-linux-gnu with
# libc6-dev-arm64-cross (tools/setup --linux); no dynamic library, so it
# runs on any ARM64 Linux (and Android).
#
# Sources: the portable core, the Linux program and backend (src/linux),
# and the firmware program's parts that are not bare-metal: the engine's
# suites and bench (src/fw/engine_suites.c, replay.c), the NEON page check
# (src/fw/guard.S), the backend's call and clock (src/fw/exec_call.c) and
# the architected JIT cache maintenance
# (src/arch/cache.c: EL0 may execute it on Linux).  recover.h's contract is
# kept by src/linux/recover.c + enter.S.
LX_CROSS ?= aarch64-linux-gnu-
LX_CC := $(LX_CROSS)gcc
LB := $(BUILD)/linux
LX_BIN := $(LB)/pairguard
LX_SHARED := src/fw/engine_suites.c src/fw/replay.c src/fw/exec_call.c src/arch/cache.c
LX_C_SRCS := $(sort $(wildcard src/linux/*.c)) $(LX_SHARED)
LX_ASM_SRCS := $(sort $(wildcard src/linux/*.S)) src/fw/guard.S
LX_OBJS := $(patsubst %.c,$(LB)/o/%.o,$(LX_C_SRCS)) $(patsubst %.S,$(LB)/o/%.o,$(LX_ASM_SRCS)) \
	$(LB)/o/gen/plugins.o $(if $(PLUGIN),$(LB)/o/gen/plugin.o)
# The portable core as an archive: only what the program uses is linked
# (not the device-tree discovery, which needs libfdt).
LX_CORE_A := $(LB)/libpgcore.a
LX_CORE_OBJS := $(patsubst %.c,$(LB)/o/%.o,$(CORE_SRCS))
LX_LIBC_A := /usr/aarch64-linux-gnu/lib/libc.a
# The static glibc's own code needs no errata flag of ours; pairguard's
# code gets the same Cortex-A53 workarounds as every image.
LX_CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g -march=armv8-a -fno-omit-frame-pointer \
	-mbranch-protection=none $(NEWLIB_ERRATA) $(WARN) $(INCLUDES) -DPG_VERSION='"$(PG_VERSION)"' \
	-MMD -MP
LX_LDFLAGS := -static -mfix-cortex-a53-843419

$(LX_LIBC_A):
	$(Q)tools/setup --linux

$(LB)/o/%.o: %.c | $(LX_LIBC_A)
	@mkdir -p $(@D)
	@echo "  CC      $< (linux)"
	$(Q)$(LX_CC) $(LX_CFLAGS) -c $< -o $@

$(LB)/o/%.o: %.S
	@mkdir -p $(@D)
	@echo "  AS      $< (linux)"
	$(Q)$(LX_CC) -march=armv8-a $(INCLUDES) -MMD -MP -c $< -o $@

$(LB)/o/gen/plugins.o: $(PLUGIN_LIST) | $(LX_LIBC_A)
	@mkdir -p $(@D)
	$(Q)$(LX_CC) $(LX_CFLAGS) -c $< -o $@

$(LB)/o/gen/plugin.o: $(PLUGIN) $(PLUGIN_LIST) | $(LX_LIBC_A)
	@mkdir -p $(@D)
	@echo "  CC      $(PLUGIN) (plug-in, linux)"
	$(Q)$(LX_CC) $(LX_CFLAGS) -c $(PLUGIN) -o $@
	$(call plugin_check,$(LX_CROSS)nm)

$(LX_CORE_A): $(LX_CORE_OBJS)
	$(Q)rm -f $@ && $(LX_CROSS)ar rcs $@ $^

$(LX_BIN): $(LX_OBJS) $(LX_CORE_A)
	@echo "  LD      $@ (static)"
	$(Q)$(LX_CC) $(LX_LDFLAGS) -o $@ $(LX_OBJS) $(LX_CORE_A)

.PHONY: linux
linux: $(LX_BIN)
	@echo "  LINUX   $(LX_BIN): static AArch64 Linux executable ($(LX_CC) $(shell $(LX_CC) -dumpversion 2>/dev/null), glibc static)"

-include $(shell find $(LB)/o -name '*.d' 2>/dev/null)
