# The PCI library (lib/pci*.c, docs/pci.md): each host test
# tests/unit/test_pci*.c links all of it, the simulated configuration
# space and the simulated machines (tests/unit/pci_sim.c,
# pci_machines.c).  The fuzz target links the same (mk/fuzz.mk).
# Included by the Makefile.

PCI_SRC := $(wildcard lib/pci*.c)
PCI_SIM := tests/unit/pci_sim.c tests/unit/pci_machines.c
PCI_UNITS := $(patsubst tests/unit/test_%.c,%, \
	$(wildcard tests/unit/test_pci*.c))
$(foreach t,$(PCI_UNITS),$(eval UNIT_EXTRA_$(t) := \
	$(filter-out lib/$(t).c,$(PCI_SRC)) $(PCI_SIM)))
$(patsubst %,$(BUILD)/tests/test_%,$(PCI_UNITS)) \
$(patsubst %,$(BUILD)/san/test_%,$(PCI_UNITS)): $(PCI_SRC) $(PCI_SIM) \
	tests/unit/pci_sim.h tests/unit/pci_machines.h

# The manifest's and boot.conf's `pci` lines are read by pci_match.
UNIT_EXTRA_manifest_parse := lib/pci_match.c
UNIT_EXTRA_bootconf := lib/pci_match.c
$(BUILD)/tests/test_manifest_parse $(BUILD)/tests/test_bootconf \
$(BUILD)/san/test_manifest_parse $(BUILD)/san/test_bootconf: lib/pci_match.c
# init's choice of a driver's PCI function (services/init/pciclaim.c).
INIT_UNIT_EXTRA_pciclaim := lib/pci_match.c
