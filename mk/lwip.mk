# lwIP, the net service's TCP/IP stack (docs/net.md, "lwIP"): Debian's
# source package, fetched and unpacked into LWIP_DIR by tools/lwip.sh
# (`make deps` runs it, and so does the first build that needs it), and
# built here with the programs' flags and the service's port headers
# (services/net/port: lwipopts.h and arch/cc.h).  Only the files the
# service uses: the core, IPv4 and Ethernet.  Included before
# mk/programs.mk, which links LWIP_OBJ into services/net.
LWIP_DIR ?= deps/lwip
LWIP_FILES := core/init.c core/def.c core/dns.c core/inet_chksum.c \
	core/ip.c core/mem.c core/memp.c core/netif.c core/pbuf.c \
	core/raw.c core/stats.c core/sys.c core/tcp.c core/tcp_in.c \
	core/tcp_out.c core/timeouts.c core/udp.c \
	core/ipv4/dhcp.c core/ipv4/etharp.c core/ipv4/icmp.c \
	core/ipv4/ip4.c core/ipv4/ip4_addr.c core/ipv4/ip4_frag.c \
	netif/ethernet.c
LWIP_SRCS := $(addprefix $(LWIP_DIR)/src/,$(LWIP_FILES))
LWIP_OBJ := $(patsubst %,$(BUILD)/lwip/%.o,$(LWIP_FILES))
LWIP_INC := -isystem $(LWIP_DIR)/src/include -Iservices/net/port

$(LWIP_DIR)/.unpacked:
	tools/lwip.sh $(LWIP_DIR)
	touch $@
$(LWIP_SRCS): | $(LWIP_DIR)/.unpacked ;

# lwIP is not ours: the programs' flags, with the warnings it is known to
# raise under -Wextra switched off (unused parameters in its callbacks).
$(BUILD)/lwip/%.c.o: $(LWIP_DIR)/src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (lwIP)"
	$(Q)$(CC) $(PCFLAGS) $(LWIP_INC) -Wno-unused-parameter -MMD -MP \
		-c $< -o $@

# -MMD leaves out what lwIP's system headers include, our port's too:
# name them, so that a changed option rebuilds lwIP.
LWIP_PORT_HDR := services/net/port/lwipopts.h services/net/port/arch/cc.h
$(LWIP_OBJ): $(LWIP_PORT_HDR)

# The service's own files see lwIP's headers too.
$(BUILD)/p/services/net/%.c.o: PCFLAGS += $(LWIP_INC)
$(BUILD)/p/services/net/%.c.o: $(LWIP_PORT_HDR)

-include $(LWIP_OBJ:.o=.d)
