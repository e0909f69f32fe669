/*
 * netbench's hooks for Linux, where it is the /init of
 * ../shared/bench-linux/run.sh: tools/bench-linux-net.sh builds it with
 * gcc -static beside programs/netbench/main.c.  (It lives here, not in
 * programs/netbench, because it is Linux code.)  As process 1 it mounts
 * /proc and devtmpfs, loads the virtio modules run.sh put in /modules,
 * gives eth0 the address QEMU's user network hands out (10.0.2.15/24,
 * set here rather than by DHCP: nothing else then runs) and starts
 * Debian's busybox httpd on port 80 over /www, the web server the figures
 * compare with Cairn's httpd.  Ping uses a raw ICMP socket.  At the end
 * it stops httpd, prints LBENCH_DONE and powers off.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netbench.h"
#include "init_common.h"

#define BUSYBOX "/bin/busybox"
#define NIC	"eth0"
#define ADDR	"10.0.2.15"
#define MASK	"255.255.255.0"
#define PING_ID 0xCA1B

static pid_t httpd = -1;

static int
failed(const char *what)
{
	printf("LBENCH_ERROR %s: %s\n", what, strerror(errno));
	return -1;
}

/* Set one of the interface's addresses (SIOCSIFADDR, SIOCSIFNETMASK). */
static int
set_addr(int s, const char *nic, unsigned long request, const char *text)
{
	struct ifreq r = {0};
	struct sockaddr_in *a = (struct sockaddr_in *)&r.ifr_addr;

	snprintf(r.ifr_name, sizeof(r.ifr_name), "%s", nic);
	a->sin_family = AF_INET;
	inet_pton(AF_INET, text, &a->sin_addr);
	return ioctl(s, request, &r);
}

static int
bring_up(int s, const char *nic)
{
	struct ifreq r = {0};

	snprintf(r.ifr_name, sizeof(r.ifr_name), "%s", nic);
	if (ioctl(s, SIOCGIFFLAGS, &r) != 0) {
		return -1;
	}
	r.ifr_flags |= IFF_UP | IFF_RUNNING;
	return ioctl(s, SIOCSIFFLAGS, &r);
}

/* lo and eth0 up, eth0 with its address; eth0 appears once virtio-net
 * has probed the device. */
static int
configure(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	for (int i = 0; i < 1000 && if_nametoindex(NIC) == 0; i++) {
		usleep(10000);
	}
	if (s < 0 || bring_up(s, "lo") != 0 ||
	    set_addr(s, NIC, SIOCSIFADDR, ADDR) != 0 ||
	    set_addr(s, NIC, SIOCSIFNETMASK, MASK) != 0 ||
	    bring_up(s, NIC) != 0) {
		return failed("configure " NIC);
	}
	close(s);
	return 0;
}

int
netbench_setup(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (linux_init_start() != 0 || configure() != 0) {
		return -1;
	}
	httpd = fork();
	if (httpd == 0) {
		execl(BUSYBOX, "busybox", "httpd", "-f", "-p", "80", "-h",
		      "/www", (char *)NULL);
		_exit(127);
	}
	return httpd < 0 ? failed("fork") : 0;
}

uint64_t
netbench_clock(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return (uint64_t)hi << 32 | lo;
}

static uint16_t
checksum(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < n; i += 2) {
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	}
	if (n & 1) {
		sum += (uint32_t)b[n - 1] << 8;
	}
	while (sum >> 16) {
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return htons((uint16_t)~sum);
}

int
netbench_ping(uint32_t addr, uint16_t seq, uint64_t *ticks)
{
	static int s = -1;
	struct sockaddr_in to = {.sin_family = AF_INET};
	uint8_t out[sizeof(struct icmphdr) + 56] = {0}, in[1500];
	struct icmphdr *h = (struct icmphdr *)out;
	struct pollfd p;

	if (s < 0 && (s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) < 0) {
		return -1;
	}
	to.sin_addr.s_addr = htonl(addr);
	h->type = ICMP_ECHO;
	h->un.echo.id = htons(PING_ID);
	h->un.echo.sequence = htons(seq);
	h->checksum = checksum(out, sizeof(out));
	uint64_t t0 = netbench_clock();
	if (sendto(s, out, sizeof(out), 0, (struct sockaddr *)&to,
		   sizeof(to)) != (ssize_t)sizeof(out)) {
		return -1;
	}
	p.fd = s;
	p.events = POLLIN;
	while (poll(&p, 1, 1000) == 1) {
		ssize_t n = recv(s, in, sizeof(in), 0);
		struct iphdr *ip = (struct iphdr *)in;
		if (n < (ssize_t)sizeof(*ip) ||
		    n < ip->ihl * 4 + (ssize_t)sizeof(*h)) {
			continue;
		}
		struct icmphdr *r = (struct icmphdr *)(in + ip->ihl * 4);
		if (r->type == ICMP_ECHOREPLY &&
		    r->un.echo.id == htons(PING_ID) &&
		    r->un.echo.sequence == htons(seq)) {
			*ticks = netbench_clock() - t0;
			return 0;
		}
	}
	return -1;
}

int
netbench_done(int status)
{
	if (httpd > 0) {
		kill(httpd, SIGTERM);
		waitpid(httpd, NULL, 0);
	}
	printf("netbench: %s\n", status == 0 ? "done" : "failed");
	if (status == 0) {
		printf("LBENCH_DONE\n");
	}
	sync();
	reboot(RB_POWER_OFF);
	return status;
}
