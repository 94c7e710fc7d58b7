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
	$(Q)$(HOSTCC) $(HOST_ALL_CFLAGS) -o $@ $^ -lcmocka

.PHONY: host host-tests
host: $(HB)/pairguard
host-tests: $(HOST_TESTS) $(HB)/pairguard

-include $(shell find $(HB) -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------------------
# Firmware build (see src/plat/<plat>.mk for the board facts)
# ---------------------------------------------------------------------------
# (filled in by the foundation work)
.PHONY: images
images:

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

clean:
	rm -rf $(BUILD)
