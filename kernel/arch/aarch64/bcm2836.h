/*
 * bcm2836: the Raspberry Pi 3's interrupt controllers: the BCM2836
 * per-core block (QA7), which carries each core's generic-timer
 * interrupts, and the BCM2835 controller of the peripherals, whose
 * pending interrupts reach the cores through the per-core block's GPU
 * source.
 */
#ifndef CAIRN_A64_BCM2836_H
#define CAIRN_A64_BCM2836_H

#include <stdbool.h>

/*
 * The line numbers: 0-63 the BCM2835's GPU lines, 64-71 its basic ones,
 * then core 0's four per-core timer sources (CNTPS, CNTPNS, CNTHP, CNTV)
 * as 72-75, of which only the virtual timer's is a device line (user
 * land's timer service takes it; the kernel keeps CNTPNS).
 */
#define BCM_LINE_CNTV 75

/*
 * Disable every peripheral interrupt and every per-core source but the
 * EL1 physical timer's of core 0.  Returns the number of peripheral
 * interrupts (64 + the 8 basic ones).
 */
unsigned bcm_init(void);

/*
 * Open (masked false) or close interrupt line: 0-63 the GPU's (the
 * BCM2835's pending registers 1 and 2), 64-71 the basic ones,
 * BCM_LINE_CNTV core 0's virtual timer (the per-core block's control).
 */
void bcm_mask(unsigned line, bool masked);

/*
 * Hand each pending source of core 0 to its driver: the timer's to the
 * timer, the virtual timer's and each pending peripheral line to device,
 * if it is not NULL.
 * Every line is level-sensitive: device closes it (bcm_mask) until the
 * device is served, or it interrupts again at once.
 */
void bcm_dispatch(void (*device)(unsigned line));

#endif
