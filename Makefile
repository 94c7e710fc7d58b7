# pairguard: top-level build.
#
#   make [PLAT=qemu-virt|rpi3]   firmware image under build/<plat>/
#   make host                    host CLI build/host/pairguard
#   make run                     install what is missing, build, boot on QEMU
#   make test                    every test; ends with "N passed, N failed"
#   make check-all               the release matrix on every configuration
#   make bench                   store-sweep throughput, batched vs batch=1
#   make debug                   QEMU halted with a gdb stub on :1234
#
# Source layout decides where a file is built (no per-file lists to keep):
#   src/a64 src/jit src/engine src/lib   portable core: host and target
#   src/host                             host CLI only
#   tests/host/test_*.c                  cmocka host tests, one binary each
#   boot/ src/arch src/sys src/fw        firmware only
#   src/plat/$(PLAT).c + $(PLAT).mk      the one board file the build picks

PLAT ?= qemu-virt
BUILD ?= build
V ?= 0
Q := $(if $(filter 1,$(V)),,@)

# Portable core: the same files build for the host and the firmware.
CORE_DIRS := src/a64 src/jit src/engine src/lib
CORE_SRCS := $(sort $(foreach d,$(CORE_DIRS),$(wildcard $(d)/*.c)))
INCLUDES := -Isrc

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wundef -Wvla

# ---------------------------------------------------------------------------
# Host build: the CLI and the cmocka unit tests
# ---------------------------------------------------------------------------
HOSTCC ?= cc
HOST_CFLAGS ?= -O2 -g
HOST_ALL_CFLAGS := $(HOST_CFLAGS) -std=c11 -D_DEFAULT_SOURCE $(WARN) $(INCLUDES) -MMD -MP
HB := $(BUILD)/host

HOST_CORE_OBJS := $(patsubst %.c,$(HB)/obj/%.o,$(CORE_SRCS))
HOST_CLI_SRCS := $(sort $(wildcard src/host/*.c))
HOST_CLI_OBJS := $(patsubst %.c,$(HB)/obj/%.o,$(HOST_CLI_SRCS))
HOST_TEST_SRCS := $(sort $(wildcard tests/host/test_*.c))
HOST_TEST_SUPPORT := $(filter-out $(HOST_TEST_SRCS),$(sort $(wildcard tests/host/*.c)))
HOST_TEST_SUPPORT_OBJS := $(patsubst %.c,$(HB)/obj/%.o,$(HOST_TEST_SUPPORT))
HOST_TESTS := $(patsubst tests/host/%.c,$(HB)/tests/%,$(HOST_TEST_SRCS))

$(HB)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	$(Q)$(HOSTCC) $(HOST_ALL_CFLAGS) -c $< -o $@

$(HB)/libpgcore.a: $(HOST_CORE_OBJS)
	@mkdir -p $(@D)
	$(Q)rm -f $@ && ar rcs $@ $^

$(HB)/pairguard: $(HOST_CLI_OBJS) $(HB)/libpgcore.a
	@echo "  HOSTLD  $@"
	$(Q)$(HOSTCC) $(HOST_ALL_CFLAGS) -o $@ $^

$(HB)/tests/%: $(HB)/obj/tests/host/%.o $(HOST_TEST_SUPPORT_OBJS) $(HB)/libpgcore.a
	@mkdir -p $(@D)
	@echo "  HOSTLD  $@"
	$(Q)$(HOSTCC) $(HOST_ALL_CFLAGS) -o $@ $^ -lcmocka -lfdt

.PHONY: host host-tests
host: $(HB)/pairguard
# The CLI joins once src/host has sources (a library without main cannot link).
host-tests: $(HOST_TESTS) $(if $(HOST_CLI_SRCS),$(HB)/pairguard)

-include $(shell find $(HB) -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------------------
# Firmware build (see src/plat/<plat>.mk for the board facts)
# ---------------------------------------------------------------------------
.DEFAULT_GOAL := all
PG_VERSION := 0.1.0

FW_PLATS := $(sort $(patsubst src/plat/%.mk,%,$(wildcard src/plat/*.mk)))
ifeq ($(filter $(PLAT),$(FW_PLATS)),)
$(error unknown PLAT='$(PLAT)'; accepted: $(FW_PLATS))
endif
include src/plat/$(PLAT).mk

# Toolchain: the Arm GNU toolchain (aarch64-none-elf-, with its own newlib)
# when it is on PATH, else Debian's cross GCC used freestanding with newlib
# built from Debian's newlib-source into build/deps/ once.
ifeq ($(origin CROSS_COMPILE),undefined)
CROSS_COMPILE := $(if $(shell command -v aarch64-none-elf-gcc 2>/dev/null),aarch64-none-elf-,aarch64-linux-gnu-)
endif
FW_CC := $(CROSS_COMPILE)gcc
FW_OBJCOPY := $(CROSS_COMPILE)objcopy
FW_OBJDUMP := $(CROSS_COMPILE)objdump
FW_NM := $(CROSS_COMPILE)nm
FW_TRIPLE := $(shell $(FW_CC) -dumpmachine 2>/dev/null)
FW_CC_VERSION := $(shell $(FW_CC) -dumpversion 2>/dev/null)
DEPS := $(BUILD)/deps

ifneq ($(filter %-elf,$(FW_TRIPLE)),)
# A bare-metal toolchain: its newlib is on the compiler's default paths.
LIBC_DESC := newlib of the $(CROSS_COMPILE) toolchain
LIBC_CFLAGS :=
LIBC_LIBS := -lc -lm
LIBC_STAMP :=
else
NEWLIB_DIR := $(DEPS)/newlib-$(patsubst %-,%,$(CROSS_COMPILE))
NEWLIB_SYS := $(NEWLIB_DIR)/install/aarch64-none-elf
LIBC_DESC := newlib $(patsubst newlib-%.tar.xz,%,$(notdir $(firstword $(wildcard /usr/src/newlib/newlib-*.tar.*)))) (Debian newlib-source, built in $(NEWLIB_DIR))
LIBC_CFLAGS := -nostdinc -isystem $(NEWLIB_SYS)/include \
	-isystem $(shell $(FW_CC) -print-file-name=include 2>/dev/null) \
	-isystem $(shell $(FW_CC) -print-file-name=include-fixed 2>/dev/null)
LIBC_LIBS := $(NEWLIB_SYS)/lib/libc.a $(NEWLIB_SYS)/lib/libm.a
LIBC_STAMP := $(NEWLIB_DIR)/install/.stamp
$(LIBC_STAMP):
	$(Q)MAKE="$(MAKE)" tools/build-newlib $(NEWLIB_DIR) $(CROSS_COMPILE)
endif

# libfdt: Debian's arm64 libfdt-dev, fetched once (apt-get download).
LIBFDT_DIR := $(DEPS)/libfdt
LIBFDT_A := $(LIBFDT_DIR)/root/usr/lib/aarch64-linux-gnu/libfdt.a
$(LIBFDT_A):
	$(Q)tools/fetch-deb-arm64 libfdt-dev $(LIBFDT_DIR)

FB := $(BUILD)/$(PLAT)
FW_ELF := $(FB)/pairguard.elf
FW_IMG := $(FB)/$(PLAT_IMAGE)
FW_LST := $(FB)/pairguard.lst

FW_ASM_SRCS := $(sort $(wildcard boot/*.S src/arch/*.S src/sys/*.S src/fw/*.S))
FW_C_SRCS := $(sort $(wildcard src/arch/*.c src/sys/*.c src/fw/*.c)) \
	src/plat/$(PLAT).c $(PLAT_DRIVERS) $(CORE_SRCS)
FW_OBJS := $(patsubst %.S,$(FB)/obj/%.o,$(FW_ASM_SRCS)) $(patsubst %.c,$(FB)/obj/%.o,$(FW_C_SRCS))
# C that runs before the MMU is on: every access is Device memory then, so
# no unaligned accesses and no libc (checked after linking).
FW_EARLY_SRCS := src/sys/boot.c src/arch/mmu.c src/arch/page.c
FW_EARLY_OBJS := $(patsubst %.c,$(FB)/obj/%.o,$(FW_EARLY_SRCS))

FW_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -O2 -g -march=armv8-a -ffreestanding -fno-pie \
	-fno-stack-protector -fno-common -fno-omit-frame-pointer -ffunction-sections \
	-fdata-sections -mbranch-protection=none $(WARN) $(INCLUDES) $(LIBC_CFLAGS) \
	-isystem $(LIBFDT_DIR)/root/usr/include -DPG_VERSION='"$(PG_VERSION)"' -MMD -MP
FW_EARLY_CFLAGS := -mstrict-align -fno-tree-loop-distribute-patterns
FW_ASFLAGS := -march=armv8-a $(INCLUDES) -DPLAT_UART_PHYS=$(PLAT_UART_PHYS) -MMD -MP
FW_LDFLAGS := -nostdlib -static -no-pie -Wl,--gc-sections -Wl,--build-id=none \
	-Wl,-T,linker/pairguard.ld -Wl,--defsym=PG_LOAD_ADDR=$(PLAT_LOAD_ADDR)
FW_LIBS := -Wl,--start-group $(LIBFDT_A) $(LIBC_LIBS) \
	$(shell $(FW_CC) -print-libgcc-file-name 2>/dev/null) -Wl,--end-group

# Link-time optimisation for everything but the pre-MMU code: under QEMU
# every function return is a translation-block lookup, so inlining across
# files pays (the engine's preparation of a case: 4236 -> 3442 guest
# instructions, 787 -> 561 translation blocks entered), and more of it with
# a higher inlining limit (lookups per case 48 -> 30).
FW_LTO ?= -flto=auto -finline-limit=150
# -ffreestanding implies -fno-builtin, which makes every small memcpy (an
# 8-byte load in the checker) a call; the firmware links newlib's standard
# memcpy/memset, so the compiler may expand them inline.  Nor should it turn
# short copy loops into calls.
FW_BUILTIN := -fbuiltin -fno-tree-loop-distribute-patterns
# newlib's system-call glue is referenced only from libc.a, which LTO does
# not see: with builtins on, LTO would drop _exit and friends.
FW_NOLTO_OBJS := $(FB)/obj/src/sys/syscalls.o
$(filter-out $(FW_EARLY_OBJS) $(FW_NOLTO_OBJS),$(FW_OBJS)): FW_EXTRA_CFLAGS := $(FW_LTO) $(FW_BUILTIN)
$(FW_NOLTO_OBJS): FW_EXTRA_CFLAGS := $(FW_BUILTIN)
$(FW_EARLY_OBJS): FW_EXTRA_CFLAGS := $(FW_EARLY_CFLAGS)

$(FB)/obj/%.o: %.c | $(LIBC_STAMP) $(LIBFDT_A)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(FW_CC) $(FW_CFLAGS) $(FW_EXTRA_CFLAGS) -c $< -o $@

$(FB)/obj/%.o: %.S
	@mkdir -p $(@D)
	@echo "  AS      $<"
	$(Q)$(FW_CC) $(FW_ASFLAGS) -c $< -o $@

$(FW_ELF): $(FW_OBJS) linker/pairguard.ld $(LIBC_STAMP) $(LIBFDT_A)
	@echo "  LD      $@"
	$(Q)$(FW_CC) $(filter-out -MMD -MP,$(FW_CFLAGS)) $(FW_LTO) $(FW_LDFLAGS) -Wl,-Map=$(FB)/pairguard.map -o $@ $(FW_OBJS) $(FW_LIBS)
	$(Q)bad=$$($(FW_NM) -u $(FW_EARLY_OBJS) | awk '/ U (mem|str)/ {print $$2}' | sort -u); \
	if [ -n "$$bad" ]; then echo "error: pre-MMU code ($(FW_EARLY_SRCS)) calls libc: $$bad"; \
		rm -f $@; exit 1; fi

$(FW_IMG): $(FW_ELF)
	@echo "  IMAGE   $@"
	$(Q)$(FW_OBJCOPY) -O binary $< $@

$(FW_LST): $(FW_ELF)
	@echo "  LIST    $@"
	$(Q)$(FW_OBJDUMP) -d $< > $@

.PHONY: all fw fw-info images
all: fw
fw: fw-info $(FW_IMG) $(FW_LST)
fw-info:
	@command -v $(FW_CC) >/dev/null 2>&1 || { echo "error: $(FW_CC) not found; run 'make setup' (tools/setup)"; exit 1; }
	@echo "  FW      PLAT=$(PLAT) toolchain $(CROSS_COMPILE) ($(FW_TRIPLE) gcc $(FW_CC_VERSION)), libc: $(LIBC_DESC)"

# Every platform's image.
images:
	$(Q)for p in $(FW_PLATS); do $(MAKE) --no-print-directory PLAT=$$p fw || exit 1; done

-include $(shell find $(FB)/obj -name '*.d' 2>/dev/null)

# Boot the image on QEMU: `make run [PLAT=] [EL=1|2|3] [CPU=] [BOOTARGS="..."]`.
EL ?= $(PLAT_QEMU_EL)
CPU ?= $(PLAT_QEMU_CPU)
BOOTARGS ?=
RUN_TIMEOUT ?= 600
QEMU_MACHINE = $(PLAT_QEMU_MACHINE_EL$(EL))
# The file QEMU boots: the Image, or what the .mk names for this EL (QEMU
# enters an Image at EL1/EL2 only; an ELF at the machine's highest EL).
QEMU_KERNEL = $(FB)/$(or $(PLAT_QEMU_KERNEL_EL$(EL)),$(PLAT_IMAGE))
# Boards whose QEMU model has no device tree get a minimal one, so that
# BOOTARGS reach the firmware (tools/mkdtb).
QEMU_DTB = $(if $(PLAT_QEMU_DTB_MEMORY),$(FB)/qemu-minimal.dtb)
QEMU_CMD = qemu-system-aarch64 -M $(QEMU_MACHINE) $(if $(CPU),-cpu $(CPU)) -m $(PLAT_QEMU_MEM) \
	-display none -monitor none -serial stdio -nic none -semihosting -kernel $(QEMU_KERNEL) \
	$(if $(QEMU_DTB),-dtb $(QEMU_DTB)) $(if $(BOOTARGS),-append "$(BOOTARGS)")

$(FB)/qemu-minimal.dtb: tools/mkdtb src/plat/$(PLAT).mk
	@mkdir -p $(@D)
	$(Q)tools/mkdtb $@ --model "pairguard: QEMU $(PLAT_QEMU_MACHINE_EL$(EL))" \
		--memory $(PLAT_QEMU_DTB_MEMORY)

.PHONY: run debug gdb qemu-check
qemu-check:
	@[ -n "$(QEMU_MACHINE)" ] || { echo "error: PLAT=$(PLAT) has no QEMU machine for EL=$(EL); accepted EL: $(PLAT_QEMU_ELS)"; exit 1; }
	@[ -z "$(BOOTARGS)" ] || [ "$(PLAT_QEMU_NO_BOOTARGS_EL$(EL))" != yes ] || { echo "error: PLAT=$(PLAT) EL=$(EL) boots the ELF, which QEMU starts without a DTB: BOOTARGS cannot reach the firmware"; exit 1; }

run: qemu-check
	$(Q)tools/setup
	$(Q)$(MAKE) --no-print-directory fw $(QEMU_DTB)
	@echo "  QEMU    $(QEMU_CMD)"
	$(Q)timeout --foreground $(RUN_TIMEOUT) $(QEMU_CMD)

# QEMU halted at the first instruction with a gdb stub on :1234.
debug: qemu-check
	$(Q)tools/setup
	$(Q)$(MAKE) --no-print-directory fw $(QEMU_DTB)
	@echo "  QEMU    halted, gdb stub on localhost:1234 (quit: Ctrl-C here)"
	@echo "  In another terminal:  make gdb PLAT=$(PLAT)"
	@echo "    (= gdb-multiarch $(FW_ELF) -ex 'target remote localhost:1234')"
	$(Q)$(QEMU_CMD) -S -s

gdb:
	$(Q)tools/setup --debug
	$(Q)gdb-multiarch $(FW_ELF) -ex 'set architecture aarch64' -ex 'target remote localhost:1234'

# ---------------------------------------------------------------------------
# Store-sweep throughput (issue 4): one QEMU run (virt, -cpu max) of
# suite=bench, the sweep at x19 batched and with batch=1 (in turns, group
# by group), both checked as usual; prints cases/s for both, their ratio,
# where the time goes, and the floor: the batched code replayed alone, and
# the page checks alone.
# ---------------------------------------------------------------------------
BENCH_LOG := $(BUILD)/bench/uart.log
.PHONY: bench
bench:
	$(Q)tools/setup
	$(Q)$(MAKE) --no-print-directory PLAT=qemu-virt fw
	@mkdir -p $(dir $(BENCH_LOG))
	$(Q)tools/pairguard-run --config virt-max --args "suite=bench" --timeout 300 \
		--no-progress --uart-log $(BENCH_LOG); rc=$$?; \
	grep -E '^# (bench|rate):' $(BENCH_LOG); exit $$rc

# ---------------------------------------------------------------------------
# Tests and tools
# ---------------------------------------------------------------------------
.PHONY: setup test clean
setup:
	$(Q)tools/setup

# Everything the tests need is built first; tools/run-tests then runs every
# suite (cmocka binaries, tests/*/test-* scripts) and prints the total.
test: setup
	$(Q)$(MAKE) --no-print-directory host-tests images
	$(Q)tools/run-tests

# The wider release matrix (tests/fw/matrix.txt, matrix `all`) on every
# image; JUnit XML, UART logs and TAP under build/test/matrix-all/.
.PHONY: check-all
check-all: setup
	$(Q)$(MAKE) --no-print-directory images
	$(Q)tools/pairguard-run --matrix all --count-line

# Static analysis and formatting (cppcheck, clang-format: installed by tools/setup;
# tests/style/test-style runs both over the whole tree in make test).
# format-check looks at the C files changed since FORMAT_BASE (default: the
# merge base with main), or at every C file outside a git checkout.
FORMAT_BASE ?= $(shell git merge-base HEAD main 2>/dev/null)
.PHONY: lint format-check
lint:
	$(Q)tools/setup
	$(Q)cppcheck -q --enable=warning,style,performance,portability --std=c11 $(INCLUDES) \
		--suppress=missingIncludeSystem --inline-suppr --error-exitcode=1 -D__aarch64__ \
		$(wildcard $(CORE_DIRS) src/arch src/sys src/fw src/plat src/host tests/host)

format-check:
	$(Q)tools/setup
	$(Q)files=$$( { if [ -n "$(FORMAT_BASE)" ]; then \
		git diff --name-only --diff-filter=d $(FORMAT_BASE) -- '*.c' '*.h'; \
		git ls-files --others --exclude-standard -- '*.c' '*.h'; \
		else find src tests -name '*.[ch]'; fi; } | sort -u); \
	[ -z "$$files" ] && { echo "format-check: no changed C files"; exit 0; }; \
	clang-format --dry-run -Werror $$files && echo "format-check: $$(echo $$files | wc -w) files clean"

# clean keeps build/deps (newlib, libfdt: slow or networked to rebuild);
# distclean removes everything.
.PHONY: distclean
clean:
	rm -rf $(filter-out $(DEPS),$(wildcard $(BUILD)/*))

distclean:
	rm -rf $(BUILD)
