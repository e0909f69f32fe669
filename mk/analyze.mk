# Static analysis: `make analyze` runs cppcheck and clang-tidy over every
# C file (tools/analyze.sh; checks in .clang-tidy and tools/cppcheck.supp)
# and fails on any finding.  Included by the Makefile.

.PHONY: analyze
# The compile database is made afresh, so that new files are analysed.
analyze: deps
	$(Q)$(MAKE) -B --no-print-directory BUILD=$(BUILD) \
		$(BUILD)/compile_commands.json
	tools/analyze.sh $(BUILD)
