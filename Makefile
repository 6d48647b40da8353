# SPDX-License-Identifier: MIT
# picovisor: one non-recursive Makefile. Out-of-tree objects in $(BUILD)/.
#
#   make            kernel ELF + hybrid ISO (BIOS + UEFI, CD/disk/USB)
#   make run        boot it in an emulator (EMU=bochs|qemu|qemu-kvm, CPUS=N, ARGS="cmdline")
#   make test       host unit tests + sanitizer builds + emulator boot tests
#   make unit       host unit tests only
#   make bench      benchmarks (figures, not verdicts)
#   make deps       install the Debian packages needed for all of the above
#   make testdata   regenerate tests/unit/data/vmx-msrs by booting each Bochs VMX model
#   make usb DEV=/dev/sdX   write the ISO to a USB stick, with safety checks (docs/usb.md)
#   make fuzz       libFuzzer targets, FUZZ_SECONDS (60) each; fuzz-short: 3 s each
#   make pxe        a GRUB network-boot tree in build/pxe/ (BIOS PXE + UEFI; docs/pxe.md)

CROSS_COMPILE ?=
CC      := $(CROSS_COMPILE)gcc
LD      := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
HOSTCC  ?= cc
BUILD   ?= build
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
V ?= 0
Q := $(if $(filter 1,$(V)),,@)

# ---- kernel flags, grouped by purpose --------------------------------------
# Freestanding, but with the compiler's own stdint/stddef/stdbool/stdarg.
GCC_INC := $(shell $(CC) -print-file-name=include)
DFLAGS  := -DPV_VERSION='"$(VERSION)"' -DPV_KERNEL
IFLAGS  := -nostdinc -isystem $(GCC_INC) -I.
FFLAGS  := -std=gnu11 -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
           -fno-builtin -fno-common -fno-asynchronous-unwind-tables \
           -mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-80387 \
           -mcmodel=small -m64 -O2 -g
WFLAGS  := -Wall -Wextra -Werror -Wshadow -Wcast-align -Wcast-qual \
           -Wwrite-strings -Wstrict-prototypes -Wmissing-prototypes
DEPFLAGS = -MP -MMD
AFLAGS  := -D__ASSEMBLER__
LDFLAGS := -nostdlib -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments

CFLAGS_K = $(DFLAGS) $(IFLAGS) $(FFLAGS) $(WFLAGS) $(DEPFLAGS)

# ---- sources ----------------------------------------------------------------
# Folders by kind of code (docs/design.md): lib/ freestanding library, pure/
# and */pure/ pure parsers and decisions, arch/x86/ hardware access, kernel/
# services, vmx/ the VT-x backend, core/ the orchestration.
KSRCS := $(wildcard boot/*.S) \
         $(wildcard lib/*.c pure/*.c kernel/*.c) \
         $(wildcard arch/x86/*.c arch/x86/*.S) \
         $(wildcard vmx/*.c vmx/*.S vmx/pure/*.c vmx/checks/*.c vmx/checks/*.S) \
         $(wildcard svm/*.c svm/*.S svm/pure/*.c svm/checks/*.c svm/checks/*.S) \
         $(wildcard core/*.c) \
         $(wildcard guest/*.c guest/*.S guest/checks/*.c)
# The screen console's font, generated from a PSF console font (docs/console.md).
FONT_PSF ?= /usr/share/consolefonts/Uni2-VGA16.psf.gz
FONT_C   := $(BUILD)/gen/font8x16.c
KSRCS += $(FONT_C)
# Pure code that only the host tools use (the fleet table and its JSON reader)
# stays out of the image.
HOST_ONLY_SRCS := lib/jread.c pure/fleet.c
KSRCS := $(filter-out $(HOST_ONLY_SRCS),$(KSRCS))
KOBJS := $(patsubst %,$(BUILD)/k/%.o,$(KSRCS))

# Pure, host-testable sources: compiled unchanged into host tests and tools.
# They are exactly the folders that say so: lib/, pure/ and every */pure/.
PURE_SRCS := $(wildcard lib/*.c pure/*.c */pure/*.c) $(FONT_C)

# The final screen's QR encoder: Debian's libqrcodegen-dev, linked as shipped (kernel/qr.c).
QRCODEGEN_A   ?= /usr/lib/x86_64-linux-gnu/libqrcodegen.a
QRCODEGEN_INC ?= /usr/include/qrcodegen
QRCODEGEN_OK  := $(BUILD)/qrcodegen.checked

ELF := $(BUILD)/picovisor.elf
ISO := $(BUILD)/picovisor.iso

.PHONY: all iso run test unit bench deps clean tools usb testdata fuzz fuzz-build fuzz-short pxe
all: $(ELF) $(ISO) tools

$(FONT_C): tools/psf2c.py
	@mkdir -p $(dir $@)
	@test -f $(FONT_PSF) || { echo "$(FONT_PSF) missing: make deps (Debian console-setup-linux)"; exit 1; }
	@echo "  FONT    $@"
	$(Q)python3 tools/psf2c.py $(FONT_PSF) $@

$(BUILD)/k/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_K) -c $< -o $@

$(BUILD)/k/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(CFLAGS_K) $(AFLAGS) -c $< -o $@

$(BUILD)/k/kernel/qr.c.o: CFLAGS_K += -isystem $(QRCODEGEN_INC)

# Only code paths without SSE may run (CR4.OSFXSR is clear): checked on every link.
$(QRCODEGEN_OK): $(QRCODEGEN_A) tools/check-qrcodegen.py
	@test -f $(QRCODEGEN_A) || { echo "$(QRCODEGEN_A) missing: make deps (Debian libqrcodegen-dev)"; exit 1; }
	@mkdir -p $(dir $@)
	$(Q)python3 tools/check-qrcodegen.py $(QRCODEGEN_A) qrcodegen_encodeBinary \
		qrcodegen_getSize qrcodegen_getModule >$@ || { cat $@; rm -f $@; exit 1; }

$(ELF): $(KOBJS) linker.ld $(QRCODEGEN_OK)
	@echo "  LD      $@"
	$(Q)$(LD) $(LDFLAGS) -T linker.ld -o $@ $(KOBJS) $(QRCODEGEN_A)
	@grub-file --is-x86-multiboot2 $@ || { echo "$@: not a multiboot2 image"; rm -f $@; exit 1; }

$(ISO): $(ELF) boot/grub.cfg
	@rm -rf $(BUILD)/isodir && mkdir -p $(BUILD)/isodir/boot/grub
	@cp $(ELF) $(BUILD)/isodir/boot/picovisor.elf
	@cp boot/grub.cfg $(BUILD)/isodir/boot/grub/grub.cfg
	@echo "  ISO     $@"
	$(Q)grub-mkrescue -o $@ $(BUILD)/isodir >$(BUILD)/grub-mkrescue.log 2>&1 || { cat $(BUILD)/grub-mkrescue.log; exit 1; }

iso: $(ISO)

# ---- network boot: a TFTP root for BIOS PXE and UEFI (docs/pxe.md) -----------------
# grub-mknetdir puts GRUB's network images under boot/grub/: i386-pc/core.0 (BIOS PXE)
# and x86_64-efi/core.efi (UEFI); they load boot/grub/grub.cfg over TFTP from the
# server that booted them. PXE_CMDLINE: the kernel command line of its menu entry.
PXE     := $(BUILD)/pxe
PXE_CMDLINE ?=
pxe: $(ELF) boot/pxe.cfg.in
	@echo "  PXE     $(PXE)"
	$(Q)bash -c '. tools/emu.sh && emu_make_pxe "$$1" "$$2" "$$3"' pxe $(ELF) $(PXE) \
		"$(PXE_CMDLINE)" >$(BUILD)/grub-mknetdir.log 2>&1 || { cat $(BUILD)/grub-mknetdir.log; exit 1; }

# ---- host builds: unit tests and tools ---------------------------------------
HOST_CFLAGS := -std=gnu11 -I. -O1 -g -Wall -Wextra -Werror -Wshadow \
               -Wwrite-strings -DPV_VERSION='"$(VERSION)"' -DPV_HOST
SAN_FLAGS   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

HDRS := $(wildcard */*.h */*/*.h)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/host/%,$(UNIT_SRCS))
SAN_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/host-san/%,$(UNIT_SRCS))
TOOL_SRCS := $(wildcard tools/*.c)
TOOL_BINS := $(patsubst tools/%.c,$(BUILD)/tools/%,$(TOOL_SRCS))

# The pure sources are compiled once per flavour into an archive that every
# unit test and tool links (plain, and with ASan+UBSan for the tests).
HOST_OBJS := $(patsubst %.c,$(BUILD)/host/obj/%.o,$(PURE_SRCS))
SAN_OBJS  := $(patsubst %.c,$(BUILD)/host-san/obj/%.o,$(PURE_SRCS))

$(BUILD)/host/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@

$(BUILD)/host-san/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $< (asan+ubsan)"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(BUILD)/host/libpure.a: $(HOST_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/host-san/libpure.a: $(SAN_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/host/%: tests/unit/%.c $(BUILD)/host/libpure.a $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $< $(BUILD)/host/libpure.a -lcmocka

$(BUILD)/host-san/%: tests/unit/%.c $(BUILD)/host-san/libpure.a $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@ (asan+ubsan)"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(SAN_FLAGS) -o $@ $< $(BUILD)/host-san/libpure.a -lcmocka

$(BUILD)/tools/%: tools/%.c $(BUILD)/host/libpure.a $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $< $(BUILD)/host/libpure.a

tools: $(TOOL_BINS)
unit: $(UNIT_BINS) $(SAN_BINS)

# ---- fuzzing: libFuzzer targets of the pure parsers (tests/fuzz, docs/HACKING.md) --
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer
FUZZ_BINS    := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

$(BUILD)/fuzz/libpure.a: $(PURE_SRCS) $(HDRS)
	@rm -rf $(BUILD)/fuzz/obj && mkdir -p $(BUILD)/fuzz/obj
	@echo "  FUZZCC  pure sources -> $@"
	$(Q)for f in $(PURE_SRCS); do $(FUZZ_CC) $(HOST_CFLAGS) $(FUZZ_FLAGS) -c $$f \
		-o $(BUILD)/fuzz/obj/$$(echo $$f | tr / _).o || exit 1; done
	$(Q)rm -f $@ && ar rcs $@ $(BUILD)/fuzz/obj/*.o

$(BUILD)/fuzz/%: tests/fuzz/%.c $(BUILD)/fuzz/libpure.a
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(HOST_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/fuzz/libpure.a

fuzz-build: $(FUZZ_BINS)
fuzz:
	@BUILD=$(BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh
fuzz-short:
	@BUILD=$(BUILD) FUZZ_SECONDS=3 tests/fuzz/run.sh

# ---- running and testing ------------------------------------------------------
run: $(ISO)
	@EMU=$(EMU) CPUS=$(CPUS) ARGS="$(ARGS)" tools/run.sh $(ISO)

# The build first, one compiler per host core, then every test.
test:
	@$(MAKE) --no-print-directory -j$$(nproc 2>/dev/null || echo 2) all unit
	@tests/run.sh

bench: all
	@tools/bench-smp.sh
	@if [ -x tools/bench.sh ]; then tools/bench.sh; fi

deps:
	@tools/deps.sh

# Regenerate tests/unit/data/vmx-msrs from Bochs boots (tests/unit/data/README.md).
testdata: all
	@BUILD=$(BUILD) tools/regen-msrs.sh

usb: $(ISO)
	@tools/usb.sh $(ISO) $(DEV)

clean:
	rm -rf $(BUILD)

-include $(KOBJS:.o=.d)
