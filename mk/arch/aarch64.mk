# aarch64 (QEMU virt, the Raspberry Pi 3): what the Makefile's portable
# rules take from the arch.  Only the machine layer runs on aarch64 so
# far, in a bring-up image (mk/aarch64.mk, docs/aarch64.md): `make
# ARCH=aarch64` builds that; the portable kernel and the user land do
# not build for aarch64 yet.
ARCH_TRIPLE := aarch64-unknown-none-elf
ARCH_CFLAGS := -mgeneral-regs-only -mstrict-align
ARCH_KCFLAGS := $(ARCH_CFLAGS) -mcmodel=small
ARCH_KLIB :=
ARCH_ALL = aarch64-bringup
